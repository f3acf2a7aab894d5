/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * What the decoder refuses, so that the core injects a fault instead of guessing: other opcodes
 * (-HV_ENOSYS), LOCK/REP, register operands, C6/C7 /1-7, over-long instructions (-HV_EINVAL),
 * truncated bytes (-HV_ERANGE). A refusal leaves *out untouched; no byte past those given is read
 * (decode_exact hands the decoder an exact-size heap copy, under ASan).
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>
#include <cmocka.h>

#include <hvkit/errno.h>
#include <insn_decode/mmio_insn.h>

#include "insn_case.h"

#define M16 MMIO_MODE_16
#define M32 MMIO_MODE_32
#define M64 MMIO_MODE_64
#define REFUSED(t, rc) check_refused((t), sizeof(t) / sizeof((t)[0]), (rc))

static void other_memory_instructions_are_not_emulated(void **state)
{
	(void)state;
	static const struct insn_case t[] = {
		{ "movsb", M64, BYTES(0xa4) },
		{ "movsd", M32, BYTES(0xa5) },
		{ "stosb", M64, BYTES(0xaa) },
		{ "stosq", M64, BYTES(0x48, 0xab) },
		{ "lodsd", M32, BYTES(0xad) },
		{ "and [rdi], eax", M64, BYTES(0x21, 0x07) },
		{ "or [rdi], eax", M64, BYTES(0x09, 0x07) },
		{ "or dword [rdi], imm8", M64, BYTES(0x83, 0x0f, 0x01) },
		{ "and byte [edi], imm8", M32, BYTES(0x80, 0x27, 0x01) },
		{ "xchg [rdi], eax", M64, BYTES(0x87, 0x07) },
		{ "xchg [rdi], al", M64, BYTES(0x86, 0x07) },
		{ "test [rdi], eax", M64, BYTES(0x85, 0x07) },
		{ "cmp [rdi], eax", M64, BYTES(0x39, 0x07) },
		{ "add [bx], ax", M16, BYTES(0x01, 0x07) },
		{ "push [rdi]", M64, BYTES(0xff, 0x37) },
		{ "inc dword [rdi]", M64, BYTES(0xff, 0x07) },
		{ "movsxd rax, [rdi]", M64, BYTES(0x48, 0x63, 0x07) },
		{ "mov [rdi], es", M64, BYTES(0x8c, 0x07) },
		{ "mov es, [rdi]", M64, BYTES(0x8e, 0x07) },
		{ "lea eax, [rdi]", M64, BYTES(0x8d, 0x07) },
		{ "movnti [rdi], eax", M64, BYTES(0x0f, 0xc3, 0x07) },
		{ "movups [rdi], xmm0", M64, BYTES(0x0f, 0x11, 0x07) },
		{ "movd [rdi], xmm0", M64, BYTES(0x66, 0x0f, 0x7e, 0x07) },
		{ "movbe eax, [rdi]", M64, BYTES(0x0f, 0x38, 0xf0, 0x07) },
		{ "cmpxchg [rdi], ecx", M64, BYTES(0x0f, 0xb1, 0x0f) },
		{ "vmovd [rdi], xmm0 (VEX C5)", M64, BYTES(0xc5, 0xf9, 0x7e, 0x07) },
		{ "vmovdqu [rdi], ymm0 (VEX C4)", M64, BYTES(0xc4, 0xe1, 0x7e, 0x7f, 0x07) },
		{ "vmovdqu32 [rdi], zmm0 (EVEX)", M64, BYTES(0x62, 0xf1, 0x7e, 0x48, 0x7f, 0x07) },
		{ "fld dword [rdi]", M64, BYTES(0xd9, 0x07) },
		{ "fst qword [edi]", M32, BYTES(0xdd, 0x17) },
		{ "32-bit mode: 40 is INC EAX, not REX", M32, BYTES(0x40, 0x88, 0x27) },
		{ "16-bit mode: 48 is DEC AX, not REX.W", M16, BYTES(0x48, 0x89, 0x07) },
		{ "ud2", M64, BYTES(0x0f, 0x0b) },
		{ "0f b8 (not MOVZX/MOVSX)", M64, BYTES(0x0f, 0xb8, 0x07) },
		{ "0f b5 (LGS)", M64, BYTES(0x0f, 0xb5, 0x07) },
		{ "0f c0 (XADD)", M64, BYTES(0x0f, 0xc0, 0x07) },
	};
	REFUSED(t, -HV_ENOSYS);
}

/* LOCK MOV is #UD (SDM Vol. 2B LOCK); REP/REPNE/XRELEASE MOV are not emulated. */
static void lock_and_rep_prefixes_are_refused(void **state)
{
	(void)state;
	static const struct insn_case t[] = {
		{ "lock mov [rdi], eax", M64, BYTES(0xf0, 0x89, 0x07) },
		{ "66 lock mov", M64, BYTES(0x66, 0xf0, 0x89, 0x07) },
		{ "lock REX.W mov", M64, BYTES(0xf0, 0x48, 0x89, 0x07) },
		{ "lock mov imm", M32, BYTES(0xf0, 0xc7, 0x07, 1, 0, 0, 0) },
		{ "lock movzx", M16, BYTES(0xf0, 0x0f, 0xb6, 0x07) },
		{ "lock movsb", M64, BYTES(0xf0, 0xa4) },
		{ "xrelease mov [rdi], eax", M64, BYTES(0xf3, 0x89, 0x07) },
		{ "repne mov al, [rdi]", M64, BYTES(0xf2, 0x8a, 0x07) },
		{ "rep movsd", M32, BYTES(0xf3, 0xa5) },
		{ "rep stosq", M64, BYTES(0xf3, 0x48, 0xab) },
	};
	REFUSED(t, -HV_EINVAL);
}

/* ModRM.mod = 11 names a register: no memory access, so no MMIO exit can come from it. */
static void register_operands_where_memory_is_required_are_refused(void **state)
{
	(void)state;
	static const struct insn_case t[] = {
		{ "mov eax, eax (89)", M64, BYTES(0x89, 0xc0) },
		{ "mov eax, eax (8b)", M32, BYTES(0x8b, 0xc0) },
		{ "mov al, ah (88)", M64, BYTES(0x88, 0xe0) },
		{ "mov ah, al (8a)", M16, BYTES(0x8a, 0xe0) },
		{ "mov r15, r8", M64, BYTES(0x4d, 0x89, 0xc7) },
		{ "mov al, imm8", M64, BYTES(0xc6, 0xc0, 0x12) },
		{ "mov eax, imm32", M32, BYTES(0xc7, 0xc0, 1, 2, 3, 4) },
		{ "xabort imm8 (c6 f8)", M64, BYTES(0xc6, 0xf8, 0x01) },
		{ "xbegin rel32 (c7 f8)", M64, BYTES(0xc7, 0xf8, 0, 0, 0, 0) },
		{ "movzx eax, al", M64, BYTES(0x0f, 0xb6, 0xc0) },
		{ "movzx eax, ax", M32, BYTES(0x0f, 0xb7, 0xc0) },
		{ "movsx eax, al", M64, BYTES(0x0f, 0xbe, 0xc0) },
		{ "movsx rax, ax", M64, BYTES(0x48, 0x0f, 0xbf, 0xc0) },
	};
	REFUSED(t, -HV_EINVAL);
}

/* C6 and C7 are MOV only with ModRM.reg = 0 (SDM Vol. 2A Table A-6, group 11). */
static void c6_c7_with_reg_field_other_than_0_are_refused(void **state)
{
	(void)state;
	static const struct insn_case t[] = {
		{ "c6 /1", M64, BYTES(0xc6, 0x0f, 0x12) },
		{ "c6 /7 memory", M64, BYTES(0xc6, 0x3f, 0x12) },
		{ "c7 /2", M32, BYTES(0xc7, 0x17, 1, 2, 3, 4) },
		{ "c7 /7 memory", M16, BYTES(0xc7, 0x3f, 1, 2) },
	};
	REFUSED(t, -HV_EINVAL);
}

/* SDM Vol. 2A 2.3.11: more than 15 bytes is #GP, whatever follows. */
static void instructions_longer_than_15_bytes_are_refused(void **state)
{
	(void)state;
	static const struct insn_case t[] = {
		{ "14 prefixes + 89 00", M64,
		  BYTES(0x3e, 0x3e, 0x3e, 0x3e, 0x3e, 0x3e, 0x3e, 0x3e, 0x3e, 0x3e, 0x3e, 0x3e, 0x3e, 0x3e, 0x89) },
		{ "15 prefixes", M32,
		  BYTES(0x66, 0x66, 0x66, 0x66, 0x66, 0x66, 0x66, 0x66, 0x66, 0x66, 0x66, 0x66, 0x66, 0x66, 0x66) },
		{ "prefixes + c7 disp32 imm32 = 16", M64,
		  BYTES(0x2e, 0x65, 0x66, 0x67, 0x48, 0xc7, 0x84, 0x24, 1, 2, 3, 4, 5, 6, 7) }, /* imm32's last byte would be the 16th */
	};
	struct mmio_insn out;
	uint8_t longer[32];

	REFUSED(t, -HV_EINVAL);
	/* More bytes given changes nothing: the 16th is never read. */
	memset(longer, 0x3e, sizeof(longer));
	longer[14] = 0x89;
	longer[15] = 0x00;
	assert_int_equal(decode_exact(longer, sizeof(longer), M64, &out), -HV_EINVAL);
}

/* Every strict prefix of a valid instruction is truncated: -HV_ERANGE, and no read past it. */
static void every_truncation_of_a_valid_instruction_is_refused(void **state)
{
	(void)state;
	static const struct insn_case t[] = {
		{ "64 mov qword [r12+rax*2+disp32], imm32", M64,
		  BYTES(0x65, 0x49, 0xc7, 0x84, 0x44, 1, 2, 3, 4, 5, 6, 7, 8) },
		{ "64 mov rax, moffs64", M64, BYTES(0x48, 0xa1, 1, 2, 3, 4, 5, 6, 7, 8) },
		{ "64 movsx r9, word [rip+disp32]", M64, BYTES(0x4c, 0x0f, 0xbf, 0x0d, 1, 2, 3, 4) },
		{ "32 mov [disp32], ecx via SIB", M32, BYTES(0x89, 0x0c, 0x25, 1, 2, 3, 4) },
		{ "16 mov word [bp+disp16], imm16", M16, BYTES(0x66, 0xc7, 0x86, 1, 2, 3, 4, 5, 6) },
		{ "16 a32 mov [esp+disp8], ax", M16, BYTES(0x67, 0x89, 0x44, 0x24, 0x08) },
		{ "32 mov byte [edi+disp8], imm8", M32, BYTES(0xc6, 0x47, 0x08, 0xff) },
	};
	unsigned int failed = 0;

	for (size_t i = 0; i < sizeof(t) / sizeof(t[0]); i++) {
		struct mmio_insn out;

		assert_int_equal(decode_exact(t[i].bytes, t[i].n, t[i].mode, &out), 0);
		assert_int_equal(out.len, t[i].n);
		for (size_t n = 0; n < t[i].n; n++) {
			struct insn_case cut = t[i];

			cut.n = n;
			memset(&out, 0x77, sizeof(out));
			int rc = decode_exact(cut.bytes, n, cut.mode, &out);
			if (rc != -HV_ERANGE) {
				print_error("case \"%s\" cut to %zu bytes: rc %d\n", t[i].name, n, rc);
				failed++;
			}
		}
	}
	assert_int_equal(failed, 0);
}

static void bad_arguments_are_refused(void **state)
{
	(void)state;
	static const uint8_t mov[] = { 0x89, 0x07 };
	struct mmio_insn out;

	memset(&out, 0x33, sizeof(out));
	assert_int_equal(mmio_insn_decode(NULL, 2, M64, &out), -HV_EINVAL);
	assert_int_equal(mmio_insn_decode(mov, 2, M64, NULL), -HV_EINVAL);
	assert_int_equal(mmio_insn_decode(mov, 2, (enum mmio_cpu_mode)3, &out), -HV_EINVAL);
	assert_int_equal(mmio_insn_decode(mov, 2, (enum mmio_cpu_mode)-1, &out), -HV_EINVAL);
	assert_int_equal(out.len, 0x33333333u);
	assert_int_equal(mmio_insn_decode(mov, 0, M64, &out), -HV_ERANGE);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(other_memory_instructions_are_not_emulated),
		cmocka_unit_test(lock_and_rep_prefixes_are_refused),
		cmocka_unit_test(register_operands_where_memory_is_required_are_refused),
		cmocka_unit_test(c6_c7_with_reg_field_other_than_0_are_refused),
		cmocka_unit_test(instructions_longer_than_15_bytes_are_refused),
		cmocka_unit_test(every_truncation_of_a_valid_instruction_is_refused),
		cmocka_unit_test(bad_arguments_are_refused),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}

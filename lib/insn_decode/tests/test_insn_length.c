/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Instruction lengths over every ModRM/SIB/displacement form (SDM Vol. 2A 2.1.5 Tables 2-1..2-3,
 * 2.2.1.6 RIP-relative, Table 2-5 REX special cases) and the 67 prefix that switches between them.
 * The tables give the bytes of each instruction exactly; check_cases also decodes them followed by
 * other bytes, so a length that is too short or too long fails.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <insn_decode/mmio_insn.h>

#include "insn_case.h"

#define M16 MMIO_MODE_16
#define M32 MMIO_MODE_32
#define M64 MMIO_MODE_64
#define ST4 .want = { .write = true, .size = 4, .src = MMIO_SRC_REG, .reg = 0 }
#define ST2 .want = { .write = true, .size = 2, .src = MMIO_SRC_REG, .reg = 0 }
#define CHECK_CASES(t) check_cases((t), sizeof(t) / sizeof((t)[0]))
#define D32 0x78, 0x56, 0x34, 0x12

/* 32-bit addressing, in 32-bit mode and (the same table) in 64-bit mode; `mov [..], eax` (89 /0). */
#define ADDR32_CASES(M)                                                                                        \
	{ #M " mod00 r/m000 [eax]", M, BYTES(0x89, 0x00), ST4 },                                               \
	{ #M " mod00 r/m011 [ebx]", M, BYTES(0x89, 0x03), ST4 },                                               \
	{ #M " mod00 r/m110 [esi]", M, BYTES(0x89, 0x06), ST4 },                                               \
	{ #M " mod00 r/m100 SIB [esp]", M, BYTES(0x89, 0x04, 0x24), ST4 },                                     \
	{ #M " mod00 r/m100 SIB [eax+ecx*8]", M, BYTES(0x89, 0x04, 0xc8), ST4 },                               \
	{ #M " mod00 r/m100 SIB base101: disp32, no base", M, BYTES(0x89, 0x04, 0x25, D32), ST4 },             \
	{ #M " mod00 r/m100 SIB base101 index: [ecx*4+disp32]", M, BYTES(0x89, 0x04, 0x8d, D32), ST4 },        \
	{ #M " mod00 r/m101: disp32 (RIP-relative in 64-bit mode)", M, BYTES(0x89, 0x05, D32), ST4 },          \
	{ #M " mod01 r/m000 [eax+disp8]", M, BYTES(0x89, 0x40, 0xd8), ST4 },                                   \
	{ #M " mod01 r/m101 [ebp+disp8]", M, BYTES(0x89, 0x45, 0x08), ST4 },                                   \
	{ #M " mod01 r/m100 SIB [esp+disp8]", M, BYTES(0x89, 0x44, 0x24, 0x08), ST4 },                         \
	{ #M " mod01 r/m100 SIB base101 [ebp+disp8]", M, BYTES(0x89, 0x44, 0x25, 0x08), ST4 },                 \
	{ #M " mod10 r/m000 [eax+disp32]", M, BYTES(0x89, 0x80, D32), ST4 },                                   \
	{ #M " mod10 r/m101 [ebp+disp32]", M, BYTES(0x89, 0x85, D32), ST4 },                                   \
	{ #M " mod10 r/m100 SIB [esp+disp32]", M, BYTES(0x89, 0x84, 0x24, D32), ST4 },                         \
	{ #M " mod10 r/m100 SIB base101 [ebp+esi*2+disp32]", M, BYTES(0x89, 0x84, 0x75, D32), ST4 }

static void modrm_sib_and_displacement_forms_of_32_bit_addressing(void **state)
{
	(void)state;
	static const struct insn_case t[] = { ADDR32_CASES(M32), ADDR32_CASES(M64) };
	CHECK_CASES(t);
}

/* SDM Vol. 2A Table 2-5: REX.B does not make r/m=100 (r12) or mod00 r/m=101 (r13) different lengths. */
static void rex_b_and_x_never_change_the_length(void **state)
{
	(void)state;
	static const struct insn_case t[] = {
		{ "REX.B r/m100 still has a SIB: [r12]", M64, BYTES(0x41, 0x89, 0x04, 0x24), ST4 },
		{ "REX.B mod00 r/m101 is still RIP+disp32", M64, BYTES(0x41, 0x89, 0x05, D32), ST4 },
		{ "REX.B SIB base101 mod00 still disp32", M64, BYTES(0x41, 0x89, 0x04, 0x25, D32), ST4 },
		{ "REX.B mod01 r/m101 [r13+disp8]", M64, BYTES(0x41, 0x89, 0x45, 0x08), ST4 },
		{ "REX.X index100 is r12, not 'no index'", M64, BYTES(0x42, 0x89, 0x04, 0x24), ST4 },
		{ "REX.XB mod10 SIB", M64, BYTES(0x43, 0x89, 0x84, 0x24, D32), ST4 },
	};
	CHECK_CASES(t);
}

/* Table 2-1: 16-bit addressing has no SIB; mod00 r/m110 is disp16 alone, mod01 disp8, mod10 disp16. */
#define ADDR16_CASES(M, ...)                                                                                     \
	{ #M " a16 mod00 r/m000 [bx+si]", M, BYTES(__VA_ARGS__ 0x89, 0x00), ST2 },                                       \
	{ #M " a16 mod00 r/m100 [si]: no SIB", M, BYTES(__VA_ARGS__ 0x89, 0x04), ST2 },                                  \
	{ #M " a16 mod00 r/m101 [di]: no disp", M, BYTES(__VA_ARGS__ 0x89, 0x05), ST2 },                                 \
	{ #M " a16 mod00 r/m110 [disp16]", M, BYTES(__VA_ARGS__ 0x89, 0x06, 0x34, 0x12), ST2 },                          \
	{ #M " a16 mod00 r/m111 [bx]", M, BYTES(__VA_ARGS__ 0x89, 0x07), ST2 },                                          \
	{ #M " a16 mod01 r/m100 [si+disp8]", M, BYTES(__VA_ARGS__ 0x89, 0x44, 0x08), ST2 },                              \
	{ #M " a16 mod01 r/m110 [bp+disp8]", M, BYTES(__VA_ARGS__ 0x89, 0x46, 0x08), ST2 },                              \
	{ #M " a16 mod10 r/m000 [bx+si+disp16]", M, BYTES(__VA_ARGS__ 0x89, 0x80, 0x34, 0x12), ST2 },                    \
	{ #M " a16 mod10 r/m110 [bp+disp16]", M, BYTES(__VA_ARGS__ 0x89, 0x86, 0x34, 0x12), ST2 }

static void modrm_and_displacement_forms_of_16_bit_addressing(void **state)
{
	(void)state;
	/* 16-bit mode: no prefixes; 32-bit mode: 67 for the address size and 66 for a 16-bit store. */
	static const struct insn_case t[] = { ADDR16_CASES(M16, ), ADDR16_CASES(M32, 0x66, 0x67,) };
	CHECK_CASES(t);
}

/* 67 switches the ModRM table: to 32-bit addressing in 16-bit mode, to 32-bit (not 16) in 64-bit mode. */
static void prefix_67_selects_the_modrm_table(void **state)
{
	(void)state;
	static const struct insn_case t[] = {
		{ "16: a32 SIB [esp]", M16, BYTES(0x66, 0x67, 0x89, 0x04, 0x24), ST4 },
		{ "16: a32 mod00 r/m101 disp32", M16, BYTES(0x66, 0x67, 0x89, 0x05, D32), ST4 },
		{ "16: a32 mod10 SIB base101 disp32", M16, BYTES(0x66, 0x67, 0x89, 0x84, 0x25, D32), ST4 },
		{ "64: a32 mod00 r/m101 EIP+disp32", M64, BYTES(0x67, 0x89, 0x05, D32), ST4 },
		{ "64: a32 SIB base101 disp32", M64, BYTES(0x67, 0x89, 0x04, 0x25, D32), ST4 },
		{ "64: a32 mod00 r/m110 is [esi], not disp16", M64, BYTES(0x67, 0x89, 0x06), ST4 },
	};
	CHECK_CASES(t);
}

/* ModRM, then SIB, then displacement, then the immediate (SDM Vol. 2A Figure 2-1). */
static void immediates_follow_the_displacement(void **state)
{
	(void)state;
	static const struct insn_case t[] = {
		{ "64: mov dword [rip+disp32], imm32", M64, BYTES(0xc7, 0x05, D32, 0xef, 0xbe, 0xad, 0xde),
		  .want = { .write = true, .size = 4, .src = MMIO_SRC_IMM, .imm = 0xdeadbeef } },
		{ "64: mov byte [r12+rax*2+disp32], imm8", M64, BYTES(0x41, 0xc6, 0x84, 0x44, D32, 0x5a),
		  .want = { .write = true, .size = 1, .src = MMIO_SRC_IMM, .imm = 0x5a } },
		{ "64: mov qword [disp32], imm32 (15 bytes with prefixes)", M64,
		  BYTES(0x65, 0x67, 0x48, 0xc7, 0x04, 0x25, D32, 0xff, 0xff, 0xff, 0x7f),
		  .want = { .write = true, .size = 8, .src = MMIO_SRC_IMM, .imm = 0x7fffffff } },
		{ "16: mov word [bp+disp16], imm16", M16, BYTES(0xc7, 0x86, 0x34, 0x12, 0xcd, 0xab),
		  .want = { .write = true, .size = 2, .src = MMIO_SRC_IMM, .imm = 0xabcd } },
		{ "16: mov word [disp16], imm16", M16, BYTES(0xc7, 0x06, 0x34, 0x12, 0xcd, 0xab),
		  .want = { .write = true, .size = 2, .src = MMIO_SRC_IMM, .imm = 0xabcd } },
	};
	CHECK_CASES(t);
}

/* 15 bytes is the limit, reached here with repeated prefixes (SDM Vol. 2A 2.3.11). */
static void an_instruction_of_exactly_15_bytes_decodes(void **state)
{
	(void)state;
	static const struct insn_case t[] = {
		{ "64: 13 prefixes + 89 /r", M64,
		  BYTES(0x3e, 0x3e, 0x3e, 0x3e, 0x3e, 0x3e, 0x3e, 0x3e, 0x3e, 0x3e, 0x3e, 0x3e, 0x3e, 0x89, 0x00), ST4 },
	};
	CHECK_CASES(t);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(modrm_sib_and_displacement_forms_of_32_bit_addressing),
		cmocka_unit_test(rex_b_and_x_never_change_the_length),
		cmocka_unit_test(modrm_and_displacement_forms_of_16_bit_addressing),
		cmocka_unit_test(prefix_67_selects_the_modrm_table),
		cmocka_unit_test(immediates_follow_the_displacement),
		cmocka_unit_test(an_instruction_of_exactly_15_bytes_decodes),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}

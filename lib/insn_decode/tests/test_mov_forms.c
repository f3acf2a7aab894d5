/* SPDX-License-Identifier: BSD-3-Clause */
/* Every supported MOV form in every CPU mode at every operand size: direction, size, register, immediate. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <hvkit/errno.h>
#include <insn_decode/mmio_insn.h>

#include "insn_case.h"

#define M16 MMIO_MODE_16
#define M32 MMIO_MODE_32
#define M64 MMIO_MODE_64
#define STORE_REG(sz, r) .want = { .write = true, .size = (sz), .src = MMIO_SRC_REG, .reg = (r) }
#define STORE_IMM(sz, v) .want = { .write = true, .size = (sz), .src = MMIO_SRC_IMM, .imm = (v) }
#define LOAD(sz, dst, r, e) .want = { .size = (sz), .dst_size = (dst), .src = MMIO_SRC_REG, .reg = (r), .ext = (e) }
#define CHECK_CASES(t) check_cases((t), sizeof(t) / sizeof((t)[0]))

/* ModRM 0x0f: mod=00 reg=001 (CL/CX/ECX/RCX) r/m=111 ([BX] in 16-bit addressing, [EDI]/[RDI] otherwise). */
static void mov_88_89_store_a_register_of_the_operand_size(void **state)
{
	(void)state;
	static const struct insn_case t[] = {
		{ "16: mov [bx], cl", M16, BYTES(0x88, 0x0f), STORE_REG(1, 1) },
		{ "32: mov [edi], cl", M32, BYTES(0x88, 0x0f), STORE_REG(1, 1) },
		{ "64: mov [rdi], cl", M64, BYTES(0x88, 0x0f), STORE_REG(1, 1) },
		{ "16: mov [bx], cx", M16, BYTES(0x89, 0x0f), STORE_REG(2, 1) },
		{ "16: o32 mov [bx], ecx", M16, BYTES(0x66, 0x89, 0x0f), STORE_REG(4, 1) },
		{ "32: mov [edi], ecx", M32, BYTES(0x89, 0x0f), STORE_REG(4, 1) },
		{ "32: o16 mov [edi], cx", M32, BYTES(0x66, 0x89, 0x0f), STORE_REG(2, 1) },
		{ "64: mov [rdi], ecx", M64, BYTES(0x89, 0x0f), STORE_REG(4, 1) },
		{ "64: mov [rdi], cx", M64, BYTES(0x66, 0x89, 0x0f), STORE_REG(2, 1) },
		{ "64: mov [rdi], rcx", M64, BYTES(0x48, 0x89, 0x0f), STORE_REG(8, 1) },
		{ "64: REX.W beats 66", M64, BYTES(0x66, 0x48, 0x89, 0x0f), STORE_REG(8, 1) },
		{ "64: REX.W does not widen 88", M64, BYTES(0x48, 0x88, 0x0f), STORE_REG(1, 1) },
	};
	CHECK_CASES(t);
}

static void mov_8a_8b_load_a_register_of_the_operand_size(void **state)
{
	(void)state;
	static const struct insn_case t[] = {
		{ "16: mov cl, [bx]", M16, BYTES(0x8a, 0x0f), LOAD(1, 1, 1, MMIO_EXT_NONE) },
		{ "32: mov cl, [edi]", M32, BYTES(0x8a, 0x0f), LOAD(1, 1, 1, MMIO_EXT_NONE) },
		{ "64: mov cl, [rdi]", M64, BYTES(0x8a, 0x0f), LOAD(1, 1, 1, MMIO_EXT_NONE) },
		{ "16: mov cx, [bx]", M16, BYTES(0x8b, 0x0f), LOAD(2, 2, 1, MMIO_EXT_NONE) },
		{ "16: o32 mov ecx, [bx]", M16, BYTES(0x66, 0x8b, 0x0f), LOAD(4, 4, 1, MMIO_EXT_NONE) },
		{ "32: mov ecx, [edi]", M32, BYTES(0x8b, 0x0f), LOAD(4, 4, 1, MMIO_EXT_NONE) },
		{ "32: o16 mov cx, [edi]", M32, BYTES(0x66, 0x8b, 0x0f), LOAD(2, 2, 1, MMIO_EXT_NONE) },
		{ "64: mov ecx, [rdi]", M64, BYTES(0x8b, 0x0f), LOAD(4, 4, 1, MMIO_EXT_NONE) },
		{ "64: mov cx, [rdi]", M64, BYTES(0x66, 0x8b, 0x0f), LOAD(2, 2, 1, MMIO_EXT_NONE) },
		{ "64: mov rcx, [rdi]", M64, BYTES(0x48, 0x8b, 0x0f), LOAD(8, 8, 1, MMIO_EXT_NONE) },
	};
	CHECK_CASES(t);
}

static void mov_c6_c7_store_an_immediate_c7_rexw_sign_extends_imm32(void **state)
{
	(void)state;
	static const struct insn_case t[] = {
		{ "16: mov byte [bx], 0xab", M16, BYTES(0xc6, 0x07, 0xab), STORE_IMM(1, 0xab) },
		{ "32: mov byte [edi], 0xab", M32, BYTES(0xc6, 0x07, 0xab), STORE_IMM(1, 0xab) },
		{ "64: mov byte [rdi], 0xab", M64, BYTES(0xc6, 0x07, 0xab), STORE_IMM(1, 0xab) },
		{ "16: mov word [bx], 0x1234", M16, BYTES(0xc7, 0x07, 0x34, 0x12), STORE_IMM(2, 0x1234) },
		{ "16: o32 mov dword [bx], imm32", M16, BYTES(0x66, 0xc7, 0x07, 0x78, 0x56, 0x34, 0x12),
		  STORE_IMM(4, 0x12345678) },
		{ "32: mov dword [edi], imm32", M32, BYTES(0xc7, 0x07, 0x78, 0x56, 0x34, 0x92), STORE_IMM(4, 0x92345678) },
		{ "32: o16 mov word [edi], imm16", M32, BYTES(0x66, 0xc7, 0x07, 0x34, 0x92), STORE_IMM(2, 0x9234) },
		{ "64: mov dword [rdi], imm32", M64, BYTES(0xc7, 0x07, 0x78, 0x56, 0x34, 0x92), STORE_IMM(4, 0x92345678) },
		{ "64: mov word [rdi], imm16", M64, BYTES(0x66, 0xc7, 0x07, 0x34, 0x92), STORE_IMM(2, 0x9234) },
		{ "64: mov qword [rdi], positive imm32", M64, BYTES(0x48, 0xc7, 0x07, 0x78, 0x56, 0x34, 0x12),
		  STORE_IMM(8, 0x12345678) },
		{ "64: mov qword [rdi], negative imm32", M64, BYTES(0x48, 0xc7, 0x07, 0x00, 0x00, 0x00, 0x80),
		  STORE_IMM(8, 0xffffffff80000000u) },
		{ "64: 66 REX.W c7 still has imm32", M64, BYTES(0x66, 0x48, 0xc7, 0x07, 0xff, 0xff, 0xff, 0xff),
		  STORE_IMM(8, 0xffffffffffffffffu) },
		{ "64: REX.W does not widen c6", M64, BYTES(0x48, 0xc6, 0x07, 0x80), STORE_IMM(1, 0x80) },
	};
	CHECK_CASES(t);
}

/* A0-A3: the offset is as wide as the address size (2, 4 or 8 bytes), the register is AL/AX/EAX/RAX. */
static void mov_a0_a3_moffs_takes_an_offset_of_the_address_size(void **state)
{
	(void)state;
	static const struct insn_case t[] = {
		{ "16: mov al, [0x1234]", M16, BYTES(0xa0, 0x34, 0x12), LOAD(1, 1, 0, MMIO_EXT_NONE) },
		{ "16: mov ax, [0x1234]", M16, BYTES(0xa1, 0x34, 0x12), LOAD(2, 2, 0, MMIO_EXT_NONE) },
		{ "16: o32 mov eax, [0x1234]", M16, BYTES(0x66, 0xa1, 0x34, 0x12), LOAD(4, 4, 0, MMIO_EXT_NONE) },
		{ "16: a32 mov ax, [imm32]", M16, BYTES(0x67, 0xa1, 1, 2, 3, 4), LOAD(2, 2, 0, MMIO_EXT_NONE) },
		{ "16: mov [0x1234], al", M16, BYTES(0xa2, 0x34, 0x12), STORE_REG(1, 0) },
		{ "16: mov [0x1234], ax", M16, BYTES(0xa3, 0x34, 0x12), STORE_REG(2, 0) },
		{ "32: mov al, [imm32]", M32, BYTES(0xa0, 0x00, 0x00, 0xe0, 0xfe), LOAD(1, 1, 0, MMIO_EXT_NONE) },
		{ "32: mov eax, [imm32]", M32, BYTES(0xa1, 0x20, 0x00, 0xe0, 0xfe), LOAD(4, 4, 0, MMIO_EXT_NONE) },
		{ "32: a16 mov eax, [imm16]", M32, BYTES(0x67, 0xa1, 0x20, 0x00), LOAD(4, 4, 0, MMIO_EXT_NONE) },
		{ "32: mov [imm32], al", M32, BYTES(0xa2, 0x00, 0x00, 0xe0, 0xfe), STORE_REG(1, 0) },
		{ "32: o16 mov [imm32], ax", M32, BYTES(0x66, 0xa3, 0x00, 0x00, 0xe0, 0xfe), STORE_REG(2, 0) },
		{ "64: mov al, [imm64]", M64, BYTES(0xa0, 0, 0, 0xe0, 0xfe, 0, 0, 0, 0), LOAD(1, 1, 0, MMIO_EXT_NONE) },
		{ "64: mov eax, [imm64]", M64, BYTES(0xa1, 0, 0, 0xe0, 0xfe, 0, 0, 0, 0), LOAD(4, 4, 0, MMIO_EXT_NONE) },
		{ "64: mov rax, [imm64]", M64, BYTES(0x48, 0xa1, 0, 0, 0xe0, 0xfe, 0, 0, 0, 0),
		  LOAD(8, 8, 0, MMIO_EXT_NONE) },
		{ "64: a32 mov eax, [imm32]", M64, BYTES(0x67, 0xa1, 0, 0, 0xe0, 0xfe), LOAD(4, 4, 0, MMIO_EXT_NONE) },
		{ "64: mov [imm64], al", M64, BYTES(0xa2, 0, 0, 0xe0, 0xfe, 0, 0, 0, 0), STORE_REG(1, 0) },
		{ "64: mov [imm64], ax", M64, BYTES(0x66, 0xa3, 0, 0, 0xe0, 0xfe, 0, 0, 0, 0), STORE_REG(2, 0) },
		{ "64: mov [imm64], rax", M64, BYTES(0x48, 0xa3, 0, 0, 0xe0, 0xfe, 0, 0, 0, 0), STORE_REG(8, 0) },
		{ "64: REX.B does not rename rAX in moffs", M64, BYTES(0x49, 0xa3, 0, 0, 0xe0, 0xfe, 0, 0, 0, 0),
		  STORE_REG(8, 0) },
	};
	CHECK_CASES(t);
}

/* 0F B6/B7 zero-extend and 0F BE/BF sign-extend m8/m16 into a register of the operand size. */
static void movzx_movsx_load_8_or_16_bits_into_the_operand_size(void **state)
{
	(void)state;
	static const struct insn_case t[] = {
		{ "16: movzx cx, byte [bx]", M16, BYTES(0x0f, 0xb6, 0x0f), LOAD(1, 2, 1, MMIO_EXT_ZERO) },
		{ "16: movzx ecx, byte [bx]", M16, BYTES(0x66, 0x0f, 0xb6, 0x0f), LOAD(1, 4, 1, MMIO_EXT_ZERO) },
		{ "16: movzx cx, word [bx]", M16, BYTES(0x0f, 0xb7, 0x0f), LOAD(2, 2, 1, MMIO_EXT_ZERO) },
		{ "16: movsx cx, byte [bx]", M16, BYTES(0x0f, 0xbe, 0x0f), LOAD(1, 2, 1, MMIO_EXT_SIGN) },
		{ "16: movsx ecx, word [bx]", M16, BYTES(0x66, 0x0f, 0xbf, 0x0f), LOAD(2, 4, 1, MMIO_EXT_SIGN) },
		{ "32: movzx ecx, byte [edi]", M32, BYTES(0x0f, 0xb6, 0x0f), LOAD(1, 4, 1, MMIO_EXT_ZERO) },
		{ "32: movzx ecx, word [edi]", M32, BYTES(0x0f, 0xb7, 0x0f), LOAD(2, 4, 1, MMIO_EXT_ZERO) },
		{ "32: movzx cx, byte [edi]", M32, BYTES(0x66, 0x0f, 0xb6, 0x0f), LOAD(1, 2, 1, MMIO_EXT_ZERO) },
		{ "32: movsx ecx, byte [edi]", M32, BYTES(0x0f, 0xbe, 0x0f), LOAD(1, 4, 1, MMIO_EXT_SIGN) },
		{ "32: movsx ecx, word [edi]", M32, BYTES(0x0f, 0xbf, 0x0f), LOAD(2, 4, 1, MMIO_EXT_SIGN) },
		{ "64: movzx ecx, byte [rdi]", M64, BYTES(0x0f, 0xb6, 0x0f), LOAD(1, 4, 1, MMIO_EXT_ZERO) },
		{ "64: movzx rcx, word [rdi]", M64, BYTES(0x48, 0x0f, 0xb7, 0x0f), LOAD(2, 8, 1, MMIO_EXT_ZERO) },
		{ "64: movzx cx, byte [rdi]", M64, BYTES(0x66, 0x0f, 0xb6, 0x0f), LOAD(1, 2, 1, MMIO_EXT_ZERO) },
		{ "64: movsx rcx, byte [rdi]", M64, BYTES(0x48, 0x0f, 0xbe, 0x0f), LOAD(1, 8, 1, MMIO_EXT_SIGN) },
		{ "64: movsx r9, word [rdi]", M64, BYTES(0x4c, 0x0f, 0xbf, 0x0f), LOAD(2, 8, 9, MMIO_EXT_SIGN) },
		{ "64: movsx cx, word [rdi]", M64, BYTES(0x66, 0x0f, 0xbf, 0x0f), LOAD(2, 2, 1, MMIO_EXT_SIGN) },
	};
	CHECK_CASES(t);
}

/* Segment overrides and branch hints change nothing the exit does not already give. */
static void segment_overrides_are_accepted_and_ignored(void **state)
{
	(void)state;
	static const struct insn_case t[] = {
		{ "64: mov fs:[rdi], ecx", M64, BYTES(0x64, 0x89, 0x0f), STORE_REG(4, 1) },
		{ "64: mov ecx, gs:[rdi]", M64, BYTES(0x65, 0x8b, 0x0f), LOAD(4, 4, 1, MMIO_EXT_NONE) },
		{ "32: es cs ss ds mov", M32, BYTES(0x26, 0x2e, 0x36, 0x3e, 0x89, 0x0f), STORE_REG(4, 1) },
		{ "16: es o32 a32 mov [edi], ecx", M16, BYTES(0x26, 0x66, 0x67, 0x89, 0x0f), STORE_REG(4, 1) },
		{ "64: segment before REX", M64, BYTES(0x65, 0x48, 0x89, 0x0f), STORE_REG(8, 1) },
	};
	CHECK_CASES(t);
}

/* SDM Vol. 3A 3.4.5: CS.L in IA-32e mode means 64-bit mode; else CS.D picks 32 or 16 bits. */
static void mode_follows_efer_lma_cs_l_and_cs_d(void **state)
{
	(void)state;
	enum mmio_cpu_mode m = (enum mmio_cpu_mode)7;

	assert_int_equal(mmio_cpu_mode_from_cs(true, true, false, &m), 0);
	assert_int_equal(m, MMIO_MODE_64);
	assert_int_equal(mmio_cpu_mode_from_cs(true, false, true, &m), 0);
	assert_int_equal(m, MMIO_MODE_32); /* compatibility mode */
	assert_int_equal(mmio_cpu_mode_from_cs(true, false, false, &m), 0);
	assert_int_equal(m, MMIO_MODE_16);
	assert_int_equal(mmio_cpu_mode_from_cs(false, false, true, &m), 0);
	assert_int_equal(m, MMIO_MODE_32);
	assert_int_equal(mmio_cpu_mode_from_cs(false, true, false, &m), 0);
	assert_int_equal(m, MMIO_MODE_16); /* CS.L means nothing outside IA-32e mode */
	assert_int_equal(mmio_cpu_mode_from_cs(false, false, false, &m), 0);
	assert_int_equal(m, MMIO_MODE_16);
	m = MMIO_MODE_32;
	assert_int_equal(mmio_cpu_mode_from_cs(true, true, true, &m), -HV_EINVAL);
	assert_int_equal(m, MMIO_MODE_32);
	assert_int_equal(mmio_cpu_mode_from_cs(true, true, false, NULL), -HV_EINVAL);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(mov_88_89_store_a_register_of_the_operand_size),
		cmocka_unit_test(mov_8a_8b_load_a_register_of_the_operand_size),
		cmocka_unit_test(mov_c6_c7_store_an_immediate_c7_rexw_sign_extends_imm32),
		cmocka_unit_test(mov_a0_a3_moffs_takes_an_offset_of_the_address_size),
		cmocka_unit_test(movzx_movsx_load_8_or_16_bits_into_the_operand_size),
		cmocka_unit_test(segment_overrides_are_accepted_and_ignored),
		cmocka_unit_test(mode_follows_efer_lma_cs_l_and_cs_d),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}

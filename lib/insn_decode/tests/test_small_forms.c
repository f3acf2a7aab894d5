/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * The partition image's decoder (src/forms_none.c): MOV between memory and a register, an immediate or a memory
 * offset decodes as in the full decoder (the accessors Linux's IOAPIC and xAPIC code and the test guests use); MOVZX
 * and MOVSX are refused with -HV_ENOSYS, as any other instruction the decoder does not know.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <hvkit/errno.h>
#include <insn_decode/mmio_insn.h>

#include "insn_case.h"

#define M32 MMIO_MODE_32
#define M64 MMIO_MODE_64
#define STORE_REG(sz, r) .want = { .write = true, .size = (sz), .src = MMIO_SRC_REG, .reg = (r) }
#define STORE_IMM(sz, v) .want = { .write = true, .size = (sz), .src = MMIO_SRC_IMM, .imm = (v) }
#define LOAD(sz, r) .want = { .size = (sz), .dst_size = (sz), .src = MMIO_SRC_REG, .reg = (r) }

static void mov_with_a_register_an_immediate_or_moffs_decodes(void **state)
{
	(void)state;
	static const struct insn_case t[] = {
		{ "64: mov [rdi], ecx (writel)", M64, BYTES(0x89, 0x0f), STORE_REG(4, 1) },
		{ "64: mov ecx, [rdi] (readl)", M64, BYTES(0x8b, 0x0f), LOAD(4, 1) },
		{ "64: mov r9d, [rax+0x10]", M64, BYTES(0x44, 0x8b, 0x48, 0x10), LOAD(4, 9) },
		{ "64: mov byte [rdi], cl", M64, BYTES(0x88, 0x0f), STORE_REG(1, 1) },
		{ "64: mov dword [rdi+0x300], imm32", M64, BYTES(0xc7, 0x87, 0x00, 0x03, 0x00, 0x00, 0x78, 0x56, 0x34, 0x12),
		  STORE_IMM(4, 0x12345678) },
		{ "32: mov [edi], ecx", M32, BYTES(0x89, 0x0f), STORE_REG(4, 1) },
		{ "64: movabs eax, [0xfee00030]", M64, BYTES(0xa1, 0x30, 0, 0xe0, 0xfe, 0, 0, 0, 0), LOAD(4, 0) },
		{ "64: movabs [0xfec00000], al", M64, BYTES(0xa2, 0, 0, 0xc0, 0xfe, 0, 0, 0, 0), STORE_REG(1, 0) },
	};
	check_cases(t, sizeof(t) / sizeof(t[0]));
}

static void movzx_and_movsx_are_refused(void **state)
{
	(void)state;
	static const struct insn_case t[] = {
		{ "64: movzx ecx, byte [rdi]", M64, BYTES(0x0f, 0xb6, 0x0f) },
		{ "64: movzx ecx, word [rdi]", M64, BYTES(0x0f, 0xb7, 0x0f) },
		{ "64: movsx ecx, byte [rdi]", M64, BYTES(0x0f, 0xbe, 0x0f) },
		{ "64: movsx rcx, word [rdi]", M64, BYTES(0x48, 0x0f, 0xbf, 0x0f) },
		{ "64: movsb", M64, BYTES(0xa4) },
	};
	check_refused(t, sizeof(t) / sizeof(t[0]), -HV_ENOSYS);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(mov_with_a_register_an_immediate_or_moffs_decodes),
		cmocka_unit_test(movzx_and_movsx_are_refused),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}

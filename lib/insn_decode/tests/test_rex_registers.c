/* SPDX-License-Identifier: BSD-3-Clause */
/* Which register an instruction names: REX.R extends ModRM.reg, any REX turns AH..BH into SPL..DIL. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <hvkit/errno.h>
#include <insn_decode/mmio_insn.h>

#include "fake_regs.h"
#include "insn_case.h"

#define M32 MMIO_MODE_32
#define M64 MMIO_MODE_64
#define STORE_REG(sz, r) .want = { .write = true, .size = (sz), .src = MMIO_SRC_REG, .reg = (r) }
#define STORE_HIGH8(r) .want = { .write = true, .size = 1, .src = MMIO_SRC_REG, .reg = (r), .high8 = true }
#define LOAD(sz, dst, r, e) .want = { .size = (sz), .dst_size = (dst), .src = MMIO_SRC_REG, .reg = (r), .ext = (e) }
#define CHECK_CASES(t) check_cases((t), sizeof(t) / sizeof((t)[0]))

/* SDM Vol. 2A 2.1.5 Table 2-2 and 3.7.2.1: without REX, byte registers 4-7 are AH CH DH BH; with any REX, SPL BPL SIL DIL. */
static void byte_registers_4_to_7_are_ah_to_bh_without_rex_and_spl_to_dil_with_it(void **state)
{
	(void)state;
	static const struct insn_case t[] = {
		{ "64: mov [rdi], al", M64, BYTES(0x88, 0x07), STORE_REG(1, 0) },
		{ "64: mov [rdi], bl", M64, BYTES(0x88, 0x1f), STORE_REG(1, 3) },
		{ "64: mov [rdi], ah", M64, BYTES(0x88, 0x27), STORE_HIGH8(0) },
		{ "64: mov [rdi], ch", M64, BYTES(0x88, 0x2f), STORE_HIGH8(1) },
		{ "64: mov [rdi], dh", M64, BYTES(0x88, 0x37), STORE_HIGH8(2) },
		{ "64: mov [rdi], bh", M64, BYTES(0x88, 0x3f), STORE_HIGH8(3) },
		{ "64: mov [rdi], spl", M64, BYTES(0x40, 0x88, 0x27), STORE_REG(1, 4) },
		{ "64: mov [rdi], bpl", M64, BYTES(0x40, 0x88, 0x2f), STORE_REG(1, 5) },
		{ "64: mov [rdi], sil", M64, BYTES(0x40, 0x88, 0x37), STORE_REG(1, 6) },
		{ "64: mov [rdi], dil", M64, BYTES(0x40, 0x88, 0x3f), STORE_REG(1, 7) },
		{ "64: REX.W also selects spl", M64, BYTES(0x48, 0x88, 0x27), STORE_REG(1, 4) },
		{ "64: REX.B (memory only) also selects spl", M64, BYTES(0x41, 0x88, 0x27), STORE_REG(1, 4) },
		{ "64: mov [rdi], r12b", M64, BYTES(0x44, 0x88, 0x27), STORE_REG(1, 12) },
		{ "32: mov [edi], ah", M32, BYTES(0x88, 0x27), STORE_HIGH8(0) },
		{ "32: mov [edi], bh", M32, BYTES(0x88, 0x3f), STORE_HIGH8(3) },
		{ "64: mov ah, [rdi]", M64, BYTES(0x8a, 0x27), .want = { .size = 1, .dst_size = 1, .reg = 0, .high8 = true } },
		{ "64: mov spl, [rdi]", M64, BYTES(0x40, 0x8a, 0x27), LOAD(1, 1, 4, MMIO_EXT_NONE) },
		{ "64: mov r15b, [rdi]", M64, BYTES(0x44, 0x8a, 0x3f), LOAD(1, 1, 15, MMIO_EXT_NONE) },
		/* MOVZX's destination is 16 bits or more: 4 is (E/R)SP, never AH. */
		{ "64: movzx esp, byte [rdi]", M64, BYTES(0x0f, 0xb6, 0x27), LOAD(1, 4, 4, MMIO_EXT_ZERO) },
		{ "32: movsx sp, byte [edi]", M32, BYTES(0x66, 0x0f, 0xbe, 0x27), LOAD(1, 2, 4, MMIO_EXT_SIGN) },
	};
	CHECK_CASES(t);
}

/* REX.R is bit 3 of the register; REX.B and REX.X extend only the address's base and index. */
static void rex_r_extends_the_register_and_rex_b_x_do_not(void **state)
{
	(void)state;
	static const struct insn_case t[] = {
		{ "64: mov [rdi], r8d", M64, BYTES(0x44, 0x89, 0x07), STORE_REG(4, 8) },
		{ "64: mov [rdi], r15", M64, BYTES(0x4c, 0x89, 0x3f), STORE_REG(8, 15) },
		{ "64: mov [r15], eax", M64, BYTES(0x41, 0x89, 0x07), STORE_REG(4, 0) },
		{ "64: mov [r12+r12], eax", M64, BYTES(0x43, 0x89, 0x04, 0x24), STORE_REG(4, 0) },
		{ "64: mov r11, [rdi]", M64, BYTES(0x4c, 0x8b, 0x1f), LOAD(8, 8, 11, MMIO_EXT_NONE) },
		{ "64: mov r11w, [rdi]", M64, BYTES(0x66, 0x44, 0x8b, 0x1f), LOAD(2, 2, 11, MMIO_EXT_NONE) },
		{ "64: movzx r10d, word [rdi]", M64, BYTES(0x44, 0x0f, 0xb7, 0x17), LOAD(2, 4, 10, MMIO_EXT_ZERO) },
		{ "64: all REX bits", M64, BYTES(0x4f, 0x89, 0x3c, 0x3f), STORE_REG(8, 15) },
	};
	CHECK_CASES(t);
}

/* SDM Vol. 2A 2.2.1: a REX counts only right before the opcode; of two REX, the last. */
static void rex_counts_only_immediately_before_the_opcode(void **state)
{
	(void)state;
	static const struct insn_case t[] = {
		{ "64: REX.W then 66: REX ignored", M64, BYTES(0x48, 0x66, 0x89, 0x07), STORE_REG(2, 0) },
		{ "64: REX.R then gs: REX ignored", M64, BYTES(0x44, 0x65, 0x89, 0x07), STORE_REG(4, 0) },
		{ "64: REX.R then REX: the last one counts", M64, BYTES(0x44, 0x40, 0x88, 0x27), STORE_REG(1, 4) },
		{ "64: REX.W then REX.R: no W", M64, BYTES(0x48, 0x44, 0x89, 0x07), STORE_REG(4, 8) },
		{ "64: REX then 66 brings back AH", M64, BYTES(0x40, 0x66, 0x88, 0x27), STORE_HIGH8(0) },
	};
	CHECK_CASES(t);
}

/* Decoding and the register file agree: a store of AH sends bits 15:8, of SPL bits 7:0 of RSP. */
static void store_of_ah_sends_bits_15_8_and_of_spl_bits_7_0_of_rsp(void **state)
{
	(void)state;
	struct fake_regs f;
	struct mmio_insn in;
	uint64_t v = 0;

	fake_regs_init(&f, 0);
	f.gpr[MMIO_GPR_RAX] = 0x1122334455667788u;
	f.gpr[MMIO_GPR_RSP] = 0x99aabbccddeeff01u;
	assert_int_equal(decode_exact((const uint8_t[]){ 0x88, 0x27 }, 2, MMIO_MODE_64, &in), 0);
	assert_int_equal(mmio_insn_read_value(&in, &f.ops, &v), 0);
	assert_int_equal(v, 0x77);
	assert_int_equal(decode_exact((const uint8_t[]){ 0x40, 0x88, 0x27 }, 3, MMIO_MODE_64, &in), 0);
	assert_int_equal(mmio_insn_read_value(&in, &f.ops, &v), 0);
	assert_int_equal(v, 0x01);
	assert_int_equal(decode_exact((const uint8_t[]){ 0x4c, 0x89, 0x3f }, 3, MMIO_MODE_64, &in), 0);
	f.gpr[MMIO_GPR_R15] = 0xfedcba9876543210u;
	assert_int_equal(mmio_insn_read_value(&in, &f.ops, &v), 0);
	assert_int_equal(v, 0xfedcba9876543210u);
	assert_int_equal(f.writes, 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(byte_registers_4_to_7_are_ah_to_bh_without_rex_and_spl_to_dil_with_it),
		cmocka_unit_test(rex_r_extends_the_register_and_rex_b_x_do_not),
		cmocka_unit_test(rex_counts_only_immediately_before_the_opcode),
		cmocka_unit_test(store_of_ah_sends_bits_15_8_and_of_spl_bits_7_0_of_rsp),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}

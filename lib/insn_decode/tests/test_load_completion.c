/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Completing a load into the guest's register (SDM Vol. 1 3.4.1.1; Vol. 2B MOVZX, MOVSX):
 * 8/16-bit destinations merge, a 32-bit one zero-extends in 64-bit mode, MOVZX/MOVSX extend;
 * and the value a store sends.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <hvkit/errno.h>
#include <insn_decode/mmio_insn.h>

#include "fake_regs.h"
#include "insn_case.h"

#define OLD 0x8877665544332211u

/* Decode bytes in mode, load value into a register file where the destination held OLD; return it. */
static uint64_t load(enum mmio_cpu_mode mode, const uint8_t *bytes, size_t n, uint64_t value)
{
	struct fake_regs f, before;
	struct mmio_insn in;

	fake_regs_init(&f, 0x5555);
	assert_int_equal(decode_exact(bytes, n, mode, &in), 0);
	assert_false(in.write);
	f.gpr[in.reg] = OLD;
	before = f;
	assert_int_equal(mmio_insn_complete_load(&in, &f.ops, value), 0);
	assert_int_equal(f.writes, 1);
	for (unsigned int i = 0; i < MMIO_GPR_COUNT; i++)
		if (i != in.reg)
			assert_int_equal(f.gpr[i], before.gpr[i]); /* no other register moves */
	return f.gpr[in.reg];
}

#define LOAD(mode, value, ...) \
	load(mode, (const uint8_t[]){ __VA_ARGS__ }, sizeof((const uint8_t[]){ __VA_ARGS__ }), value)

static void byte_and_word_loads_merge_into_the_register(void **state)
{
	(void)state;
	assert_int_equal(LOAD(MMIO_MODE_64, 0xab, 0x8a, 0x07), 0x88776655443322abu);            /* mov al */
	assert_int_equal(LOAD(MMIO_MODE_64, 0xab, 0x8a, 0x27), 0x887766554433ab11u);            /* mov ah */
	assert_int_equal(LOAD(MMIO_MODE_64, 0xab, 0x40, 0x8a, 0x27), 0x88776655443322abu);      /* mov spl */
	assert_int_equal(LOAD(MMIO_MODE_32, 0xab, 0x8a, 0x3f), 0x887766554433ab11u);            /* mov bh */
	assert_int_equal(LOAD(MMIO_MODE_64, 0xbeef, 0x66, 0x8b, 0x07), 0x887766554433beefu);    /* mov ax */
	assert_int_equal(LOAD(MMIO_MODE_16, 0xbeef, 0x8b, 0x07), 0x887766554433beefu);          /* mov ax */
	assert_int_equal(LOAD(MMIO_MODE_16, 0xab, 0xa0, 0x34, 0x12), 0x88776655443322abu);      /* mov al, moffs */
}

static void dword_loads_zero_extend_in_64_bit_mode_only(void **state)
{
	(void)state;
	assert_int_equal(LOAD(MMIO_MODE_64, 0xdeadbeef, 0x8b, 0x07), 0x00000000deadbeefu);
	assert_int_equal(LOAD(MMIO_MODE_64, 0xdeadbeef, 0xa1, 0, 0, 0xe0, 0xfe, 0, 0, 0, 0), 0xdeadbeefu);
	assert_int_equal(LOAD(MMIO_MODE_32, 0xdeadbeef, 0x8b, 0x07), 0x88776655deadbeefu);
	assert_int_equal(LOAD(MMIO_MODE_16, 0xdeadbeef, 0x66, 0x8b, 0x07), 0x88776655deadbeefu);
}

static void qword_loads_write_the_whole_register(void **state)
{
	(void)state;
	assert_int_equal(LOAD(MMIO_MODE_64, 0x0123456789abcdefu, 0x48, 0x8b, 0x07), 0x0123456789abcdefu);
	assert_int_equal(LOAD(MMIO_MODE_64, 0x0123456789abcdefu, 0x4c, 0x8b, 0x3f), 0x0123456789abcdefu);
}

static void movzx_zero_extends_to_the_destination(void **state)
{
	(void)state;
	assert_int_equal(LOAD(MMIO_MODE_64, 0x80, 0x0f, 0xb6, 0x07), 0x80u);                      /* movzx eax, m8 */
	assert_int_equal(LOAD(MMIO_MODE_64, 0x8000, 0x48, 0x0f, 0xb7, 0x07), 0x8000u);            /* movzx rax, m16 */
	assert_int_equal(LOAD(MMIO_MODE_64, 0x80, 0x66, 0x0f, 0xb6, 0x07), 0x8877665544330080u); /* movzx ax, m8 */
	assert_int_equal(LOAD(MMIO_MODE_32, 0x8000, 0x0f, 0xb7, 0x07), 0x8877665500008000u);      /* movzx eax, m16 */
}

static void movsx_sign_extends_to_the_destination(void **state)
{
	(void)state;
	assert_int_equal(LOAD(MMIO_MODE_64, 0x80, 0x0f, 0xbe, 0x07), 0x00000000ffffff80u);       /* movsx eax, m8 */
	assert_int_equal(LOAD(MMIO_MODE_64, 0x80, 0x48, 0x0f, 0xbe, 0x07), 0xffffffffffffff80u); /* movsx rax, m8 */
	assert_int_equal(LOAD(MMIO_MODE_64, 0x8000, 0x48, 0x0f, 0xbf, 0x07), 0xffffffffffff8000u);
	assert_int_equal(LOAD(MMIO_MODE_64, 0x80, 0x66, 0x0f, 0xbe, 0x07), 0x887766554433ff80u); /* movsx ax, m8 */
	assert_int_equal(LOAD(MMIO_MODE_32, 0x8000, 0x0f, 0xbf, 0x07), 0x88776655ffff8000u);      /* movsx eax, m16 */
	assert_int_equal(LOAD(MMIO_MODE_16, 0x9000, 0x0f, 0xbf, 0x07), 0x8877665544339000u);      /* movsx ax, m16 */
	assert_int_equal(LOAD(MMIO_MODE_64, 0x7f, 0x48, 0x0f, 0xbe, 0x07), 0x7fu);               /* positive */
}

/* The device's value beyond the access size is not the guest's business. */
static void bits_beyond_the_access_size_are_ignored(void **state)
{
	(void)state;
	assert_int_equal(LOAD(MMIO_MODE_64, 0xffffff12, 0x8a, 0x07), 0x8877665544332212u);
	assert_int_equal(LOAD(MMIO_MODE_64, 0xffffff80, 0x0f, 0xb6, 0x07), 0x80u);
	assert_int_equal(LOAD(MMIO_MODE_64, 0xffffffff00000001u, 0x8b, 0x07), 1u);
	assert_int_equal(LOAD(MMIO_MODE_64, 0x1ff80, 0x48, 0x0f, 0xbf, 0x07), 0xffffffffffffff80u);
}

static void store_value_is_the_register_or_immediate_masked_to_size(void **state)
{
	(void)state;
	struct fake_regs f;
	struct mmio_insn in;
	uint64_t v = 0;

	fake_regs_init(&f, 0);
	f.gpr[MMIO_GPR_RCX] = 0xfedcba9876543210u;
	assert_int_equal(decode_exact((const uint8_t[]){ 0x89, 0x0f }, 2, MMIO_MODE_64, &in), 0);
	assert_int_equal(mmio_insn_read_value(&in, &f.ops, &v), 0);
	assert_int_equal(v, 0x76543210u);
	assert_int_equal(decode_exact((const uint8_t[]){ 0x66, 0x89, 0x0f }, 3, MMIO_MODE_64, &in), 0);
	assert_int_equal(mmio_insn_read_value(&in, &f.ops, &v), 0);
	assert_int_equal(v, 0x3210u);
	assert_int_equal(decode_exact((const uint8_t[]){ 0x88, 0x2f }, 2, MMIO_MODE_64, &in), 0); /* ch */
	assert_int_equal(mmio_insn_read_value(&in, &f.ops, &v), 0);
	assert_int_equal(v, 0x32u);
	assert_int_equal(decode_exact((const uint8_t[]){ 0x48, 0xc7, 0x07, 0xf0, 0xff, 0xff, 0xff }, 7, MMIO_MODE_64,
				      &in), 0);
	assert_int_equal(mmio_insn_read_value(&in, &f.ops, &v), 0);
	assert_int_equal(v, 0xfffffffffffffff0u);
	assert_int_equal(decode_exact((const uint8_t[]){ 0xc6, 0x07, 0x80 }, 3, MMIO_MODE_32, &in), 0);
	assert_int_equal(mmio_insn_read_value(&in, NULL, &v), 0); /* an immediate needs no registers */
	assert_int_equal(v, 0x80u);
	assert_int_equal(f.writes, 0);
}

static void helpers_refuse_the_wrong_direction_and_change_nothing(void **state)
{
	(void)state;
	struct fake_regs f, before;
	struct mmio_insn store, ld;
	uint64_t v = 0x1234;

	fake_regs_init(&f, 0);
	before = f;
	assert_int_equal(decode_exact((const uint8_t[]){ 0x89, 0x0f }, 2, MMIO_MODE_64, &store), 0);
	assert_int_equal(decode_exact((const uint8_t[]){ 0x8b, 0x0f }, 2, MMIO_MODE_64, &ld), 0);
	assert_int_equal(mmio_insn_complete_load(&store, &f.ops, 0xff), -HV_EINVAL);
	assert_int_equal(mmio_insn_read_value(&ld, &f.ops, &v), -HV_EINVAL);
	assert_int_equal(v, 0x1234);
	assert_int_equal(mmio_insn_complete_load(NULL, &f.ops, 0xff), -HV_EINVAL);
	assert_int_equal(mmio_insn_complete_load(&ld, NULL, 0xff), -HV_EINVAL);
	assert_int_equal(mmio_insn_read_value(NULL, &f.ops, &v), -HV_EINVAL);
	assert_int_equal(mmio_insn_read_value(&store, NULL, &v), -HV_EINVAL);
	assert_int_equal(mmio_insn_read_value(&store, &f.ops, NULL), -HV_EINVAL);
	ld.reg = MMIO_GPR_COUNT; /* a struct not from the decoder */
	assert_int_equal(mmio_insn_complete_load(&ld, &f.ops, 0xff), -HV_EINVAL);
	ld.reg = 5;
	ld.high8 = true;
	assert_int_equal(mmio_insn_complete_load(&ld, &f.ops, 0xff), -HV_EINVAL);
	assert_int_equal(f.writes, 0);
	assert_memory_equal(f.gpr, before.gpr, sizeof(f.gpr));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(byte_and_word_loads_merge_into_the_register),
		cmocka_unit_test(dword_loads_zero_extend_in_64_bit_mode_only),
		cmocka_unit_test(qword_loads_write_the_whole_register),
		cmocka_unit_test(movzx_zero_extends_to_the_destination),
		cmocka_unit_test(movsx_sign_extends_to_the_destination),
		cmocka_unit_test(bits_beyond_the_access_size_are_ignored),
		cmocka_unit_test(store_value_is_the_register_or_immediate_masked_to_size),
		cmocka_unit_test(helpers_refuse_the_wrong_direction_and_change_nothing),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}

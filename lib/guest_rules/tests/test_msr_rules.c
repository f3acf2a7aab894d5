/* SPDX-License-Identifier: BSD-3-Clause */
/* IA32_PAT, IA32_EFER, IA32_MISC_ENABLE and IA32_MCG_STATUS value rules. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <guest_rules/msr_rules.h>

static void test_pat_reserved_types(void **state)
{
	(void)state;
	assert_true(pat_valid(0x0007040600070406ull)); /* power-up value */
	assert_true(pat_valid(0x0706050401000706ull));
	for (unsigned int i = 0; i < 8; i++) {
		uint64_t base = 0x0007040600070406ull & ~(0xffull << (8 * i));
		assert_false(pat_valid(base | (2ull << (8 * i))));
		assert_false(pat_valid(base | (3ull << (8 * i))));
		assert_false(pat_valid(base | (8ull << (8 * i))));
		assert_false(pat_valid(base | (0x86ull << (8 * i))));
	}
}

static void test_efer_reserved_and_lme_with_paging(void **state)
{
	(void)state;
	uint64_t out = 0;
	assert_false(efer_write(0, 1ull << 1, false, &out));
	assert_false(efer_write(0, 1ull << 63, false, &out));
	assert_false(efer_write(IA32_EFER_LME | IA32_EFER_LMA, IA32_EFER_LMA, true, &out));   /* LME cleared, paging on */
	assert_false(efer_write(0, IA32_EFER_LME, true, &out));                     /* LME set, paging on */
	assert_true(efer_write(0, IA32_EFER_LME, false, &out));
	assert_int_equal(out, IA32_EFER_LME);
	assert_true(efer_write(IA32_EFER_LME | IA32_EFER_LMA, IA32_EFER_LME | IA32_EFER_NXE | IA32_EFER_SCE, true, &out));
	assert_int_equal(out, IA32_EFER_LME | IA32_EFER_LMA | IA32_EFER_NXE | IA32_EFER_SCE);      /* LMA kept */
}

static void test_misc_enable(void **state)
{
	(void)state;
	uint64_t out = 0;
	assert_true(misc_enable_write(MISC_ENABLE_RESET, 0, &out));
	assert_int_equal(out, MISC_ENABLE_FIXED_ONE);                          /* fast strings off, RO kept */
	assert_true(misc_enable_write(out, MISC_ENABLE_RESET | MISC_ENABLE_XTPR_DISABLE, &out));
	assert_int_equal(out, MISC_ENABLE_RESET | MISC_ENABLE_XTPR_DISABLE);
	assert_true(misc_enable_write(out, out | (1ull << 22), &out));         /* ignored */
	assert_int_equal(out, MISC_ENABLE_RESET | MISC_ENABLE_XTPR_DISABLE);
	assert_false(misc_enable_write(out, out | (1ull << 1), &out));         /* reserved */
	assert_false(misc_enable_write(out, out | (1ull << 40), &out));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_pat_reserved_types),
		cmocka_unit_test(test_efer_reserved_and_lme_with_paging),
		cmocka_unit_test(test_misc_enable),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}

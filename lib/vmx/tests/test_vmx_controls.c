/* SPDX-License-Identifier: BSD-3-Clause */
/* vmx_adjust_controls and vmx_apply_fixed: SDM Vol. 3D A.3-A.8. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include <hvkit/errno.h>
#include <vmx/vmx.h>

/* Primary processor-based control 17, "activate tertiary controls" (SDM Vol. 3C 24.6.2): hvkit never sets it. */
#define CPU_BASED_ACTIVATE_TERTIARY_CONTROLS (1u << 17)

/* allowed-0 (must be 1) in the low half, allowed-1 (may be 1) in the high half. */
#define ALLOWED(must1, may1) (((uint64_t)(may1) << 32) | (uint32_t)(must1))

static void test_allowed0_bits_are_forced_to_one(void **state)
{
	uint32_t r = 0;
	(void)state;
	assert_int_equal(vmx_adjust_controls(ALLOWED(0x16, 0xff), 0x01, 0, &r), 0);
	assert_int_equal(r, 0x17);
}

static void test_bits_without_allowed1_are_cleared(void **state)
{
	uint32_t r = 0;
	(void)state;
	assert_int_equal(vmx_adjust_controls(ALLOWED(0, 0x0f), 0xf3, 0, &r), 0);
	assert_int_equal(r, 0x03);
}

static void test_required_bit_that_cannot_be_set_is_refused_and_result_untouched(void **state)
{
	uint32_t r = 0xdeadbeef;
	(void)state;
	assert_int_equal(vmx_adjust_controls(ALLOWED(0, 0x0f), 0x01, 0x80, &r), -HV_ENODEV);
	assert_int_equal(r, 0xdeadbeef);
}

static void test_required_bit_that_can_be_set_is_set_even_if_not_desired(void **state)
{
	uint32_t r = 0;
	(void)state;
	assert_int_equal(vmx_adjust_controls(ALLOWED(0, 0xff), 0x01, 0x80, &r), 0);
	assert_int_equal(r, 0x81);
}

static void test_forced_and_forbidden_together_apply(void **state)
{
	uint32_t r = 0;
	(void)state;
	/* Tigerlake-like TRUE primary proc-based: desire HLT exiting, MSR bitmaps, secondary, and a forbidden bit 17. */
	uint64_t allowed = 0xfff9fffe04006172ull;
	uint32_t desired = CPU_BASED_HLT_EXITING | CPU_BASED_USE_MSR_BITMAPS | CPU_BASED_ACTIVATE_SECONDARY_CONTROLS |
		CPU_BASED_ACTIVATE_TERTIARY_CONTROLS;
	assert_int_equal(vmx_adjust_controls(allowed, desired, CPU_BASED_ACTIVATE_SECONDARY_CONTROLS, &r), 0);
	assert_int_equal(r, (desired | 0x04006172u) & 0xfff9fffeu);
	assert_false(r & CPU_BASED_ACTIVATE_TERTIARY_CONTROLS);
	assert_true(r & CPU_BASED_HLT_EXITING);
	assert_true(r & (1u << 26)); /* forced by allowed-0 */
}

static void test_null_result_is_einval(void **state)
{
	(void)state;
	assert_int_equal(vmx_adjust_controls(ALLOWED(0, 0xff), 1, 0, NULL), -HV_EINVAL);
}

static void test_msr_with_bit_both_forced_and_forbidden_is_eio(void **state)
{
	uint32_t r = 7;
	(void)state;
	assert_int_equal(vmx_adjust_controls(ALLOWED(0x100, 0xff), 1, 0, &r), -HV_EIO);
	assert_int_equal(r, 7);
}

static void test_fixed_bits_set_fixed0_and_clear_outside_fixed1(void **state)
{
	(void)state;
	assert_int_equal(vmx_apply_fixed(0x80000011ull, 0x80000021ull, 0xffffffffull), 0x80000031ull);
	assert_int_equal(vmx_apply_fixed(0x1ffffffffull, 0, 0xffffffffull), 0xffffffffull);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_allowed0_bits_are_forced_to_one),
		cmocka_unit_test(test_bits_without_allowed1_are_cleared),
		cmocka_unit_test(test_required_bit_that_cannot_be_set_is_refused_and_result_untouched),
		cmocka_unit_test(test_required_bit_that_can_be_set_is_set_even_if_not_desired),
		cmocka_unit_test(test_forced_and_forbidden_together_apply),
		cmocka_unit_test(test_null_result_is_einval),
		cmocka_unit_test(test_msr_with_bit_both_forced_and_forbidden_is_eio),
		cmocka_unit_test(test_fixed_bits_set_fixed0_and_clear_outside_fixed1),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}

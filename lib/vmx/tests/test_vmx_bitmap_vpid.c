/* SPDX-License-Identifier: BSD-3-Clause */
/* MSR/I/O bitmaps (SDM 24.6.9, 24.6.4), the VPID allocator and INVVPID. */
#include "test_common.h"

#include <vmx/vmx_bitmap.h>
#include <vmx/vmx_vpid.h>
#include <vmx/vmx_ext.h>

static uint8_t page[4096], pa_[4096], pb_[4096];

static int setup(void **state)
{
	(void)state;
	memset(page, 0, sizeof(page));
	memset(pa_, 0, sizeof(pa_));
	memset(pb_, 0, sizeof(pb_));
	host_platform_reset();
	mock_hw_reset();
	return 0;
}

static void test_msr_bitmap_low_read_and_high_write_land_in_their_quarters(void **state)
{
	(void)state;
	assert_int_equal(vmx_msr_bitmap_set(page, 0x1B, VMX_MSR_READ, true), 0);        /* IA32_APIC_BASE */
	assert_int_equal(page[0x1B / 8], 1u << (0x1B % 8));
	assert_int_equal(vmx_msr_bitmap_set(page, 0xC0000080u, VMX_MSR_WRITE, true), 0); /* EFER */
	assert_int_equal(page[3072 + 0x80 / 8], 1u << (0x80 % 8));
	assert_true(vmx_msr_bitmap_intercepts(page, 0x1B, VMX_MSR_READ));
	assert_false(vmx_msr_bitmap_intercepts(page, 0x1B, VMX_MSR_WRITE));
	assert_true(vmx_msr_bitmap_intercepts(page, 0xC0000080u, VMX_MSR_WRITE));
	assert_false(vmx_msr_bitmap_intercepts(page, 0xC0000080u, VMX_MSR_READ));
}

static void test_msr_bitmap_low_write_and_high_read_offsets(void **state)
{
	(void)state;
	assert_int_equal(vmx_msr_bitmap_set(page, 0x830, VMX_MSR_WRITE, true), 0); /* x2APIC ICR */
	assert_int_equal(page[2048 + 0x830 / 8], 1u << (0x830 % 8));
	assert_int_equal(vmx_msr_bitmap_set(page, 0xC0000101u, VMX_MSR_READ, true), 0);
	assert_int_equal(page[1024 + 0x101 / 8], 1u << (0x101 % 8));
}

static void test_msr_bitmap_clear_removes_intercept(void **state)
{
	(void)state;
	assert_int_equal(vmx_msr_bitmap_set(page, 0x10, VMX_MSR_READ | VMX_MSR_WRITE, true), 0);
	assert_int_equal(vmx_msr_bitmap_set(page, 0x10, VMX_MSR_WRITE, false), 0);
	assert_true(vmx_msr_bitmap_intercepts(page, 0x10, VMX_MSR_READ));
	assert_false(vmx_msr_bitmap_intercepts(page, 0x10, VMX_MSR_WRITE));
}

static void test_msr_outside_bitmap_ranges_is_erange_and_always_intercepted(void **state)
{
	(void)state;
	assert_int_equal(vmx_msr_bitmap_set(page, 0x2000, VMX_MSR_READ, true), -HV_ERANGE);
	assert_int_equal(vmx_msr_bitmap_set(page, 0xC0002000u, VMX_MSR_READ, true), -HV_ERANGE);
	assert_true(vmx_msr_bitmap_intercepts(page, 0x2000, VMX_MSR_READ));
	assert_int_equal(vmx_msr_bitmap_set(page, 0x10, 0, true), -HV_EINVAL);
	assert_int_equal(vmx_msr_bitmap_set(NULL, 0x10, VMX_MSR_READ, true), -HV_EINVAL);
	for (size_t i = 0; i < sizeof(page); i++)
		assert_int_equal(page[i], 0);
}

static void test_io_bitmap_range_spans_a_and_b(void **state)
{
	(void)state;
	assert_int_equal(vmx_io_bitmap_set(pa_, pb_, 0x7FFE, 4, true), 0);
	assert_int_equal(pa_[0x7FFE / 8], 0xC0);
	assert_int_equal(pb_[0], 0x03);
	assert_true(vmx_io_bitmap_intercepts(pa_, pb_, 0x7FFF, 1));
	assert_true(vmx_io_bitmap_intercepts(pa_, pb_, 0x8001, 1));
	assert_false(vmx_io_bitmap_intercepts(pa_, pb_, 0x8002, 1));
	assert_true(vmx_io_bitmap_intercepts(pa_, pb_, 0x7FFC, 4)); /* a dword touching 0x7FFE */
	assert_false(vmx_io_bitmap_intercepts(pa_, pb_, 0x7FF8, 4));
}

static void test_io_bitmap_range_past_ffff_is_refused_unchanged(void **state)
{
	(void)state;
	assert_int_equal(vmx_io_bitmap_set(pa_, pb_, 0xFFFF, 2, true), -HV_ERANGE);
	assert_int_equal(pb_[0xFFF], 0);
	assert_int_equal(vmx_io_bitmap_set(pa_, pb_, 0xFFFF, 1, true), 0);
	assert_int_equal(pb_[0xFFF], 0x80);
	assert_int_equal(vmx_io_bitmap_set(pa_, pb_, 0x10, 0, true), -HV_EINVAL);
	assert_true(vmx_io_bitmap_intercepts(pa_, pb_, 0xFFFE, 4)); /* wraps: always exits */
}

static void test_io_bitmap_clear(void **state)
{
	(void)state;
	assert_int_equal(vmx_io_bitmap_set(pa_, pb_, 0x3F8, 8, true), 0);
	assert_int_equal(vmx_io_bitmap_set(pa_, pb_, 0x3F9, 1, false), 0);
	assert_true(vmx_io_bitmap_intercepts(pa_, pb_, 0x3F8, 1));
	assert_false(vmx_io_bitmap_intercepts(pa_, pb_, 0x3F9, 1));
}

static void test_vpid_allocation_starts_at_1_and_never_hands_out_0(void **state)
{
	static struct vmx_vpid_pool pool;
	uint16_t a, b;
	(void)state;
	memset(&pool, 0, sizeof(pool));
	assert_int_equal(vmx_vpid_alloc(&pool, &a), 0);
	assert_int_equal(vmx_vpid_alloc(&pool, &b), 0);
	assert_int_equal(a, 1);
	assert_int_equal(b, 2);
	assert_int_equal(vmx_vpid_free(&pool, 1), 0);
	assert_int_equal(vmx_vpid_alloc(&pool, &a), 0);
	assert_int_equal(a, 1);
}

static void test_vpid_pool_exhaustion_is_enomem(void **state)
{
	static struct vmx_vpid_pool pool;
	uint16_t v = 0;
	(void)state;
	memset(&pool, 0, sizeof(pool));
	pool.limit = 3;
	for (int i = 0; i < 3; i++)
		assert_int_equal(vmx_vpid_alloc(&pool, &v), 0);
	assert_int_equal(v, 3);
	v = 77;
	assert_int_equal(vmx_vpid_alloc(&pool, &v), -HV_ENOMEM);
	assert_int_equal(v, 77);
}

static void test_vpid_free_of_unallocated_or_zero_is_einval(void **state)
{
	static struct vmx_vpid_pool pool;
	(void)state;
	memset(&pool, 0, sizeof(pool));
	assert_int_equal(vmx_vpid_free(&pool, 0), -HV_EINVAL);
	assert_int_equal(vmx_vpid_free(&pool, 5), -HV_EINVAL);
	uint16_t v;
	assert_int_equal(vmx_vpid_alloc(&pool, &v), 0);
	assert_int_equal(vmx_vpid_free(&pool, v), 0);
	assert_int_equal(vmx_vpid_free(&pool, v), -HV_EINVAL);
}

static void test_invvpid_checks_supported_type_and_vpid(void **state)
{
	struct vmx_caps caps = {0};
	(void)state;
	caps.vpid = true;
	caps.ept_vpid_cap = VMX_VPID_INVVPID | 1ull << (VMX_VPID_INVVPID_TYPE_SHIFT + VMX_INVVPID_SINGLE_CONTEXT) |
		1ull << (VMX_VPID_INVVPID_TYPE_SHIFT + VMX_INVVPID_ALL_CONTEXT);
	assert_int_equal(vmx_invvpid(&caps, VMX_INVVPID_INDIVIDUAL_ADDRESS, 1, 0x1000), -HV_ENODEV);
	assert_int_equal(vmx_invvpid(&caps, VMX_INVVPID_SINGLE_CONTEXT, 0, 0), -HV_EINVAL);
	assert_int_equal(vmx_invvpid(&caps, 9, 1, 0), -HV_EINVAL);
	assert_int_equal(mock_hw.invvpid_calls, 0);
	assert_int_equal(vmx_invvpid(&caps, VMX_INVVPID_SINGLE_CONTEXT, 5, 0xdead), 0);
	assert_int_equal(mock_hw.invvpid_type, 1);
	assert_int_equal(mock_hw.invvpid_vpid, 5);
	assert_int_equal(mock_hw.invvpid_addr, 0);
	assert_int_equal(vmx_invvpid(&caps, VMX_INVVPID_ALL_CONTEXT, 0, 0), 0);
	mock_hw.invvpid_result = VMX_FAIL_VALID;
	assert_int_equal(vmx_invvpid(&caps, VMX_INVVPID_ALL_CONTEXT, 0, 0), -HV_EIO);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup(test_msr_bitmap_low_read_and_high_write_land_in_their_quarters, setup),
		cmocka_unit_test_setup(test_msr_bitmap_low_write_and_high_read_offsets, setup),
		cmocka_unit_test_setup(test_msr_bitmap_clear_removes_intercept, setup),
		cmocka_unit_test_setup(test_msr_outside_bitmap_ranges_is_erange_and_always_intercepted, setup),
		cmocka_unit_test_setup(test_io_bitmap_range_spans_a_and_b, setup),
		cmocka_unit_test_setup(test_io_bitmap_range_past_ffff_is_refused_unchanged, setup),
		cmocka_unit_test_setup(test_io_bitmap_clear, setup),
		cmocka_unit_test_setup(test_vpid_allocation_starts_at_1_and_never_hands_out_0, setup),
		cmocka_unit_test_setup(test_vpid_pool_exhaustion_is_enomem, setup),
		cmocka_unit_test_setup(test_vpid_free_of_unallocated_or_zero_is_einval, setup),
		cmocka_unit_test_setup(test_invvpid_checks_supported_type_and_vpid, setup),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}

/* SPDX-License-Identifier: BSD-3-Clause */
/* EPTP value, INVEPT through the seam, EPT creation from IA32_VMX_EPT_VPID_CAP, creation refusals. */
#include "pt_test_util.h"
#include "mock_hw.h"
#include <ept/pt_ext.h>

#define CAP_FULL                                                                                          \
	(EPT_VPID_CAP_EXEC_ONLY | EPT_VPID_CAP_PWL4 | EPT_VPID_CAP_WB | EPT_VPID_CAP_2M | EPT_VPID_CAP_1G | \
	 EPT_VPID_CAP_INVEPT | EPT_VPID_CAP_AD | EPT_VPID_CAP_INVEPT_SINGLE | EPT_VPID_CAP_INVEPT_ALL)

static void eptp_is_root_with_wb_and_walk_length_4(void **state)
{
	(void)state;
	host_platform_reset();
	size_t start = host_platform_pages_in_use;
	struct pt_table t;
	assert_int_equal(ept_create(&t, CAP_FULL, 48), 0);
	uint64_t eptp = 0;
	assert_int_equal(ept_eptp(&t, CAP_FULL, false, &eptp), 0);
	assert_int_equal(eptp & PT_ADDR_MASK, t.root_pa);
	assert_int_equal(eptp & 7u, 6u);          /* WB */
	assert_int_equal((eptp >> 3) & 7u, 3u);   /* page-walk length 4, minus 1 */
	assert_false(eptp & EPTP_ENABLE_AD);
	assert_int_equal(eptp & 0xf80u, 0);
	assert_int_equal(eptp, t.root_pa | 0x1e);
	assert_int_equal(ept_eptp(&t, CAP_FULL, true, &eptp), 0);
	assert_int_equal(eptp, t.root_pa | 0x5e);
	pt_destroy(&t);
	assert_int_equal(host_platform_pages_in_use, start);
}

static void eptp_refuses_missing_features_and_non_ept_tables(void **state)
{
	(void)state;
	host_platform_reset();
	size_t start = host_platform_pages_in_use;
	struct pt_table t;
	assert_int_equal(ept_create(&t, CAP_FULL, 48), 0);
	uint64_t eptp = 0xdead;
	assert_int_equal(ept_eptp(&t, CAP_FULL & ~EPT_VPID_CAP_WB, false, &eptp), -HV_ENODEV);
	assert_int_equal(ept_eptp(&t, CAP_FULL & ~EPT_VPID_CAP_PWL4, false, &eptp), -HV_ENODEV);
	assert_int_equal(ept_eptp(&t, CAP_FULL & ~EPT_VPID_CAP_AD, true, &eptp), -HV_ENODEV);
	assert_int_equal(ept_eptp(&t, CAP_FULL, false, NULL), -HV_EINVAL);
	assert_int_equal(ept_eptp(NULL, CAP_FULL, false, &eptp), -HV_EINVAL);
	assert_int_equal(eptp, 0xdead); /* untouched by refusals */
	assert_int_equal(ept_eptp(&t, CAP_FULL & ~EPT_VPID_CAP_AD, false, &eptp), 0);
	pt_destroy(&t);

	struct pt_config cfg = {.levels = 4, .hpa_bits = 48, .caps = 0};
	assert_int_equal(pt_create(&t, &vtd_sl_format, &cfg), 0);
	eptp = 0xdead;
	assert_int_equal(ept_eptp(&t, CAP_FULL, false, &eptp), -HV_EINVAL);
	assert_int_equal(eptp, 0xdead);
	pt_destroy(&t);
	assert_int_equal(host_platform_pages_in_use, start);
}

static void invept_single_context_passes_eptp_in_descriptor(void **state)
{
	(void)state;
	mock_hw_reset();
	uint64_t eptp = 0x12345000ull | 0x1e;
	assert_int_equal(ept_invept_single_context(eptp, CAP_FULL), 0);
	assert_int_equal(mock_invept_count, 1);
	assert_int_equal(mock_invept_calls[0].type, INVEPT_SINGLE_CONTEXT);
	assert_int_equal(mock_invept_calls[0].desc.eptp, eptp);
	assert_int_equal(mock_invept_calls[0].desc.reserved, 0);
}

static void invept_single_context_falls_back_to_all_context(void **state)
{
	(void)state;
	mock_hw_reset();
	assert_int_equal(ept_invept_single_context(0x12345000ull | 0x1e, CAP_FULL & ~EPT_VPID_CAP_INVEPT_SINGLE), 0);
	assert_int_equal(mock_invept_count, 1);
	assert_int_equal(mock_invept_calls[0].type, INVEPT_ALL_CONTEXT);
	assert_int_equal(mock_invept_calls[0].desc.reserved, 0);
}

static void invept_refuses_without_support_or_bad_eptp_and_issues_nothing(void **state)
{
	(void)state;
	mock_hw_reset();
	assert_int_equal(ept_invept_single_context(0x12345000ull | 0x1e, CAP_FULL & ~EPT_VPID_CAP_INVEPT), -HV_ENODEV);
	assert_int_equal(ept_invept_single_context(0x12345000ull | 0x1e,
						   CAP_FULL & ~(EPT_VPID_CAP_INVEPT_SINGLE | EPT_VPID_CAP_INVEPT_ALL)),
			 -HV_ENODEV);
	assert_int_equal(ept_invept_single_context(0x12345000ull | 0x11e, CAP_FULL), -HV_EINVAL);
	assert_int_equal(ept_invept_single_context(0x1e, CAP_FULL), -HV_EINVAL);
	assert_int_equal(ept_invept_all_context(CAP_FULL & ~EPT_VPID_CAP_INVEPT), -HV_ENODEV);
	assert_int_equal(ept_invept_all_context(CAP_FULL & ~EPT_VPID_CAP_INVEPT_ALL), -HV_ENODEV);
	assert_int_equal(mock_invept_count, 0);
}

static void invept_all_context_issues_type_2(void **state)
{
	(void)state;
	mock_hw_reset();
	assert_int_equal(ept_invept_all_context(CAP_FULL), 0);
	assert_int_equal(mock_invept_count, 1);
	assert_int_equal(mock_invept_calls[0].type, INVEPT_ALL_CONTEXT);
	assert_int_equal(mock_invept_calls[0].desc.eptp, 0);
	assert_int_equal(mock_invept_calls[0].desc.reserved, 0);
}

static void invept_failure_reported_by_hardware_is_eio(void **state)
{
	(void)state;
	mock_hw_reset();
	mock_invept_result = -HV_EIO;
	assert_int_equal(ept_invept_single_context(0x12345000ull | 0x1e, CAP_FULL), -HV_EIO);
	assert_int_equal(ept_invept_all_context(CAP_FULL), -HV_EIO);
	mock_invept_result = 1; /* any non-zero seam result is a failure */
	assert_int_equal(ept_invept_all_context(CAP_FULL), -HV_EIO);
	assert_int_equal(mock_invept_count, 3);
}

static void ept_caps_follow_ia32_vmx_ept_vpid_cap_bits(void **state)
{
	(void)state;
	assert_int_equal(ept_pt_caps(0), 0);
	assert_int_equal(ept_pt_caps(1ull << 16), PT_CAP_2M);
	assert_int_equal(ept_pt_caps(1ull << 17), PT_CAP_1G);
	assert_int_equal(ept_pt_caps(1ull << 0), PT_CAP_EXEC_ONLY);
	assert_int_equal(ept_pt_caps(CAP_FULL), PT_CAP_2M | PT_CAP_1G | PT_CAP_EXEC_ONLY);
	assert_int_equal(ept_pt_caps(~(EPT_VPID_CAP_2M | EPT_VPID_CAP_1G | EPT_VPID_CAP_EXEC_ONLY)), 0);

	host_platform_reset();
	size_t start = host_platform_pages_in_use;
	struct pt_table t;
	assert_int_equal(ept_create(&t, EPT_VPID_CAP_PWL4 | EPT_VPID_CAP_2M, 39), 0);
	assert_ptr_equal(t.fmt, &ept_format);
	assert_int_equal(t.levels, 4);
	assert_int_equal(t.hpa_bits, 39);
	assert_int_equal(t.caps, PT_CAP_2M);
	assert_int_equal(pt_map(&t, 0, (1ull << 39) - KiB(4), KiB(4), &PROT_RWX_WB), 0);
	assert_int_equal(pt_map(&t, KiB(4), 1ull << 39, KiB(4), &PROT_RWX_WB), -HV_ERANGE);
	pt_destroy(&t);
	assert_int_equal(ept_create(&t, CAP_FULL & ~EPT_VPID_CAP_PWL4, 46), -HV_ENODEV);
	assert_int_equal(host_platform_pages_in_use, start);
}

static void create_refuses_bad_configuration_and_out_of_memory(void **state)
{
	(void)state;
	host_platform_reset();
	size_t start = host_platform_pages_in_use;
	struct pt_table t;
	struct pt_config cfg = {.levels = 3, .hpa_bits = 46, .caps = 0};
	assert_int_equal(pt_create(&t, &ept_format, &cfg), -HV_EINVAL); /* EPT is 4-level only here */
	cfg.levels = 5;
	assert_int_equal(pt_create(&t, &ept_format, &cfg), -HV_EINVAL);
	cfg.levels = 4;
	cfg.hpa_bits = 53;
	assert_int_equal(pt_create(&t, &ept_format, &cfg), -HV_EINVAL);
	cfg.hpa_bits = 31;
	assert_int_equal(pt_create(&t, &ept_format, &cfg), -HV_EINVAL);
	cfg.hpa_bits = 46;
	cfg.caps = PT_CAP_EXEC; /* a VT-d capability */
	assert_int_equal(pt_create(&t, &ept_format, &cfg), -HV_EINVAL);
	cfg.caps = 1u << 7;
	assert_int_equal(pt_create(&t, &ept_format, &cfg), -HV_EINVAL);
	cfg.caps = 0;
	assert_int_equal(pt_create(NULL, &ept_format, &cfg), -HV_EINVAL);
	assert_int_equal(pt_create(&t, NULL, &cfg), -HV_EINVAL);
	host_platform_fail_after = 0;
	assert_int_equal(pt_create(&t, &ept_format, &cfg), -HV_ENOMEM);
	host_platform_fail_after = -1;
	assert_int_equal(host_platform_pages_in_use, start);
	struct pt_table zero = {0};
	pt_destroy(&zero); /* harmless */
	pt_destroy(NULL);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(eptp_is_root_with_wb_and_walk_length_4),
		cmocka_unit_test(eptp_refuses_missing_features_and_non_ept_tables),
		cmocka_unit_test(invept_single_context_passes_eptp_in_descriptor),
		cmocka_unit_test(invept_single_context_falls_back_to_all_context),
		cmocka_unit_test(invept_refuses_without_support_or_bad_eptp_and_issues_nothing),
		cmocka_unit_test(invept_all_context_issues_type_2),
		cmocka_unit_test(invept_failure_reported_by_hardware_is_eio),
		cmocka_unit_test(ept_caps_follow_ia32_vmx_ept_vpid_cap_bits),
		cmocka_unit_test(create_refuses_bad_configuration_and_out_of_memory),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}

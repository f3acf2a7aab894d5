/* SPDX-License-Identifier: BSD-3-Clause */
/* vmx_probe: CPUID, IA32_FEATURE_CONTROL, capability MSRs and derived feature flags. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include <hvkit/errno.h>
#include <vmx/vmx.h>
#include <vmx/vmx_vpid.h>
#include <vmx/vmx_ext.h>
#include <hvkit/arch/x86_ext.h>

#include "host_platform.h"
#include "mock_hw.h"

static int setup(void **state)
{
	(void)state;
	host_platform_reset();
	mock_hw_reset();
	mock_load_tigerlake();
	return 0;
}

static void test_probe_refuses_null_caps(void **state)
{
	(void)state;
	assert_int_equal(vmx_probe(NULL), -HV_EINVAL);
}

static void test_cpuid_vmx_clear_reports_enodev_without_touching_msrs(void **state)
{
	struct vmx_caps caps;
	(void)state;
	mock_hw.cpuid1_ecx = 0;
	mock_hw_reset();
	mock_hw.cpuid1_ecx = 0; /* no MSRs exist at all: any read would be counted */
	assert_int_equal(vmx_probe(&caps), -HV_ENODEV);
	assert_int_equal(mock_hw.bad_msr_reads, 0);
	assert_int_equal(mock_hw.msr_writes, 0);
	assert_non_null(caps.failure);
	assert_string_equal(caps.failure, "VMX not supported (CPUID.1:ECX.VMX=0)");
	assert_int_equal(host_platform_log_count[PLAT_LOG_ERROR], 1);
	assert_false(caps.ept);
}

static void test_feature_control_locked_with_vmx_off_is_reported_as_disabled_by_firmware(void **state)
{
	struct vmx_caps caps;
	(void)state;
	mock_msr_set(IA32_FEATURE_CONTROL, IA32_FEATURE_CONTROL_LOCK);
	assert_int_equal(vmx_probe(&caps), -HV_EPERM);
	assert_string_equal(caps.failure, "VMX disabled by firmware (IA32_FEATURE_CONTROL locked)");
	assert_non_null(strstr(host_platform_last_log, "VMX disabled by firmware (IA32_FEATURE_CONTROL locked)"));
	assert_int_equal(mock_hw.msr_writes, 0);
	assert_int_equal(caps.vmcs_revision_id, 0);
}

static void test_feature_control_locked_with_only_inside_smx_is_refused(void **state)
{
	struct vmx_caps caps;
	(void)state;
	mock_msr_set(IA32_FEATURE_CONTROL, IA32_FEATURE_CONTROL_LOCK | IA32_FEATURE_CONTROL_VMX_INSIDE_SMX);
	assert_int_equal(vmx_probe(&caps), -HV_EPERM);
	assert_int_equal(mock_hw.msr_writes, 0);
}

static void test_feature_control_locked_on_is_not_rewritten(void **state)
{
	struct vmx_caps caps;
	(void)state;
	assert_int_equal(vmx_probe(&caps), 0);
	assert_int_equal(mock_hw.msr_writes, 0);
	assert_null(caps.failure);
}

static void test_feature_control_unlocked_gets_lock_and_vmx_outside_smx_keeping_other_bits(void **state)
{
	struct vmx_caps caps;
	uint64_t fc = 0;
	(void)state;
	mock_msr_set(IA32_FEATURE_CONTROL, 1ull << 20 /* LMCE on, unrelated */);
	assert_int_equal(vmx_probe(&caps), 0);
	assert_int_equal(mock_hw.msr_writes, 1);
	assert_true(mock_msr_get(IA32_FEATURE_CONTROL, &fc));
	assert_int_equal(fc, (1ull << 20) | IA32_FEATURE_CONTROL_LOCK | IA32_FEATURE_CONTROL_VMX_OUTSIDE_SMX);
	assert_int_equal(caps.vmcs_revision_id, 4);
}

static void test_feature_control_write_that_does_not_stick_is_eio(void **state)
{
	struct vmx_caps caps;
	(void)state;
	mock_msr_set(IA32_FEATURE_CONTROL, 0);
	mock_hw.feature_control_ignores_writes = true;
	assert_int_equal(vmx_probe(&caps), -HV_EIO);
	assert_non_null(caps.failure);
}

static void test_basic_fields_are_decoded(void **state)
{
	struct vmx_caps caps;
	(void)state;
	mock_msr_set(IA32_VMX_BASIC, 0x12345ull | (0x400ull << 32) | (6ull << 50) | VMX_BASIC_PHYS_ADDR_32BIT |
		VMX_BASIC_TRUE_CTLS);
	assert_int_equal(vmx_probe(&caps), 0);
	assert_int_equal(caps.vmcs_revision_id, 0x12345);
	assert_true(caps.phys_addr_32bit);
	assert_false(caps.ins_outs_info);
}

static void test_true_control_msrs_are_used_when_basic_bit55_is_set(void **state)
{
	struct vmx_caps caps;
	(void)state;
	assert_int_equal(vmx_probe(&caps), 0);
	assert_int_equal(caps.pinbased_ctls, 0x0000007f00000000ull);
	assert_int_equal(caps.procbased_ctls, 0xfff9fffe04006172ull);
	assert_int_equal(caps.exit_ctls, 0x007fefff00036dfbull);
	assert_int_equal(caps.entry_ctls, 0x0000f3ff000011fbull);
	assert_int_equal(mock_hw.bad_msr_reads, 0);
}

static void test_plain_control_msrs_are_used_without_bit55_and_true_msrs_are_not_read(void **state)
{
	struct vmx_caps caps;
	(void)state;
	mock_hw_reset();
	mock_load_tigerlake();
	/* Rebuild the MSR set without the TRUE MSRs: reading one would be counted. */
	struct mock_hw saved = mock_hw;
	mock_hw_reset();
	for (unsigned int i = 0; i < saved.nmsrs; i++) {
		uint32_t m = saved.msrs[i].index;
		if (m >= IA32_VMX_TRUE_PINBASED_CTLS && m <= IA32_VMX_TRUE_ENTRY_CTLS)
			continue;
		mock_msr_set(m, saved.msrs[i].value);
	}
	mock_msr_set(IA32_VMX_BASIC, 0x4ull | (0x1000ull << 32) | (6ull << 50));
	assert_int_equal(vmx_probe(&caps), 0);
	assert_int_equal(mock_hw.bad_msr_reads, 0);
	assert_int_equal(caps.pinbased_ctls, 0x0000007f00000016ull);
	assert_int_equal(caps.procbased_ctls, 0xfff9fffe0401e172ull);
	assert_int_equal(caps.exit_ctls, 0x007fefff00036dffull);
	assert_int_equal(caps.entry_ctls, 0x0000f3ff000011ffull);
}

static void test_secondary_msrs_are_not_read_when_secondary_controls_cannot_be_set(void **state)
{
	struct vmx_caps caps;
	(void)state;
	/* allowed-1 bit 31 clear; PROCBASED_CTLS2, EPT_VPID_CAP and VMFUNC "do not exist". */
	mock_msr_set(IA32_VMX_TRUE_PROCBASED_CTLS, 0x7ff9fffe04006172ull);
	struct mock_hw saved = mock_hw;
	mock_hw_reset();
	for (unsigned int i = 0; i < saved.nmsrs; i++) {
		uint32_t m = saved.msrs[i].index;
		if (m == IA32_VMX_PROCBASED_CTLS2 || m == IA32_VMX_EPT_VPID_CAP || m == IA32_VMX_VMFUNC)
			continue;
		mock_msr_set(m, saved.msrs[i].value);
	}
	assert_int_equal(vmx_probe(&caps), 0);
	assert_int_equal(mock_hw.bad_msr_reads, 0);
	assert_false(vmx_allowed1(caps.procbased_ctls, CPU_BASED_ACTIVATE_SECONDARY_CONTROLS));
	assert_int_equal(caps.procbased_ctls2, 0);
	assert_false(caps.ept);
	assert_false(caps.vpid);
	assert_false(caps.unrestricted_guest);
	assert_int_equal(caps.ept_vpid_cap, 0);
	assert_true(vmx_allowed1(caps.procbased_ctls, CPU_BASED_USE_TPR_SHADOW));
}

static void test_ept_vpid_cap_is_not_read_without_ept_or_vpid(void **state)
{
	struct vmx_caps caps;
	(void)state;
	/* secondary: only virtualize APIC accesses (bit 0) allowed */
	mock_msr_set(IA32_VMX_PROCBASED_CTLS2, 0x0000000100000000ull);
	struct mock_hw saved = mock_hw;
	mock_hw_reset();
	for (unsigned int i = 0; i < saved.nmsrs; i++)
		if (saved.msrs[i].index != IA32_VMX_EPT_VPID_CAP && saved.msrs[i].index != IA32_VMX_VMFUNC)
			mock_msr_set(saved.msrs[i].index, saved.msrs[i].value);
	assert_int_equal(vmx_probe(&caps), 0);
	assert_int_equal(mock_hw.bad_msr_reads, 0);
	assert_true(vmx_allowed1(caps.procbased_ctls2, SECONDARY_VIRTUALIZE_APIC_ACCESSES));
	assert_false(caps.ept);
	assert_false(caps.vpid);
	assert_int_equal(caps.ept_vpid_cap, 0);
}

static void test_tigerlake_feature_flags_follow_allowed1_bits_and_capability_msr(void **state)
{
	struct vmx_caps caps;
	(void)state;
	assert_int_equal(vmx_probe(&caps), 0);
	assert_true(vmx_allowed1(caps.procbased_ctls, CPU_BASED_ACTIVATE_SECONDARY_CONTROLS));
	assert_true(caps.ept);
	assert_true(caps.vpid);
	assert_true(caps.unrestricted_guest);
	assert_true(caps.preemption_timer);
	assert_int_equal(caps.preemption_timer_rate, 5);
	assert_true(vmx_allowed1(caps.procbased_ctls, CPU_BASED_USE_TPR_SHADOW));
	assert_true(vmx_allowed1(caps.procbased_ctls2, SECONDARY_VIRTUALIZE_APIC_ACCESSES));
	assert_true(vmx_allowed1(caps.procbased_ctls2, SECONDARY_VIRTUALIZE_X2APIC_MODE));
	assert_true(vmx_allowed1(caps.procbased_ctls2, SECONDARY_APIC_REGISTER_VIRTUALIZATION));
	assert_true(vmx_allowed1(caps.procbased_ctls2, SECONDARY_VIRTUAL_INTERRUPT_DELIVERY));
	assert_false(vmx_allowed1(caps.pinbased_ctls, PIN_BASED_PROCESS_POSTED_INTERRUPTS));
	assert_true(caps.load_efer);
	assert_int_equal(caps.cr0_fixed0, 0x80000021ull);
	assert_int_equal(caps.cr4_fixed0, 0x2000ull);
	assert_int_equal(mock_hw.bad_msr_reads, 0);
}

static void test_individual_flags_drop_when_their_bit_is_clear(void **state)
{
	struct vmx_caps caps;
	(void)state;
	mock_msr_set(IA32_VMX_TRUE_PINBASED_CTLS, 0x000000bf00000000ull); /* posted on, timer off */
	mock_msr_set(IA32_VMX_EPT_VPID_CAP, 1ull << 6 /* 4-level walk */ | 1ull << 14 /* WB */ | VMX_EPT_PDE_2MB |
		1ull << (VMX_VPID_INVVPID_TYPE_SHIFT + VMX_INVVPID_SINGLE_CONTEXT) /* without the INVVPID bit */);
	assert_int_equal(vmx_probe(&caps), 0);
	assert_true(vmx_allowed1(caps.pinbased_ctls, PIN_BASED_PROCESS_POSTED_INTERRUPTS));
	assert_false(caps.preemption_timer);
	assert_int_equal(caps.ept_vpid_cap & (VMX_EPT_PDE_2MB | VMX_EPT_PDPTE_1GB | VMX_EPT_ACCESSED_DIRTY),
		VMX_EPT_PDE_2MB);
	/* A type's bit without the INVVPID bit itself: that type is not offered. */
	assert_int_equal(vmx_invvpid(&caps, VMX_INVVPID_SINGLE_CONTEXT, 1, 0), -HV_ENODEV);
}

static void test_vmcs_larger_than_a_page_is_refused(void **state)
{
	struct vmx_caps caps;
	(void)state;
	mock_msr_set(IA32_VMX_BASIC, 0x4ull | (0x1001ull << 32) | (6ull << 50) | VMX_BASIC_TRUE_CTLS);
	assert_int_equal(vmx_probe(&caps), -HV_ENODEV);
	assert_non_null(caps.failure);
	assert_false(caps.ept);
}

static void test_vmcs_memory_type_other_than_wb_is_refused(void **state)
{
	struct vmx_caps caps;
	(void)state;
	mock_msr_set(IA32_VMX_BASIC, 0x4ull | (0x1000ull << 32) | (0ull << 50) | VMX_BASIC_TRUE_CTLS);
	assert_int_equal(vmx_probe(&caps), -HV_ENODEV);
	assert_string_equal(caps.failure, "VMCS memory type is not write-back");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup(test_probe_refuses_null_caps, setup),
		cmocka_unit_test_setup(test_cpuid_vmx_clear_reports_enodev_without_touching_msrs, setup),
		cmocka_unit_test_setup(test_feature_control_locked_with_vmx_off_is_reported_as_disabled_by_firmware, setup),
		cmocka_unit_test_setup(test_feature_control_locked_with_only_inside_smx_is_refused, setup),
		cmocka_unit_test_setup(test_feature_control_locked_on_is_not_rewritten, setup),
		cmocka_unit_test_setup(test_feature_control_unlocked_gets_lock_and_vmx_outside_smx_keeping_other_bits, setup),
		cmocka_unit_test_setup(test_feature_control_write_that_does_not_stick_is_eio, setup),
		cmocka_unit_test_setup(test_basic_fields_are_decoded, setup),
		cmocka_unit_test_setup(test_true_control_msrs_are_used_when_basic_bit55_is_set, setup),
		cmocka_unit_test_setup(test_plain_control_msrs_are_used_without_bit55_and_true_msrs_are_not_read, setup),
		cmocka_unit_test_setup(test_secondary_msrs_are_not_read_when_secondary_controls_cannot_be_set, setup),
		cmocka_unit_test_setup(test_ept_vpid_cap_is_not_read_without_ept_or_vpid, setup),
		cmocka_unit_test_setup(test_tigerlake_feature_flags_follow_allowed1_bits_and_capability_msr, setup),
		cmocka_unit_test_setup(test_individual_flags_drop_when_their_bit_is_clear, setup),
		cmocka_unit_test_setup(test_vmcs_larger_than_a_page_is_refused, setup),
		cmocka_unit_test_setup(test_vmcs_memory_type_other_than_wb_is_refused, setup),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}

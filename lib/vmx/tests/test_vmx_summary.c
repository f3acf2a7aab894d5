/* SPDX-License-Identifier: BSD-3-Clause */
/* vmx_caps_log: the one-line text, failures. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include <hvkit/errno.h>
#include <vmx/vmx.h>

#include "host_platform.h"
#include "mock_hw.h"

#define TIGERLAKE_LINE "vmx: rev 0x4 ept=yes(2M,1G,ad) vpid=yes ug=yes tpr-shadow=yes apic-access=yes " \
	"x2apic-virt=yes apic-reg-virt=yes vid=yes posted-intr=no preempt-timer=yes(rate 5)"

static struct vmx_caps caps;

static int setup(void **state)
{
	(void)state;
	host_platform_reset();
	mock_hw_reset();
	mock_load_tigerlake();
	assert_int_equal(vmx_probe(&caps), 0);
	return 0;
}

static void test_summary_lists_tigerlake_features(void **state)
{
	(void)state;
	host_platform_reset();
	vmx_caps_log(&caps);
	assert_string_equal(host_platform_last_log, TIGERLAKE_LINE);
	assert_int_equal(host_platform_log_count[PLAT_LOG_INFO], 1);
}

static void test_summary_reflects_missing_features(void **state)
{
	(void)state;
	caps.ept_vpid_cap &= ~(VMX_EPT_PDPTE_1GB | VMX_EPT_ACCESSED_DIRTY);
	caps.vpid = false;
	caps.preemption_timer = false;
	caps.pinbased_ctls |= (uint64_t)PIN_BASED_PROCESS_POSTED_INTERRUPTS << 32;
	caps.vmcs_revision_id = 0x12ab;
	vmx_caps_log(&caps);
	assert_non_null(strstr(host_platform_last_log, "vmx: rev 0x12ab ept=yes(2M) vpid=no "));
	assert_non_null(strstr(host_platform_last_log, " posted-intr=yes preempt-timer=no"));
	assert_null(strstr(host_platform_last_log, "rate"));
	caps.ept = false;
	vmx_caps_log(&caps);
	assert_non_null(strstr(host_platform_last_log, " ept=no vpid=no "));
	caps.ept = true;
	caps.ept_vpid_cap = (caps.ept_vpid_cap & ~VMX_EPT_PDE_2MB) | VMX_EPT_ACCESSED_DIRTY;
	vmx_caps_log(&caps);
	assert_non_null(strstr(host_platform_last_log, " ept=yes(ad) vpid=no "));
}

static void test_summary_of_failed_probe_names_the_reason(void **state)
{
	struct vmx_caps failed;
	(void)state;
	mock_msr_set(IA32_FEATURE_CONTROL, IA32_FEATURE_CONTROL_LOCK);
	assert_int_equal(vmx_probe(&failed), -HV_EPERM);
	vmx_caps_log(&failed);
	assert_string_equal(host_platform_last_log,
		"vmx: unavailable: VMX disabled by firmware (IA32_FEATURE_CONTROL locked)");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup(test_summary_lists_tigerlake_features, setup),
		cmocka_unit_test_setup(test_summary_reflects_missing_features, setup),
		cmocka_unit_test_setup(test_summary_of_failed_probe_names_the_reason, setup),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}

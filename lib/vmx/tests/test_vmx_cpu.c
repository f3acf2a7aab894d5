/* SPDX-License-Identifier: BSD-3-Clause */
/* vmx_cpu_on / vmx_cpu_off: VMXON region, CR0/CR4 fixed bits, VMXON/VMXOFF outcomes. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include <hvkit/errno.h>
#include <vmx/vmx.h>
#include <vmx/vmx_ext.h>
#include <hvkit/arch/x86_ext.h>

#include "host_platform.h"
#include "mock_hw.h"

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

static int teardown(void **state)
{
	(void)state;
	assert_int_equal(host_platform_pages_in_use, 0);
	return 0;
}

static void test_vmxon_writes_revision_sets_vmxe_and_fixed_bits(void **state)
{
	struct vmx_cpu cpu = {0};
	(void)state;
	assert_int_equal(vmx_cpu_on(&cpu, &caps), 0);
	assert_true(cpu.on);
	assert_true(mock_hw.in_vmx);
	assert_int_equal(mock_hw.vmxon_calls, 1);
	assert_int_equal(mock_hw.vmxon_pa, plat_virt_to_phys(cpu.vmxon_region));
	assert_int_equal(mock_hw.vmxon_pa & 0xfff, 0);
	assert_int_equal(mock_hw.vmxon_revision, 4);
	assert_true(mock_hw.cr4_at_vmxon & CR4_VMXE);
	assert_true(mock_hw.cr0 & CR0_NE); /* CR0_FIXED0 bit 5 */
	assert_int_equal(cpu.saved_cr0, 0x80000011ull);
	assert_int_equal(cpu.saved_cr4, 0x20ull);
	assert_int_equal(host_platform_pages_in_use, 1);
	assert_int_equal(vmx_cpu_off(&cpu), 0);
}

static void test_vmxoff_restores_cr0_cr4_and_frees_region(void **state)
{
	struct vmx_cpu cpu = {0};
	(void)state;
	assert_int_equal(vmx_cpu_on(&cpu, &caps), 0);
	assert_int_equal(vmx_cpu_off(&cpu), 0);
	assert_false(cpu.on);
	assert_false(mock_hw.in_vmx);
	assert_int_equal(mock_hw.cr0, 0x80000011ull);
	assert_int_equal(mock_hw.cr4, 0x20ull);
	assert_null(cpu.vmxon_region);
	assert_int_equal(host_platform_pages_in_use, 0);
}

static void test_vmxon_failinvalid_is_eio_and_restores_state(void **state)
{
	struct vmx_cpu cpu = {0};
	(void)state;
	mock_hw.vmxon_result = VMX_FAIL_INVALID;
	assert_int_equal(vmx_cpu_on(&cpu, &caps), -HV_EIO);
	assert_false(cpu.on);
	assert_int_equal(cpu.last_status, VMX_FAIL_INVALID);
	assert_int_equal(mock_hw.cr0, 0x80000011ull);
	assert_int_equal(mock_hw.cr4, 0x20ull);
	assert_int_equal(host_platform_pages_in_use, 0);
	assert_non_null(strstr(host_platform_last_log, "VMXON failed (VMfailInvalid)"));
}

static void test_vmxon_failvalid_is_eio_and_restores_state(void **state)
{
	struct vmx_cpu cpu = {0};
	(void)state;
	mock_hw.vmxon_result = VMX_FAIL_VALID;
	assert_int_equal(vmx_cpu_on(&cpu, &caps), -HV_EIO);
	assert_false(cpu.on);
	assert_int_equal(mock_hw.cr4, 0x20ull);
	assert_non_null(strstr(host_platform_last_log, "VMfailValid"));
}

static void test_second_vmxon_on_same_cpu_is_ebusy(void **state)
{
	struct vmx_cpu cpu = {0};
	(void)state;
	assert_int_equal(vmx_cpu_on(&cpu, &caps), 0);
	assert_int_equal(vmx_cpu_on(&cpu, &caps), -HV_EBUSY);
	assert_int_equal(mock_hw.vmxon_calls, 1);
	assert_int_equal(host_platform_pages_in_use, 1);
	assert_int_equal(vmx_cpu_off(&cpu), 0);
}

static void test_out_of_pages_is_enomem_and_touches_no_register(void **state)
{
	struct vmx_cpu cpu = {0};
	(void)state;
	host_platform_fail_after = 0;
	assert_int_equal(vmx_cpu_on(&cpu, &caps), -HV_ENOMEM);
	assert_int_equal(mock_hw.cr0_writes + mock_hw.cr4_writes, 0);
	assert_int_equal(mock_hw.vmxon_calls, 0);
}

static void test_unprobed_or_null_arguments_are_einval(void **state)
{
	struct vmx_cpu cpu = {0};
	struct vmx_caps none = {0};
	(void)state;
	assert_int_equal(vmx_cpu_on(NULL, &caps), -HV_EINVAL);
	assert_int_equal(vmx_cpu_on(&cpu, NULL), -HV_EINVAL);
	assert_int_equal(vmx_cpu_on(&cpu, &none), -HV_EINVAL);
	assert_int_equal(mock_hw.vmxon_calls, 0);
}

static void test_cr4_fixed1_forbidding_vmxe_is_enodev(void **state)
{
	struct vmx_cpu cpu = {0};
	(void)state;
	caps.cr4_fixed1 &= ~CR4_VMXE;
	caps.cr4_fixed0 &= ~CR4_VMXE;
	assert_int_equal(vmx_cpu_on(&cpu, &caps), -HV_ENODEV);
	assert_int_equal(mock_hw.vmxon_calls, 0);
	assert_int_equal(mock_hw.cr4, 0x20ull);
}

static void test_region_above_4g_is_erange_when_basic_bit48_set(void **state)
{
	struct vmx_cpu cpu = {0};
	(void)state;
	/* On the host, "physical" addresses are heap pointers; only meaningful if they are above 4 GiB. */
	void *probe = plat_page_alloc(1);
	uint64_t pa = plat_virt_to_phys(probe);
	plat_page_free(probe, 1);
	if ((pa >> 32) == 0)
		skip();
	caps.phys_addr_32bit = true;
	assert_int_equal(vmx_cpu_on(&cpu, &caps), -HV_ERANGE);
	assert_int_equal(mock_hw.vmxon_calls, 0);
}

static void test_vmxoff_when_off_is_einval(void **state)
{
	struct vmx_cpu cpu = {0};
	(void)state;
	assert_int_equal(vmx_cpu_off(&cpu), -HV_EINVAL);
	assert_int_equal(vmx_cpu_off(NULL), -HV_EINVAL);
	assert_int_equal(mock_hw.vmxoff_calls, 0);
}

static void test_vmxoff_failure_is_eio_and_keeps_vmx_on(void **state)
{
	struct vmx_cpu cpu = {0};
	(void)state;
	assert_int_equal(vmx_cpu_on(&cpu, &caps), 0);
	mock_hw.vmxoff_result = VMX_FAIL_VALID;
	assert_int_equal(vmx_cpu_off(&cpu), -HV_EIO);
	assert_true(cpu.on);
	assert_true(mock_hw.cr4 & CR4_VMXE);
	assert_int_equal(host_platform_pages_in_use, 1);
	mock_hw.vmxoff_result = VMX_SUCCEED;
	assert_int_equal(vmx_cpu_off(&cpu), 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_vmxon_writes_revision_sets_vmxe_and_fixed_bits, setup, teardown),
		cmocka_unit_test_setup_teardown(test_vmxoff_restores_cr0_cr4_and_frees_region, setup, teardown),
		cmocka_unit_test_setup_teardown(test_vmxon_failinvalid_is_eio_and_restores_state, setup, teardown),
		cmocka_unit_test_setup_teardown(test_vmxon_failvalid_is_eio_and_restores_state, setup, teardown),
		cmocka_unit_test_setup_teardown(test_second_vmxon_on_same_cpu_is_ebusy, setup, teardown),
		cmocka_unit_test_setup_teardown(test_out_of_pages_is_enomem_and_touches_no_register, setup, teardown),
		cmocka_unit_test_setup_teardown(test_unprobed_or_null_arguments_are_einval, setup, teardown),
		cmocka_unit_test_setup_teardown(test_cr4_fixed1_forbidding_vmxe_is_enodev, setup, teardown),
		cmocka_unit_test_setup_teardown(test_region_above_4g_is_erange_when_basic_bit48_set, setup, teardown),
		cmocka_unit_test_setup_teardown(test_vmxoff_when_off_is_einval, setup, teardown),
		cmocka_unit_test_setup_teardown(test_vmxoff_failure_is_eio_and_keeps_vmx_on, setup, teardown),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}

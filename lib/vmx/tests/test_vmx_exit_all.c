/* SPDX-License-Identifier: BSD-3-Clause */
/* The flavour of vmx_read_exit_info that reads every exit-information field on every exit (src/vmx_exit_all.c). */
#include "test_common.h"

#include <vmx/vmx_exit.h>

static int setup(void **state)
{
	(void)state;
	host_platform_reset();
	mock_hw_reset();
	return 0;
}

static void test_every_field_is_read_whatever_the_reason(void **state)
{
	struct vmx_exit_info e;
	(void)state;
	mock_hw.current_vmcs = 0x1000;
	mock_vmcs_set(VMCS_EXIT_REASON, 10); /* CPUID: the other reader reads only the length and RIP */
	mock_vmcs_set(VMCS_IDT_VECTORING_INFO, 0x80000b0e);
	mock_vmcs_set(VMCS_EXIT_QUALIFICATION, 4);
	mock_vmcs_set(VMCS_GUEST_LINEAR_ADDRESS, 0xffff800000001000ull);
	mock_vmcs_set(VMCS_GUEST_PHYSICAL_ADDRESS, 0xfee00000);
	mock_vmcs_set(VMCS_GUEST_RIP, 0x7c00);
	mock_vmcs_set(VMCS_VM_EXIT_INTERRUPTION_INFO, 0x80000306);
	mock_vmcs_set(VMCS_VM_EXIT_INTERRUPTION_ERROR_CODE, 5);
	mock_vmcs_set(VMCS_IDT_VECTORING_ERROR_CODE, 2);
	mock_vmcs_set(VMCS_VM_EXIT_INSTRUCTION_LENGTH, 3);
	mock_vmcs_set(VMCS_VM_EXIT_INSTRUCTION_INFO, 0x1234);
	assert_int_equal(vmx_read_exit_info(&e), 0);
	assert_int_equal(e.reason, 10);
	assert_int_equal(e.basic_reason, 10);
	assert_false(e.entry_failure);
	assert_int_equal(e.insn_status, VMX_SUCCEED);
	assert_int_equal(e.idt_vectoring_info, 0x80000b0e);
	assert_int_equal(e.qualification, 4);
	assert_int_equal(e.guest_linear_address, 0xffff800000001000ull);
	assert_int_equal(e.guest_physical_address, 0xfee00000);
	assert_int_equal(e.guest_rip, 0x7c00);
	assert_int_equal(e.interruption_info, 0x80000306);
	assert_int_equal(e.interruption_error_code, 5);
	assert_int_equal(e.idt_vectoring_error_code, 2);
	assert_int_equal(e.instruction_length, 3);
	assert_int_equal(e.instruction_info, 0x1234);
}

static void test_entry_failure_bit_and_basic_reason(void **state)
{
	struct vmx_exit_info e;
	(void)state;
	mock_hw.current_vmcs = 0x1000;
	mock_vmcs_set(VMCS_EXIT_REASON, VMX_EXIT_REASON_ENTRY_FAILURE | 33);
	assert_int_equal(vmx_read_exit_info(&e), 0);
	assert_int_equal(e.basic_reason, 33);
	assert_true(e.entry_failure);
}

static void test_without_current_vmcs_is_eio(void **state)
{
	struct vmx_exit_info e;
	(void)state;
	assert_int_equal(vmx_read_exit_info(&e), -HV_EIO);
	assert_int_equal(vmx_read_exit_info(NULL), -HV_EINVAL);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup(test_every_field_is_read_whatever_the_reason, setup),
		cmocka_unit_test_setup(test_entry_failure_bit_and_basic_reason, setup),
		cmocka_unit_test_setup(test_without_current_vmcs_is_eio, setup),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}

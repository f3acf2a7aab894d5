/* SPDX-License-Identifier: BSD-3-Clause */
/* Exit-reason names, VM-instruction error text, exit information and dispatch. */
#include "test_common.h"

#include <vmx/vmx_exit.h>

static int setup(void **state)
{
	(void)state;
	host_platform_reset();
	mock_hw_reset();
	return 0;
}

static void test_exit_reason_names_follow_appendix_c(void **state)
{
	(void)state;
	assert_string_equal(vmx_exit_reason_name(0), "exception or NMI");
	assert_string_equal(vmx_exit_reason_name(10), "CPUID");
	assert_string_equal(vmx_exit_reason_name(30), "I/O instruction");
	assert_string_equal(vmx_exit_reason_name(33), "VM-entry failure due to invalid guest state");
	assert_string_equal(vmx_exit_reason_name(48), "EPT violation");
	assert_string_equal(vmx_exit_reason_name(52), "VMX-preemption timer expired");
	assert_string_equal(vmx_exit_reason_name(35), "unknown"); /* unused number */
	assert_string_equal(vmx_exit_reason_name(9999), "unknown");
}

static void test_vm_instruction_error_text_follows_sdm(void **state)
{
	(void)state;
	assert_string_equal(vmx_insn_error_text(7), "VM entry with invalid control field(s)");
	assert_string_equal(vmx_insn_error_text(8), "VM entry with invalid host-state field(s)");
	assert_string_equal(vmx_insn_error_text(5), "VMRESUME with non-launched VMCS");
	assert_string_equal(vmx_insn_error_text(28), "invalid operand to INVEPT/INVVPID");
	assert_string_equal(vmx_insn_error_text(14), "unknown VM-instruction error");
	assert_string_equal(vmx_insn_error_text(0), "unknown VM-instruction error");
	assert_string_equal(vmx_insn_error_text(1000), "unknown VM-instruction error");
}

static void test_exit_info_is_read_from_the_current_vmcs(void **state)
{
	struct vmx_exit_info e;
	(void)state;
	mock_hw.current_vmcs = 0x1000;
	mock_vmcs_set(VMCS_EXIT_REASON, VMX_EXIT_REASON_ENTRY_FAILURE | 33);
	mock_vmcs_set(VMCS_EXIT_QUALIFICATION, 4);
	mock_vmcs_set(VMCS_VM_EXIT_INSTRUCTION_LENGTH, 2);
	mock_vmcs_set(VMCS_IDT_VECTORING_INFO, 0x80000b0e);
	mock_vmcs_set(VMCS_GUEST_PHYSICAL_ADDRESS, 0xfee00000);
	mock_vmcs_set(VMCS_GUEST_RIP, 0x7c00);
	assert_int_equal(vmx_read_exit_info(&e), 0);
	assert_int_equal(e.basic_reason, 33);
	assert_true(e.entry_failure);
	assert_int_equal(e.qualification, 4);
	assert_int_equal(e.instruction_length, 2);
	assert_int_equal(e.idt_vectoring_info, 0x80000b0e);
	assert_int_equal(e.guest_physical_address, 0xfee00000);
	assert_int_equal(e.guest_rip, 0x7c00);
}

static void test_exit_info_reads_only_what_the_reason_defines(void **state)
{
	struct vmx_exit_info e;
	(void)state;
	mock_hw.current_vmcs = 0x1000;
	mock_vmcs_set(VMCS_EXIT_REASON, 10); /* CPUID: length and RIP to skip it */
	mock_vmcs_set(VMCS_EXIT_QUALIFICATION, 4);
	mock_vmcs_set(VMCS_VM_EXIT_INSTRUCTION_LENGTH, 2);
	mock_vmcs_set(VMCS_GUEST_PHYSICAL_ADDRESS, 0xfee00000);
	mock_vmcs_set(VMCS_GUEST_RIP, 0x7c00);
	mock_vmcs_set(VMCS_IDT_VECTORING_INFO, 0);
	assert_int_equal(vmx_read_exit_info(&e), 0);
	assert_int_equal(e.basic_reason, 10);
	assert_int_equal(e.instruction_length, 2);
	assert_int_equal(e.guest_rip, 0x7c00);
	assert_int_equal(e.qualification, 0);          /* not defined for CPUID: not read */
	assert_int_equal(e.guest_physical_address, 0);
	/* An exit during event delivery: the error code (bit 11) and the length come along. */
	mock_vmcs_set(VMCS_EXIT_REASON, 48);            /* EPT violation: no instruction length of its own */
	mock_vmcs_set(VMCS_IDT_VECTORING_INFO, 0x80000b0e);
	mock_vmcs_set(VMCS_IDT_VECTORING_ERROR_CODE, 2);
	assert_int_equal(vmx_read_exit_info(&e), 0);
	assert_int_equal(e.idt_vectoring_info, 0x80000b0e);
	assert_int_equal(e.idt_vectoring_error_code, 2);
	assert_int_equal(e.instruction_length, 2);
	assert_int_equal(e.qualification, 4);
	assert_int_equal(e.guest_physical_address, 0xfee00000);
	/* A reason hvkit does not list: every field. */
	mock_vmcs_set(VMCS_EXIT_REASON, 9);
	mock_vmcs_set(VMCS_IDT_VECTORING_INFO, 0);
	assert_int_equal(vmx_read_exit_info(&e), 0);
	assert_int_equal(e.qualification, 4);
	assert_int_equal(e.guest_physical_address, 0xfee00000);
}

static void test_exit_info_without_current_vmcs_is_eio(void **state)
{
	struct vmx_exit_info e;
	(void)state;
	assert_int_equal(vmx_read_exit_info(&e), -HV_EIO);
	assert_int_equal(vmx_read_exit_info(NULL), -HV_EINVAL);
}

static int seen_reason = -1;
static void *seen_ctx;
static int on_cpuid(const struct vmx_exit_info *e, void *ctx)
{
	seen_reason = e->basic_reason;
	seen_ctx = ctx;
	return 7;
}
static int on_default(const struct vmx_exit_info *e, void *ctx)
{
	(void)ctx;
	seen_reason = 1000 + e->basic_reason;
	return -1;
}

static void test_dispatch_calls_handler_for_its_reason_with_ctx(void **state)
{
	struct vmx_exit_table t = {0};
	struct vmx_exit_info e = { .basic_reason = VMX_EXIT_CPUID };
	int ctx;
	(void)state;
	t.handlers[VMX_EXIT_CPUID] = on_cpuid;
	t.default_handler = on_default;
	assert_int_equal(vmx_exit_dispatch(&t, &e, &ctx), 7);
	assert_int_equal(seen_reason, VMX_EXIT_CPUID);
	assert_ptr_equal(seen_ctx, &ctx);
}

static void test_dispatch_sends_unhandled_and_out_of_range_reasons_to_default(void **state)
{
	struct vmx_exit_table t = {0};
	struct vmx_exit_info e = { .basic_reason = VMX_EXIT_HLT };
	(void)state;
	t.handlers[VMX_EXIT_CPUID] = on_cpuid;
	t.default_handler = on_default;
	assert_int_equal(vmx_exit_dispatch(&t, &e, NULL), -1);
	assert_int_equal(seen_reason, 1000 + VMX_EXIT_HLT);
	e.basic_reason = 500;
	assert_int_equal(vmx_exit_dispatch(&t, &e, NULL), -1);
	assert_int_equal(seen_reason, 1500);
}

static void test_dispatch_without_default_is_enosys(void **state)
{
	struct vmx_exit_table t = {0};
	struct vmx_exit_info e = { .basic_reason = VMX_EXIT_HLT };
	(void)state;
	assert_int_equal(vmx_exit_dispatch(&t, &e, NULL), -HV_ENOSYS);
	assert_int_equal(vmx_exit_dispatch(NULL, &e, NULL), -HV_EINVAL);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup(test_exit_reason_names_follow_appendix_c, setup),
		cmocka_unit_test_setup(test_vm_instruction_error_text_follows_sdm, setup),
		cmocka_unit_test_setup(test_exit_info_is_read_from_the_current_vmcs, setup),
		cmocka_unit_test_setup(test_exit_info_reads_only_what_the_reason_defines, setup),
		cmocka_unit_test_setup(test_exit_info_without_current_vmcs_is_eio, setup),
		cmocka_unit_test_setup(test_dispatch_calls_handler_for_its_reason_with_ctx, setup),
		cmocka_unit_test_setup(test_dispatch_sends_unhandled_and_out_of_range_reasons_to_default, setup),
		cmocka_unit_test_setup(test_dispatch_without_default_is_enosys, setup),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}

/* SPDX-License-Identifier: BSD-3-Clause */
/* vCPU VMCS lifetime and vmx_vcpu_run outcomes: exit, VMfailValid/Invalid, entry-failure exits. */
#define _POSIX_C_SOURCE 200809L /* fork, waitpid */
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include "test_common.h"

#include <vmx/vmx_exit.h>
#include <vmx/vmx_run.h>
#include <vmx/vmx_ext.h>

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

static void cpuid_exit(struct vmx_guest_regs *regs)
{
	regs->rax = 0x1234; /* as if the guest changed RAX before exiting */
	mock_vmcs_set(VMCS_EXIT_REASON, VMX_EXIT_CPUID);
	mock_vmcs_set(VMCS_VM_EXIT_INSTRUCTION_LENGTH, 2);
}

static void entry_failure_exit(struct vmx_guest_regs *regs)
{
	(void)regs;
	mock_vmcs_set(VMCS_EXIT_REASON, VMX_EXIT_REASON_ENTRY_FAILURE | VMX_EXIT_ENTRY_FAILURE_GUEST_STATE);
	mock_vmcs_set(VMCS_EXIT_QUALIFICATION, 4);
}

static void test_vcpu_init_writes_revision_clears_and_loads_vmcs(void **state)
{
	struct vmx_vcpu v = {0};
	(void)state;
	assert_int_equal(vmx_vcpu_init(&v, &caps), 0);
	assert_int_equal(*(uint32_t *)v.vmcs, 4);
	assert_int_equal(mock_hw.vmclear_pa, v.vmcs_pa);
	assert_int_equal(mock_hw.current_vmcs, v.vmcs_pa);
	assert_false(v.launched);
	assert_int_equal(vmx_vcpu_init(&v, &caps), -HV_EBUSY);
	vmx_vcpu_destroy(&v);
	assert_null(v.vmcs);
}

static void test_vcpu_init_failures_free_the_page(void **state)
{
	struct vmx_vcpu v = {0};
	(void)state;
	mock_hw.vmptrld_result = VMX_FAIL_VALID;
	assert_int_equal(vmx_vcpu_init(&v, &caps), -HV_EIO);
	assert_null(v.vmcs);
	host_platform_fail_after = 0;
	assert_int_equal(vmx_vcpu_init(&v, &caps), -HV_ENOMEM);
	struct vmx_caps none = {0};
	assert_int_equal(vmx_vcpu_init(&v, &none), -HV_EINVAL);
}

static void test_first_run_launches_then_resumes_and_returns_exit(void **state)
{
	struct vmx_vcpu v = {0};
	struct vmx_exit_info e;
	(void)state;
	assert_int_equal(vmx_vcpu_init(&v, &caps), 0);
	mock_hw.on_vmexit = cpuid_exit;
	assert_int_equal(vmx_vcpu_run(&v, &e), 0);
	assert_int_equal(mock_hw.vmenter_launched, 0);
	assert_ptr_equal(mock_hw.vmenter_regs_seen, &v.regs);
	assert_int_equal(e.basic_reason, VMX_EXIT_CPUID);
	assert_int_equal(e.instruction_length, 2);
	assert_int_equal(v.regs.rax, 0x1234);
	assert_true(v.launched);
	assert_int_equal(vmx_vcpu_run(&v, &e), 0);
	assert_int_equal(mock_hw.vmenter_launched, 1);
	vmx_vcpu_destroy(&v);
}

static void test_vmfailvalid_reports_vm_instruction_error(void **state)
{
	struct vmx_vcpu v = {0};
	struct vmx_exit_info e;
	(void)state;
	assert_int_equal(vmx_vcpu_init(&v, &caps), 0);
	mock_vmcs_set(VMCS_VM_INSTRUCTION_ERROR, 7); /* VM entry with invalid control field(s) */
	mock_hw.vmenter_result = VMX_FAIL_VALID;
	assert_int_equal(vmx_vcpu_run(&v, &e), -HV_EIO);
	assert_int_equal(e.insn_status, VMX_FAIL_VALID);
	assert_int_equal(e.insn_error, 7);
	assert_string_equal(vmx_insn_error_text(e.insn_error), "VM entry with invalid control field(s)");
	assert_false(v.launched);
	vmx_vcpu_destroy(&v);
}

static void test_vmfailinvalid_is_reported_without_error_number(void **state)
{
	struct vmx_vcpu v = {0};
	struct vmx_exit_info e;
	(void)state;
	assert_int_equal(vmx_vcpu_init(&v, &caps), 0);
	mock_hw.vmenter_result = VMX_FAIL_INVALID;
	assert_int_equal(vmx_vcpu_run(&v, &e), -HV_EIO);
	assert_int_equal(e.insn_status, VMX_FAIL_INVALID);
	assert_int_equal(e.insn_error, 0);
	vmx_vcpu_destroy(&v);
}

static void test_entry_failure_exit_is_eio_and_keeps_vmcs_unlaunched(void **state)
{
	struct vmx_vcpu v = {0};
	struct vmx_exit_info e;
	(void)state;
	assert_int_equal(vmx_vcpu_init(&v, &caps), 0);
	mock_hw.on_vmexit = entry_failure_exit;
	assert_int_equal(vmx_vcpu_run(&v, &e), -HV_EIO);
	assert_true(e.entry_failure);
	assert_int_equal(e.basic_reason, 33);
	assert_int_equal(e.qualification, 4);
	assert_false(v.launched);
	assert_int_equal(vmx_vcpu_run(&v, &e), -HV_EIO);
	assert_int_equal(mock_hw.vmenter_launched, 0); /* still VMLAUNCH */
	vmx_vcpu_destroy(&v);
}

static void test_clear_makes_next_entry_a_launch(void **state)
{
	struct vmx_vcpu v = {0};
	struct vmx_exit_info e;
	(void)state;
	assert_int_equal(vmx_vcpu_init(&v, &caps), 0);
	mock_hw.on_vmexit = cpuid_exit;
	assert_int_equal(vmx_vcpu_run(&v, &e), 0);
	assert_int_equal(vmx_vcpu_clear(&v), 0);
	assert_false(v.launched);
	assert_int_equal(vmx_vcpu_load(&v), 0);
	assert_int_equal(vmx_vcpu_run(&v, &e), 0);
	assert_int_equal(mock_hw.vmenter_launched, 0);
	vmx_vcpu_destroy(&v);
}

static void test_run_without_vmcs_is_einval(void **state)
{
	struct vmx_vcpu v = {0};
	struct vmx_exit_info e;
	(void)state;
	assert_int_equal(vmx_vcpu_run(&v, &e), -HV_EINVAL);
	assert_int_equal(vmx_vcpu_load(&v), -HV_EINVAL);
	assert_int_equal(vmx_vcpu_clear(&v), -HV_EINVAL);
	assert_int_equal(mock_hw.vmenter_calls, 0);
}

static void test_vmread_vmwrite_checked_report_failure(void **state)
{
	uint64_t v;
	(void)state;
	assert_int_equal(vmx_vmwrite_checked(VMCS_GUEST_RIP, 1), -HV_EIO); /* no current VMCS */
	assert_int_equal(vmx_vmread_checked(VMCS_GUEST_RIP, &v), -HV_EIO);
	mock_hw.current_vmcs = 0x3000;
	assert_int_equal(vmx_vmwrite_checked(VMCS_GUEST_RIP, 0x7c00), 0);
	assert_int_equal(vmx_vmread_checked(VMCS_GUEST_RIP, &v), 0);
	assert_int_equal(v, 0x7c00);
}

static void test_vmread_vmwrite_return_and_store_values(void **state)
{
	(void)state;
	mock_hw.current_vmcs = 0x3000;
	vmx_vmwrite(VMCS_GUEST_RSP, 0x8000);
	assert_int_equal(vmx_vmread(VMCS_GUEST_RSP), 0x8000);
}

/* The infallible accessors' precondition broken (no current VMCS): a panic (abort in the host platform),
 * never a value nobody checks. Run in a child so that the abort is observed. */
static void test_vmread_vmwrite_without_vmcs_panic(void **state)
{
	(void)state;
	for (int write = 0; write < 2; write++) {
		pid_t pid = fork();
		assert_true(pid >= 0);
		if (pid == 0) {
			mock_hw.current_vmcs = ~0ull; /* none (mock_hw.c) */
			if (write)
				vmx_vmwrite(VMCS_GUEST_RIP, 1);
			else
				(void)vmx_vmread(VMCS_GUEST_RIP);
			_exit(0); /* not reached when the accessor panics */
		}
		int status = 0;
		assert_int_equal(waitpid(pid, &status, 0), pid);
		assert_true(WIFSIGNALED(status));
		assert_int_equal(WTERMSIG(status), SIGABRT);
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_vcpu_init_writes_revision_clears_and_loads_vmcs, setup, teardown),
		cmocka_unit_test_setup_teardown(test_vcpu_init_failures_free_the_page, setup, teardown),
		cmocka_unit_test_setup_teardown(test_first_run_launches_then_resumes_and_returns_exit, setup, teardown),
		cmocka_unit_test_setup_teardown(test_vmfailvalid_reports_vm_instruction_error, setup, teardown),
		cmocka_unit_test_setup_teardown(test_vmfailinvalid_is_reported_without_error_number, setup, teardown),
		cmocka_unit_test_setup_teardown(test_entry_failure_exit_is_eio_and_keeps_vmcs_unlaunched, setup, teardown),
		cmocka_unit_test_setup_teardown(test_clear_makes_next_entry_a_launch, setup, teardown),
		cmocka_unit_test_setup_teardown(test_run_without_vmcs_is_einval, setup, teardown),
		cmocka_unit_test_setup_teardown(test_vmread_vmwrite_checked_report_failure, setup, teardown),
		cmocka_unit_test_setup_teardown(test_vmread_vmwrite_return_and_store_values, setup, teardown),
		cmocka_unit_test_setup_teardown(test_vmread_vmwrite_without_vmcs_panic, setup, teardown),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}

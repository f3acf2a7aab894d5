/* SPDX-License-Identifier: BSD-3-Clause */
/* Event injection (SDM 24.8.3, 26.2.1.3) and re-injection from IDT-vectoring information. */
#include "test_common.h"

#include <vmx/vmx_apicv.h>
#include <vmx/vmx_event.h>

#define X86_EXC_UD 6u

static void test_external_interrupt_info_is_valid_type0_vector(void **state)
{
	uint32_t info = 0;
	struct vmx_event ev = vmx_event_external_interrupt(0x30);
	(void)state;
	assert_int_equal(vmx_event_compose(&ev, true, &info), 0);
	assert_int_equal(info, 0x80000030u);
}

static void test_nmi_is_type2_vector2_and_other_vectors_are_refused(void **state)
{
	uint32_t info = 0;
	struct vmx_event ev = vmx_event_nmi();
	(void)state;
	assert_int_equal(vmx_event_compose(&ev, true, &info), 0);
	assert_int_equal(info, 0x80000202u);
	ev.vector = 3;
	info = 5;
	assert_int_equal(vmx_event_compose(&ev, true, &info), -HV_EINVAL);
	assert_int_equal(info, 5);
}

static void test_page_fault_in_protected_mode_delivers_error_code(void **state)
{
	uint32_t info = 0;
	struct vmx_event ev = vmx_event_exception(X86_EXC_PF, 0x6, true);
	(void)state;
	assert_true(ev.deliver_error_code);
	assert_int_equal(vmx_event_compose(&ev, true, &info), 0);
	assert_int_equal(info, 0x80000b0eu);
}

static void test_exception_in_real_mode_has_no_error_code(void **state)
{
	uint32_t info = 0;
	struct vmx_event ev = vmx_event_exception(X86_EXC_GP, 0x10, false);
	(void)state;
	assert_false(ev.deliver_error_code);
	assert_int_equal(vmx_event_compose(&ev, false, &info), 0);
	assert_int_equal(info, 0x8000030du);
	/* Forcing an error code in real mode is refused (SDM 26.2.1.3). */
	ev.deliver_error_code = true;
	assert_int_equal(vmx_event_compose(&ev, false, &info), -HV_EINVAL);
}

static void test_error_code_only_for_vectors_that_push_one(void **state)
{
	uint32_t info;
	struct vmx_event ev = vmx_event_exception(X86_EXC_UD, 0, true);
	(void)state;
	assert_false(ev.deliver_error_code);
	ev.deliver_error_code = true;
	assert_int_equal(vmx_event_compose(&ev, true, &info), -HV_EINVAL);
	ev = vmx_event_exception(X86_EXC_GP, 0, true);
	ev.deliver_error_code = false;
	assert_int_equal(vmx_event_compose(&ev, true, &info), -HV_EINVAL);
	ev = vmx_event_exception(X86_EXC_GP, 0x10000, true); /* bits 31:16 must be 0 */
	assert_int_equal(vmx_event_compose(&ev, true, &info), -HV_EINVAL);
}

static void test_hardware_exception_vector_above_31_is_refused(void **state)
{
	uint32_t info;
	struct vmx_event ev = vmx_event_exception(32, 0, true);
	(void)state;
	assert_int_equal(vmx_event_compose(&ev, true, &info), -HV_EINVAL);
}

/* INT n with the instruction's length. */
static struct vmx_event software_interrupt(uint8_t vector, uint32_t instruction_length)
{
	return (struct vmx_event){ .vector = vector, .type = VMX_EVENT_SOFTWARE_INTERRUPT,
		.instruction_length = instruction_length };
}

static void test_software_interrupt_needs_instruction_length_1_to_15(void **state)
{
	uint32_t info = 0;
	struct vmx_event ev = software_interrupt(0x80, 2);
	(void)state;
	assert_int_equal(vmx_event_compose(&ev, true, &info), 0);
	assert_int_equal(info, 0x80000480u);
	ev.instruction_length = 0;
	assert_int_equal(vmx_event_compose(&ev, true, &info), -HV_EINVAL);
	ev.instruction_length = 16;
	assert_int_equal(vmx_event_compose(&ev, true, &info), -HV_EINVAL);
}

static void test_reserved_type_1_is_refused(void **state)
{
	uint32_t info;
	struct vmx_event ev = { .vector = 0x20, .type = 1 };
	(void)state;
	assert_int_equal(vmx_event_compose(&ev, true, &info), -HV_EINVAL);
}

static void test_inject_writes_info_error_code_and_length(void **state)
{
	uint64_t v;
	struct vmx_event ev = vmx_event_exception(X86_EXC_GP, 0x18, true);
	(void)state;
	assert_int_equal(vmx_inject_event(&ev, true), 0);
	assert_true(mock_vmcs_get(VMCS_VM_ENTRY_INTERRUPTION_INFO, &v));
	assert_int_equal(v, 0x80000b0du);
	assert_true(mock_vmcs_get(VMCS_VM_ENTRY_EXCEPTION_ERROR_CODE, &v));
	assert_int_equal(v, 0x18);
	assert_false(mock_vmcs_get(VMCS_VM_ENTRY_INSTRUCTION_LENGTH, &v));
	ev = software_interrupt(0x21, 2);
	assert_int_equal(vmx_inject_event(&ev, true), 0);
	assert_true(mock_vmcs_get(VMCS_VM_ENTRY_INSTRUCTION_LENGTH, &v));
	assert_int_equal(v, 2);
}

static void test_inject_of_invalid_event_writes_nothing(void **state)
{
	struct vmx_event ev = software_interrupt(0x21, 0);
	(void)state;
	assert_int_equal(vmx_inject_event(&ev, true), -HV_EINVAL);
	assert_int_equal(mock_hw.vmwrites, 0);
}

static void test_inject_without_current_vmcs_is_eio(void **state)
{
	struct vmx_event ev = vmx_event_external_interrupt(0x40);
	(void)state;
	mock_hw.current_vmcs = ~0ull;
	assert_int_equal(vmx_inject_event(&ev, true), -HV_EIO);
}

static void test_idt_vectoring_page_fault_is_reinjected_with_its_error_code(void **state)
{
	struct vmx_event ev;
	uint32_t info;
	(void)state;
	assert_true(vmx_event_from_idt_vectoring(0x80000b0eu, 0x2, 3, &ev));
	assert_int_equal(ev.vector, 14);
	assert_int_equal(ev.type, VMX_EVENT_HARDWARE_EXCEPTION);
	assert_true(ev.deliver_error_code);
	assert_int_equal(ev.error_code, 2);
	assert_int_equal(ev.instruction_length, 0);
	assert_int_equal(vmx_event_compose(&ev, true, &info), 0);
	assert_int_equal(info, 0x80000b0eu);
}

static void test_idt_vectoring_software_interrupt_keeps_exit_instruction_length(void **state)
{
	struct vmx_event ev;
	(void)state;
	assert_true(vmx_event_from_idt_vectoring(0x80000480u, 0, 2, &ev));
	assert_int_equal(ev.type, VMX_EVENT_SOFTWARE_INTERRUPT);
	assert_int_equal(ev.instruction_length, 2);
	assert_false(ev.deliver_error_code);
}

static void test_idt_vectoring_not_valid_gives_nothing(void **state)
{
	struct vmx_event ev = { .vector = 99 };
	(void)state;
	assert_false(vmx_event_from_idt_vectoring(0x00000b0eu, 0, 0, &ev));
	assert_int_equal(ev.vector, 99);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup(test_external_interrupt_info_is_valid_type0_vector, setup_with_current_vmcs),
		cmocka_unit_test_setup(test_nmi_is_type2_vector2_and_other_vectors_are_refused, setup_with_current_vmcs),
		cmocka_unit_test_setup(test_page_fault_in_protected_mode_delivers_error_code, setup_with_current_vmcs),
		cmocka_unit_test_setup(test_exception_in_real_mode_has_no_error_code, setup_with_current_vmcs),
		cmocka_unit_test_setup(test_error_code_only_for_vectors_that_push_one, setup_with_current_vmcs),
		cmocka_unit_test_setup(test_hardware_exception_vector_above_31_is_refused, setup_with_current_vmcs),
		cmocka_unit_test_setup(test_software_interrupt_needs_instruction_length_1_to_15, setup_with_current_vmcs),
		cmocka_unit_test_setup(test_reserved_type_1_is_refused, setup_with_current_vmcs),
		cmocka_unit_test_setup(test_inject_writes_info_error_code_and_length, setup_with_current_vmcs),
		cmocka_unit_test_setup(test_inject_of_invalid_event_writes_nothing, setup_with_current_vmcs),
		cmocka_unit_test_setup(test_inject_without_current_vmcs_is_eio, setup_with_current_vmcs),
		cmocka_unit_test_setup(test_idt_vectoring_page_fault_is_reinjected_with_its_error_code, setup_with_current_vmcs),
		cmocka_unit_test_setup(test_idt_vectoring_software_interrupt_keeps_exit_instruction_length, setup_with_current_vmcs),
		cmocka_unit_test_setup(test_idt_vectoring_not_valid_gives_nothing, setup_with_current_vmcs),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}

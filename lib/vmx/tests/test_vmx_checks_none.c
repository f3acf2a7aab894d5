/* SPDX-License-Identifier: BSD-3-Clause */
/* The small images' src/vmx_checks_none.c: events are composed and written as given, the rules of SDM
 * Vol. 3C 26.2.1.3 left to the processor's VM-entry checks, as are the host state's (26.2.3); a failed entry's
 * guest state is not re-checked. */
#include "test_common.h"

#include <string.h>

#include <vmx/vmx_event.h>
#include <vmx/vmx_vmcs.h>

static void test_valid_events_are_encoded_as_with_the_check(void **state)
{
	uint32_t info = 0;
	struct vmx_event ev = vmx_event_exception(13, 0x18, true);
	(void)state;
	assert_int_equal(vmx_event_compose(&ev, true, &info), 0);
	assert_int_equal(info, 0x80000b0du);
	ev = vmx_event_nmi();
	assert_int_equal(vmx_event_compose(&ev, true, &info), 0);
	assert_int_equal(info, 0x80000202u);
}

/* What the full check refuses (a software interrupt without an instruction length, reserved type 1) is written:
 * the VM entry, not lib/vmx, refuses it here. */
static void test_broken_rules_are_written_for_the_processor_to_refuse(void **state)
{
	uint64_t v;
	struct vmx_event ev = { .vector = 0x21, .type = VMX_EVENT_SOFTWARE_INTERRUPT };
	(void)state;
	assert_true(vmx_event_valid(&ev, true));
	assert_int_equal(vmx_inject_event(&ev, true), 0);
	assert_true(mock_vmcs_get(VMCS_VM_ENTRY_INTERRUPTION_INFO, &v));
	assert_int_equal(v, 0x80000421u);
	assert_true(mock_vmcs_get(VMCS_VM_ENTRY_INSTRUCTION_LENGTH, &v));
	assert_int_equal(v, 0);
	ev = (struct vmx_event){ .vector = 0x20, .type = 1 };
	assert_int_equal(vmx_inject_event(&ev, true), 0);
}

static void test_null_arguments_are_still_refused(void **state)
{
	uint32_t info;
	struct vmx_event ev = vmx_event_nmi();
	(void)state;
	assert_int_equal(vmx_event_compose(NULL, true, &info), -HV_EINVAL);
	assert_int_equal(vmx_event_compose(&ev, true, NULL), -HV_EINVAL);
}

/* A selector with an RPL, which vmx_host_check.c refuses, is written: the VM entry would fail on it. */
static void test_host_state_is_written_unchecked(void **state)
{
	uint64_t v;
	struct vmx_host_state h = { .rip = 0x100000, .cs = 0x0B, .tr = 0x28, .gdtr_base = 0x0000800000000000ull };
	(void)state;
	assert_true(vmx_host_state_valid(&h));
	assert_int_equal(vmx_host_state_write(&h), 0);
	assert_true(mock_vmcs_get(VMCS_HOST_CS_SELECTOR, &v));
	assert_int_equal(v, 0x0B);
}

static void test_guest_state_is_not_re_checked(void **state)
{
	(void)state;
	assert_non_null(strstr(vmx_guest_state_diagnose(NULL), "not re-checked in this image"));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup(test_valid_events_are_encoded_as_with_the_check, setup_with_current_vmcs),
		cmocka_unit_test_setup(test_broken_rules_are_written_for_the_processor_to_refuse, setup_with_current_vmcs),
		cmocka_unit_test_setup(test_null_arguments_are_still_refused, setup_with_current_vmcs),
		cmocka_unit_test_setup(test_host_state_is_written_unchecked, setup_with_current_vmcs),
		cmocka_unit_test(test_guest_state_is_not_re_checked),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}

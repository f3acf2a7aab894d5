/* SPDX-License-Identifier: BSD-3-Clause */
/* The rules of SDM Vol. 3C 26.2.1.3 for an event to inject, checked before it is written (share and hybrid; the
 * partition and lapic_pt images link src/vmx_checks_none.c and leave them to the processor). */
#include <vmx/vmx_event.h>

/* SDM 26.2.1.3: the VM-entry instruction length must be 1..15 for software events; software exceptions
 * are INT3 (#BP) and INTO (#OF). */
static bool software_event_ok(const struct vmx_event *ev)
{
	if (ev->instruction_length < 1 || ev->instruction_length > 15)
		return false;
	return ev->type != VMX_EVENT_SOFTWARE_EXCEPTION || ev->vector == X86_EXC_BP || ev->vector == X86_EXC_OF;
}

/* SDM 26.2.1.3: the vector and length a type allows; type 1 is reserved. */
static bool type_and_vector_ok(const struct vmx_event *ev)
{
	switch (ev->type) {
	case VMX_EVENT_EXTERNAL_INTERRUPT:
	case VMX_EVENT_OTHER:
		return true;
	case VMX_EVENT_NMI:
		return ev->vector == X86_EXC_NMI; /* an NMI has vector 2 */
	case VMX_EVENT_HARDWARE_EXCEPTION:
		return ev->vector <= 31;
	case VMX_EVENT_SOFTWARE_INTERRUPT:
	case VMX_EVENT_PRIVILEGED_SOFTWARE_EXCEPTION:
	case VMX_EVENT_SOFTWARE_EXCEPTION:
		return software_event_ok(ev);
	default:
		return false;
	}
}

/* SDM 26.2.1.3: deliver-error-code is 1 iff a hardware exception that pushes one, CR0.PE=1; bits 31:16 of
 * the error code are 0. */
static bool error_code_ok(const struct vmx_event *ev, bool guest_protected_mode)
{
	bool ec_allowed = ev->type == VMX_EVENT_HARDWARE_EXCEPTION && guest_protected_mode &&
		vmx_exception_has_error_code(ev->vector);
	if (ev->deliver_error_code != ec_allowed)
		return false;
	return !ev->deliver_error_code || (ev->error_code >> 16) == 0;
}

bool vmx_event_valid(const struct vmx_event *ev, bool guest_protected_mode)
{
	return type_and_vector_ok(ev) && error_code_ok(ev, guest_protected_mode);
}

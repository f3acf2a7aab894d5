/* SPDX-License-Identifier: BSD-3-Clause */
/* VM-entry event injection and re-injection of interrupted event delivery. */
#include <stddef.h>

#include <hvkit/errno.h>
#include <vmx/vmcs_fields.h>
#include <vmx/vmx_event.h>
#include <vmx/vmx_hw.h>

/* The exceptions that push an error code (SDM Vol. 3A 6.15; #CP: 6.15, Control Protection). */
bool vmx_exception_has_error_code(uint8_t vector)
{
	static const uint32_t with_code = 1u << X86_EXC_DF | 1u << X86_EXC_TS | 1u << X86_EXC_NP |
		1u << X86_EXC_SS | 1u << X86_EXC_GP | 1u << X86_EXC_PF | 1u << X86_EXC_AC | 1u << X86_EXC_CP;
	return vector < 32 && ((with_code >> vector) & 1u);
}

struct vmx_event vmx_event_nmi(void)
{
	return (struct vmx_event){ .vector = X86_EXC_NMI, .type = VMX_EVENT_NMI };
}

struct vmx_event vmx_event_exception(uint8_t vector, uint32_t error_code, bool guest_protected_mode)
{
	bool ec = guest_protected_mode && vmx_exception_has_error_code(vector);

	return (struct vmx_event){ .vector = vector, .type = VMX_EVENT_HARDWARE_EXCEPTION,
		.deliver_error_code = ec, .error_code = ec ? error_code : 0 };
}

int vmx_event_compose(const struct vmx_event *ev, bool guest_protected_mode, uint32_t *info)
{
	if (ev == NULL || info == NULL || !vmx_event_valid(ev, guest_protected_mode))
		return -HV_EINVAL;
	*info = VMX_INTR_INFO_VALID | ((uint32_t)ev->type << VMX_INTR_INFO_TYPE_SHIFT) | ev->vector |
		(ev->deliver_error_code ? VMX_INTR_INFO_DELIVER_ERROR_CODE : 0);
	return 0;
}

/* SDM 24.8.3: software interrupts and software/privileged software exceptions carry an instruction length. */
static bool has_instruction_length(unsigned int type)
{
	return type >= VMX_EVENT_SOFTWARE_INTERRUPT && type <= VMX_EVENT_SOFTWARE_EXCEPTION;
}

int vmx_inject_event(const struct vmx_event *ev, bool guest_protected_mode)
{
	uint32_t info;
	int rc = vmx_event_compose(ev, guest_protected_mode, &info);

	if (rc)
		return rc;
	if (ev->deliver_error_code &&
	    vmx_hw_vmwrite(VMCS_VM_ENTRY_EXCEPTION_ERROR_CODE, ev->error_code) != VMX_SUCCEED)
		return -HV_EIO;
	if (has_instruction_length(ev->type) &&
	    vmx_hw_vmwrite(VMCS_VM_ENTRY_INSTRUCTION_LENGTH, ev->instruction_length) != VMX_SUCCEED)
		return -HV_EIO;
	if (vmx_hw_vmwrite(VMCS_VM_ENTRY_INTERRUPTION_INFO, info) != VMX_SUCCEED)
		return -HV_EIO;
	return 0;
}

bool vmx_event_from_idt_vectoring(uint32_t idt_vectoring_info, uint32_t idt_vectoring_error_code,
	uint32_t exit_instruction_length, struct vmx_event *ev)
{
	if (ev == NULL || !(idt_vectoring_info & VMX_INTR_INFO_VALID))
		return false;
	ev->vector = (uint8_t)(idt_vectoring_info & VMX_INTR_INFO_VECTOR_MASK);
	ev->type = (uint8_t)((idt_vectoring_info & VMX_INTR_INFO_TYPE_MASK) >> VMX_INTR_INFO_TYPE_SHIFT);
	ev->deliver_error_code = (idt_vectoring_info & VMX_INTR_INFO_DELIVER_ERROR_CODE) != 0;
	ev->error_code = ev->deliver_error_code ? idt_vectoring_error_code : 0;
	/* SDM 27.2.4: software interrupts/exceptions are re-executed with the exit's instruction length. */
	bool soft = ev->type >= VMX_EVENT_SOFTWARE_INTERRUPT && ev->type <= VMX_EVENT_SOFTWARE_EXCEPTION;
	ev->instruction_length = soft ? exit_instruction_length : 0;
	return true;
}

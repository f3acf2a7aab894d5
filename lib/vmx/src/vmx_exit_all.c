/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Reading exit information, every field on every exit: the flavour of the images whose VMs seldom exit (lapic_pt
 * links it before lib/vmx's archive, whose vmx_exit.c reads only the fields each exit reason defines, SDM Vol. 3C
 * 28.2, at the cost of a table per reason). A field the exit does not define holds what the VMCS holds (the SDM
 * leaves it undefined or cleared) instead of 0: a handler reads only what its exit defines.
 */
#include <stddef.h>
#include <string.h>

#include <hvkit/errno.h>
#include <vmx/vmcs_fields.h>
#include <vmx/vmx_exit.h>
#include <vmx/vmx_hw.h>

#define FIELD(field, member) { field, offsetof(struct vmx_exit_info, member), \
	sizeof(((struct vmx_exit_info *)0)->member) }

/* SDM 24.9.1-24.9.4: the exit-information fields; and the guest RIP (24.4.1) that instruction handlers advance. */
static const struct {
	uint16_t field;
	uint8_t offset, width;
} exit_fields[] = {
	FIELD(VMCS_EXIT_QUALIFICATION, qualification), FIELD(VMCS_GUEST_LINEAR_ADDRESS, guest_linear_address),
	FIELD(VMCS_GUEST_PHYSICAL_ADDRESS, guest_physical_address), FIELD(VMCS_GUEST_RIP, guest_rip),
	FIELD(VMCS_VM_EXIT_INTERRUPTION_INFO, interruption_info),
	FIELD(VMCS_VM_EXIT_INTERRUPTION_ERROR_CODE, interruption_error_code),
	FIELD(VMCS_IDT_VECTORING_ERROR_CODE, idt_vectoring_error_code),
	FIELD(VMCS_VM_EXIT_INSTRUCTION_LENGTH, instruction_length),
	FIELD(VMCS_VM_EXIT_INSTRUCTION_INFO, instruction_info),
};

int vmx_read_exit_info(struct vmx_exit_info *info)
{
	uint64_t reason, idt;

	if (info == NULL)
		return -HV_EINVAL;
	if (vmx_hw_vmread(VMCS_EXIT_REASON, &reason) != VMX_SUCCEED ||
	    vmx_hw_vmread(VMCS_IDT_VECTORING_INFO, &idt) != VMX_SUCCEED)
		return -HV_EIO;
	*info = (struct vmx_exit_info){ .insn_status = VMX_SUCCEED, .reason = (uint32_t)reason,
		.basic_reason = (uint16_t)(reason & VMX_EXIT_REASON_BASIC_MASK),
		.entry_failure = (reason & VMX_EXIT_REASON_ENTRY_FAILURE) != 0, .idt_vectoring_info = (uint32_t)idt };
	for (size_t i = 0; i < sizeof(exit_fields) / sizeof(exit_fields[0]); i++) {
		uint64_t v = 0;
		if (vmx_hw_vmread(exit_fields[i].field, &v) != VMX_SUCCEED)
			return -HV_EIO;
		/* x86 is little-endian: a 32-bit member takes the value's low bytes. */
		memcpy((char *)info + exit_fields[i].offset, &v, exit_fields[i].width);
	}
	return 0;
}

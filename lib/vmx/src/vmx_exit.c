/* SPDX-License-Identifier: BSD-3-Clause */
/* Reading exit information and dispatching on the basic exit reason. */
#include <string.h>

#include <hvkit/errno.h>
#include <vmx/vmcs_fields.h>
#include <vmx/vmx_exit.h>
#include <vmx/vmx_hw.h>

static int rd(uint64_t field, uint64_t *v)
{
	return vmx_hw_vmread(field, v) == VMX_SUCCEED ? 0 : -HV_EIO;
}

int vmx_read_exit_info(struct vmx_exit_info *info)
{
	uint64_t v[11];
	static const uint32_t fields[11] = {
		VMCS_EXIT_REASON, VMCS_EXIT_QUALIFICATION, VMCS_VM_EXIT_INSTRUCTION_LENGTH,
		VMCS_VM_EXIT_INSTRUCTION_INFO, VMCS_VM_EXIT_INTERRUPTION_INFO,
		VMCS_VM_EXIT_INTERRUPTION_ERROR_CODE, VMCS_IDT_VECTORING_INFO, VMCS_IDT_VECTORING_ERROR_CODE,
		VMCS_GUEST_LINEAR_ADDRESS, VMCS_GUEST_PHYSICAL_ADDRESS, VMCS_GUEST_RIP,
	};

	if (info == NULL)
		return -HV_EINVAL;
	for (unsigned int i = 0; i < 11; i++)
		if (rd(fields[i], &v[i]))
			return -HV_EIO;
	memset(info, 0, sizeof(*info));
	info->reason = (uint32_t)v[0];
	info->basic_reason = (uint16_t)(v[0] & VMX_EXIT_REASON_BASIC_MASK);
	info->entry_failure = (v[0] & VMX_EXIT_REASON_ENTRY_FAILURE) != 0;
	info->qualification = v[1];
	info->instruction_length = (uint32_t)v[2];
	info->instruction_info = (uint32_t)v[3];
	info->interruption_info = (uint32_t)v[4];
	info->interruption_error_code = (uint32_t)v[5];
	info->idt_vectoring_info = (uint32_t)v[6];
	info->idt_vectoring_error_code = (uint32_t)v[7];
	info->guest_linear_address = v[8];
	info->guest_physical_address = v[9];
	info->guest_rip = v[10];
	info->insn_status = VMX_SUCCEED;
	return 0;
}

int vmx_exit_dispatch(const struct vmx_exit_table *table, const struct vmx_exit_info *exit, void *ctx)
{
	if (table == NULL || exit == NULL)
		return -HV_EINVAL;
	vmx_exit_handler_t h = NULL;
	if (exit->basic_reason < VMX_EXIT_REASON_COUNT)
		h = table->handlers[exit->basic_reason];
	if (h == NULL)
		h = table->default_handler;
	if (h == NULL)
		return -HV_ENOSYS;
	return h(exit, ctx);
}

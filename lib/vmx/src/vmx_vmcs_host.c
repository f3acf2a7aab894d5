/* SPDX-License-Identifier: BSD-3-Clause */
/* Host-state area of the VMCS (SDM Vol. 3C 24.5; checks 26.2.3). */
#include <hvkit/errno.h>
#include <vmx/vmcs_fields.h>
#include <vmx/vmx_hw.h>
#include <vmx/vmx_vmcs.h>

/* The host IA32_EFER and IA32_PAT fields, for the exit controls that load them. */
static int write_host_msrs(const struct vmx_host_state *h)
{
	if (h->load_efer && vmx_hw_vmwrite(VMCS_HOST_IA32_EFER, vmx_hw_rdmsr(IA32_EFER)) != VMX_SUCCEED)
		return -HV_EIO;
	if (h->load_pat && vmx_hw_vmwrite(VMCS_HOST_IA32_PAT, vmx_hw_rdmsr(IA32_PAT)) != VMX_SUCCEED)
		return -HV_EIO;
	return 0;
}

int vmx_host_state_write(const struct vmx_host_state *h)
{
	if (h == NULL || !vmx_host_state_valid(h))
		return -HV_EINVAL;

	const struct {
		uint32_t field;
		uint64_t value;
	} w[] = {
		{ VMCS_HOST_CR0, vmx_hw_read_cr0() }, { VMCS_HOST_CR3, h->cr3 }, { VMCS_HOST_CR4, vmx_hw_read_cr4() },
		{ VMCS_HOST_RSP, h->rsp }, { VMCS_HOST_RIP, h->rip },
		{ VMCS_HOST_CS_SELECTOR, h->cs }, { VMCS_HOST_SS_SELECTOR, h->ss }, { VMCS_HOST_DS_SELECTOR, h->ds },
		{ VMCS_HOST_ES_SELECTOR, h->es }, { VMCS_HOST_FS_SELECTOR, h->fs }, { VMCS_HOST_GS_SELECTOR, h->gs },
		{ VMCS_HOST_TR_SELECTOR, h->tr },
		{ VMCS_HOST_FS_BASE, h->fs_base }, { VMCS_HOST_GS_BASE, h->gs_base }, { VMCS_HOST_TR_BASE, h->tr_base },
		{ VMCS_HOST_GDTR_BASE, h->gdtr_base }, { VMCS_HOST_IDTR_BASE, h->idtr_base },
		{ VMCS_HOST_IA32_SYSENTER_CS, h->sysenter_cs }, { VMCS_HOST_IA32_SYSENTER_ESP, h->sysenter_esp },
		{ VMCS_HOST_IA32_SYSENTER_EIP, h->sysenter_eip },
	};
	for (unsigned int i = 0; i < sizeof(w) / sizeof(w[0]); i++)
		if (vmx_hw_vmwrite(w[i].field, w[i].value) != VMX_SUCCEED)
			return -HV_EIO;
	return write_host_msrs(h);
}

/* SPDX-License-Identifier: BSD-3-Clause */
/* The guest's paging state from the current VMCS, for lib/guest_walk (string I/O, MMIO emulation). */
#include <core/vm_emulated.h>
#include <guest_walk/guest_walk.h>
#include <hvkit/errno.h>
#include <string.h>
#include <vmx/vmcs_fields.h>
#include <vmx/vmx_decode.h>
#include <vmx/vmx_vmcs.h>

static int read_gpa(void *ctx, uint64_t gpa, void *dst, size_t len)
{
	uint64_t hpa = vm_gpa_to_hpa(ctx, gpa, len);
	if (hpa == 0)
		return -HV_ERANGE;
	memcpy(dst, plat_phys_to_virt(hpa), len);
	return 0;
}

void vcpu_guest_paging(struct vcpu *v, struct guest_paging *paging, uint64_t pdptes[4])
{
	pdptes[0] = vmx_vmread(VMCS_GUEST_PDPTE0);
	pdptes[1] = vmx_vmread(VMCS_GUEST_PDPTE1);
	pdptes[2] = vmx_vmread(VMCS_GUEST_PDPTE2);
	pdptes[3] = vmx_vmread(VMCS_GUEST_PDPTE3);
	uint32_t ss_ar = (uint32_t)vmx_vmread(VMCS_GUEST_SS_AR_BYTES);
	*paging = (struct guest_paging){
		.cr0 = vmx_vmread(VMCS_GUEST_CR0), .cr3 = vmx_vmread(VMCS_GUEST_CR3), .cr4 = vmx_vmread(VMCS_GUEST_CR4),
		.efer = vmx_vmread(VMCS_GUEST_IA32_EFER), .cpl = (ss_ar >> VMX_AR_DPL_SHIFT) & 3, .read_gpa = read_gpa,
		.ctx = v->vm, .maxphyaddr = 0, .pdptes = pdptes,
	};
}

/* SPDX-License-Identifier: BSD-3-Clause */
/* Freeing a vCPU's VMCS: a file of its own, linked only by the images that destroy VMs (share, hybrid). */
#include <hvkit/platform.h>
#include <vmx/vmx_hw.h>
#include <vmx/vmx_run.h>
#include <vmx/vmx_ext.h>

void vmx_vcpu_destroy(struct vmx_vcpu *vcpu)
{
	if (vcpu == NULL || vcpu->vmcs == NULL)
		return;
	(void)vmx_hw_vmclear(vcpu->vmcs_pa);
	plat_page_free(vcpu->vmcs, 1);
	vcpu->vmcs = NULL;
	vcpu->vmcs_pa = 0;
	vcpu->launched = false;
}

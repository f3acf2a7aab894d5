/* SPDX-License-Identifier: BSD-3-Clause */
/* Per-CPU VMX root operation: VMXON region, CR0/CR4 fixed bits, VMXON and VMXOFF. */
#include <string.h>

#include <hvkit/errno.h>
#include <hvkit/platform.h>
#include <vmx/vmx.h>
#include <vmx/vmx_hw.h>

static const char *status_name(enum vmx_insn_status st)
{
	return st == VMX_FAIL_INVALID ? "VMfailInvalid" : st == VMX_FAIL_VALID ? "VMfailValid" : "VMsucceed";
}

int vmx_cpu_on(struct vmx_cpu *cpu, const struct vmx_caps *caps)
{
	if (cpu == NULL || caps == NULL || caps->basic == 0)
		return -HV_EINVAL;
	if (cpu->on)
		return -HV_EBUSY;

	uint32_t *region = plat_page_alloc(1);
	if (region == NULL)
		return -HV_ENOMEM;
	uint64_t pa = plat_virt_to_phys(region);
	/* SDM Vol. 3D A.1: with BASIC bit 48 set, VMXON/VMCS addresses are limited to 32 bits. */
	if (caps->phys_addr_32bit && (pa >> 32) != 0) {
		plat_page_free(region, 1);
		return -HV_ERANGE;
	}
	/* SDM Vol. 3C 24.11.5: bits 30:0 of the first dword hold the revision id, bit 31 clear. */
	region[0] = caps->vmcs_revision_id & (uint32_t)VMX_BASIC_REVISION_MASK;

	uint64_t cr0 = vmx_hw_read_cr0(), cr4 = vmx_hw_read_cr4();
	/* SDM Vol. 3C 23.8: VMXON needs CR4.VMXE and CR0/CR4 within the FIXED0/FIXED1 MSRs. */
	uint64_t new_cr0 = vmx_apply_fixed(cr0, caps->cr0_fixed0, caps->cr0_fixed1);
	uint64_t new_cr4 = vmx_apply_fixed(cr4 | CR4_VMXE, caps->cr4_fixed0, caps->cr4_fixed1);
	if (!(new_cr4 & CR4_VMXE)) {
		plat_page_free(region, 1);
		return -HV_ENODEV; /* FIXED1 forbids CR4.VMXE: VMX cannot be entered */
	}
	if (new_cr0 != cr0)
		vmx_hw_write_cr0(new_cr0);
	if (new_cr4 != cr4)
		vmx_hw_write_cr4(new_cr4);

	enum vmx_insn_status st = vmx_hw_vmxon(pa);
	cpu->last_status = (int)st;
	if (st != VMX_SUCCEED) {
		if (new_cr4 != cr4)
			vmx_hw_write_cr4(cr4);
		if (new_cr0 != cr0)
			vmx_hw_write_cr0(cr0);
		plat_page_free(region, 1);
		plat_log(PLAT_LOG_ERROR, "vmx: cpu %u: VMXON failed (%s)", plat_cpu_index(), status_name(st));
		return -HV_EIO;
	}
	cpu->vmxon_region = region;
	cpu->vmxon_pa = pa;
	cpu->saved_cr0 = cr0;
	cpu->saved_cr4 = cr4;
	cpu->on = true;
	return 0;
}

int vmx_cpu_off(struct vmx_cpu *cpu)
{
	if (cpu == NULL || !cpu->on)
		return -HV_EINVAL;
	enum vmx_insn_status st = vmx_hw_vmxoff();
	if (st != VMX_SUCCEED) {
		plat_log(PLAT_LOG_ERROR, "vmx: cpu %u: VMXOFF failed (%s)", plat_cpu_index(), status_name(st));
		return -HV_EIO;
	}
	vmx_hw_write_cr4(cpu->saved_cr4);
	vmx_hw_write_cr0(cpu->saved_cr0);
	plat_page_free(cpu->vmxon_region, 1);
	cpu->vmxon_region = NULL;
	cpu->vmxon_pa = 0;
	cpu->on = false;
	return 0;
}

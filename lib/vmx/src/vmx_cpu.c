/* SPDX-License-Identifier: BSD-3-Clause */
/* Per-CPU VMX root operation: VMXON region, CR0/CR4 fixed bits, VMXON (VMXOFF: vmx_cpu_off.c). */
#include <string.h>

#include <hvkit/errno.h>
#include <hvkit/platform.h>
#include <vmx/vmx.h>
#include <vmx/vmx_hw.h>

static const char *status_name(enum vmx_insn_status st)
{
	return st == VMX_FAIL_INVALID ? "VMfailInvalid" : st == VMX_FAIL_VALID ? "VMfailValid" : "VMsucceed";
}

static int cpu_on_args(const struct vmx_cpu *cpu, const struct vmx_caps *caps)
{
	if (cpu == NULL || caps == NULL || caps->basic == 0)
		return -HV_EINVAL;
	return cpu->on ? -HV_EBUSY : 0;
}

/* A VMXON region: one page, below 4 GiB when the capabilities ask for it, stamped with the revision id. */
static int vmxon_region_alloc(const struct vmx_caps *caps, uint32_t **region, uint64_t *pa)
{
	uint32_t *r = plat_page_alloc(1);
	if (r == NULL)
		return -HV_ENOMEM;
	*pa = plat_virt_to_phys(r);
	/* SDM Vol. 3D A.1: with BASIC bit 48 set, VMXON/VMCS addresses are limited to 32 bits. */
	if (caps->phys_addr_32bit && (*pa >> 32) != 0) {
		plat_page_free(r, 1);
		return -HV_ERANGE;
	}
	/* SDM Vol. 3C 24.11.5: bits 30:0 of the first dword hold the revision id, bit 31 clear. */
	r[0] = caps->vmcs_revision_id & (uint32_t)VMX_BASIC_REVISION_MASK;
	*region = r;
	return 0;
}

/* Execute VMXON with CR0/CR4 at their VMX-fixed values; on failure, CR4 then CR0 go back to cpu->saved_*. */
static int enter_root(struct vmx_cpu *cpu, uint64_t pa, uint64_t new_cr0, uint64_t new_cr4)
{
	vmx_hw_write_cr0(new_cr0);
	vmx_hw_write_cr4(new_cr4);
	enum vmx_insn_status st = vmx_hw_vmxon(pa);
	cpu->last_status = (int)st;
	if (st == VMX_SUCCEED)
		return 0;
	vmx_hw_write_cr4(cpu->saved_cr4);
	vmx_hw_write_cr0(cpu->saved_cr0);
	plat_log(PLAT_LOG_ERROR, "vmx: cpu %u: VMXON failed (%s)", plat_cpu_index(), status_name(st));
	return -HV_EIO;
}

int vmx_cpu_on(struct vmx_cpu *cpu, const struct vmx_caps *caps)
{
	int rc = cpu_on_args(cpu, caps);
	if (rc != 0)
		return rc;
	uint32_t *region;
	uint64_t pa;
	if ((rc = vmxon_region_alloc(caps, &region, &pa)) != 0)
		return rc;

	cpu->saved_cr0 = vmx_hw_read_cr0();
	cpu->saved_cr4 = vmx_hw_read_cr4();
	/* SDM Vol. 3C 23.8: VMXON needs CR4.VMXE and CR0/CR4 within the FIXED0/FIXED1 MSRs. */
	uint64_t new_cr0 = vmx_apply_fixed(cpu->saved_cr0, caps->cr0_fixed0, caps->cr0_fixed1);
	uint64_t new_cr4 = vmx_apply_fixed(cpu->saved_cr4 | CR4_VMXE, caps->cr4_fixed0, caps->cr4_fixed1);
	/* FIXED1 forbidding CR4.VMXE means VMX cannot be entered. */
	rc = (new_cr4 & CR4_VMXE) ? enter_root(cpu, pa, new_cr0, new_cr4) : -HV_ENODEV;
	if (rc != 0) {
		plat_page_free(region, 1);
		return rc;
	}
	cpu->vmxon_region = region;
	cpu->on = true;
	return 0;
}

/* SPDX-License-Identifier: BSD-3-Clause */
/* Leaving VMX root operation: a file of its own, so that an image that stays in it (every hvkit image) does not
 * link it. */
#include <hvkit/errno.h>
#include <hvkit/platform.h>
#include <vmx/vmx.h>
#include <vmx/vmx_hw.h>
#include <vmx/vmx_ext.h>

int vmx_cpu_off(struct vmx_cpu *cpu)
{
	if (cpu == NULL || !cpu->on)
		return -HV_EINVAL;
	enum vmx_insn_status st = vmx_hw_vmxoff();
	if (st != VMX_SUCCEED) {
		const char *why = st == VMX_FAIL_VALID ? "VMfailValid" : "VMfailInvalid";
		plat_log(PLAT_LOG_ERROR, "vmx: cpu %u: VMXOFF failed (%s)", plat_cpu_index(), why);
		return -HV_EIO;
	}
	vmx_hw_write_cr4(cpu->saved_cr4);
	vmx_hw_write_cr0(cpu->saved_cr0);
	plat_page_free(cpu->vmxon_region, 1);
	cpu->vmxon_region = NULL;
	cpu->on = false;
	return 0;
}

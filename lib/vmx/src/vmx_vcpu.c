/* SPDX-License-Identifier: BSD-3-Clause */
/* A vCPU's VMCS: allocation, VMCLEAR/VMPTRLD, field access, and the run step. */
#include <stddef.h>
#include <string.h>

#include <hvkit/errno.h>
#include <hvkit/platform.h>
#include <vmx/vmcs_fields.h>
#include <vmx/vmx_hw.h>
#include <vmx/vmx_run.h>

/* src/vmx_entry_x86.S finds each GPR at 8 times its SDM register number (rax first), CR2 at 0x80: the struct's
 * members are all uint64_t, so these two fix every offset. */
_Static_assert(offsetof(struct vmx_guest_regs, r15) == 0x78, "regs layout");
_Static_assert(offsetof(struct vmx_guest_regs, cr2) == 0x80, "regs layout");

/* The checked accessors' outcome: 0, or -HV_EIO logged at DEBUG. */
static int checked(const char *insn, uint64_t field, enum vmx_insn_status st)
{
	if (st == VMX_SUCCEED)
		return 0;
	plat_log(PLAT_LOG_DEBUG, "vmx: %s %lx failed (%d)", insn, (unsigned long)field, (int)st);
	return -HV_EIO;
}

int vmx_vmread_checked(uint64_t field, uint64_t *value)
{
	return checked("VMREAD", field, vmx_hw_vmread(field, value));
}

int vmx_vmwrite_checked(uint64_t field, uint64_t value)
{
	return checked("VMWRITE", field, vmx_hw_vmwrite(field, value));
}

/* A broken precondition of the infallible accessors (vmx_run.h): name the field and the error, stop. */
static _Noreturn void vmcs_access_failed(const char *insn, uint64_t field, enum vmx_insn_status st)
{
	uint64_t err = 0;

	if (st == VMX_FAIL_VALID)
		(void)vmx_hw_vmread(VMCS_VM_INSTRUCTION_ERROR, &err);
	plat_panic("vmx: %s of field %#lx failed (%s, VM-instruction error %lu)", insn, (unsigned long)field,
		   st == VMX_FAIL_VALID ? "VMfailValid" : "VMfailInvalid: no current VMCS", (unsigned long)err);
}

uint64_t vmx_vmread(uint64_t field)
{
	uint64_t value = 0;
	enum vmx_insn_status st = vmx_hw_vmread(field, &value);

	if (st != VMX_SUCCEED)
		vmcs_access_failed("VMREAD", field, st);
	return value;
}

void vmx_vmwrite(uint64_t field, uint64_t value)
{
	enum vmx_insn_status st = vmx_hw_vmwrite(field, value);

	if (st != VMX_SUCCEED)
		vmcs_access_failed("VMWRITE", field, st);
}

/* Stamp a new VMCS with the revision id, clear it and make it current. */
static int vmcs_make_current(uint32_t *vmcs, uint64_t pa, const struct vmx_caps *caps)
{
	/* SDM 24.2: bits 30:0 revision id, bit 31 0 (not a shadow VMCS). */
	vmcs[0] = caps->vmcs_revision_id & (uint32_t)VMX_BASIC_REVISION_MASK;
	/* SDM 24.11.3: VMCLEAR before first use sets the launch state to clear. */
	if (vmx_hw_vmclear(pa) != VMX_SUCCEED || vmx_hw_vmptrld(pa) != VMX_SUCCEED)
		return -HV_EIO;
	return 0;
}

int vmx_vcpu_init(struct vmx_vcpu *vcpu, const struct vmx_caps *caps)
{
	if (vcpu == NULL || caps == NULL || caps->basic == 0)
		return -HV_EINVAL;
	if (vcpu->vmcs != NULL)
		return -HV_EBUSY;
	uint32_t *vmcs = plat_page_alloc(1);
	if (vmcs == NULL)
		return -HV_ENOMEM;
	uint64_t pa = plat_virt_to_phys(vmcs);
	if (vmcs_make_current(vmcs, pa, caps) != 0) {
		plat_page_free(vmcs, 1);
		return -HV_EIO;
	}
	vcpu->vmcs = vmcs;
	vcpu->vmcs_pa = pa;
	vcpu->launched = false;
	return 0;
}

int vmx_vcpu_load(struct vmx_vcpu *vcpu)
{
	if (vcpu == NULL || vcpu->vmcs == NULL)
		return -HV_EINVAL;
	return vmx_hw_vmptrld(vcpu->vmcs_pa) == VMX_SUCCEED ? 0 : -HV_EIO;
}

int vmx_vcpu_clear(struct vmx_vcpu *vcpu)
{
	if (vcpu == NULL || vcpu->vmcs == NULL)
		return -HV_EINVAL;
	if (vmx_hw_vmclear(vcpu->vmcs_pa) != VMX_SUCCEED)
		return -HV_EIO;
	vcpu->launched = false;
	return 0;
}

/* VMLAUNCH/VMRESUME failed as an instruction: its status, and with VMfailValid the VM-instruction error
 * (SDM 30.4). */
static void record_entry_fail(struct vmx_exit_info *exit, enum vmx_insn_status st)
{
	*exit = (struct vmx_exit_info){ 0 };
	exit->insn_status = (int)st;
	if (st != VMX_FAIL_VALID)
		return;
	uint64_t err = 0;
	if (vmx_hw_vmread(VMCS_VM_INSTRUCTION_ERROR, &err) == VMX_SUCCEED)
		exit->insn_error = (uint32_t)err;
}

int vmx_vcpu_run(struct vmx_vcpu *vcpu, struct vmx_exit_info *exit)
{
	if (vcpu == NULL || exit == NULL || vcpu->vmcs == NULL)
		return -HV_EINVAL;
	enum vmx_insn_status st = vmx_hw_vmenter(&vcpu->regs, vcpu->launched);
	if (st != VMX_SUCCEED) {
		record_entry_fail(exit, st);
		return -HV_EIO;
	}
	if (vmx_read_exit_info(exit))
		return -HV_EIO;
	/* SDM 26.7: a VM-entry failure exit leaves the launch state as it was. */
	if (exit->entry_failure)
		return -HV_EIO;
	vcpu->launched = true;
	return 0;
}

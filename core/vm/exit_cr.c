/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Control-register accesses that exit: writes that change a CR0/CR4 bit the host owns
 * (the guest/host masks, SDM Vol. 3C 25.6.6), CLTS and LMSW; MOV to/from CR8, where the APIC
 * model makes them exit (no TPR shadow), is the model's (vcpu_apic_mov_cr8). The guest sees its own value
 * through the read shadow; the real register keeps the bits VMX forces (A.7, A.8).
 */
#include <core/console.h>
#include <core/vm.h>
#include <core/vm_internal.h>
#include <guest_rules/cr_rules.h>
#include <vmx/vmcs_fields.h>
#include <vmx/vmx_arch.h>
#include <vmx/vmx_decode.h>

/* What MOV to CR0/CR4 is checked against (lib/guest_rules). */
static struct cr_state cr_state_of(const struct vcpu *v)
{
	uint64_t efer = vmx_vmread(VMCS_GUEST_IA32_EFER);
	return (struct cr_state){
		.cr0 = vcpu_guest_cr0(), .cr3 = vmx_vmread(VMCS_GUEST_CR3), .cr4 = vcpu_guest_cr4(),
		.efer_lme = efer & IA32_EFER_LME, .efer_lma = efer & IA32_EFER_LMA, .cr4_reserved = v->cr4_reserved,
	};
}

/* SDM Vol. 3A 9.8.5: setting CR0.PG with EFER.LME activates IA-32e mode (EFER.LMA). */
static void update_long_mode(uint64_t old_cr0, uint64_t new_cr0)
{
	if (!((old_cr0 ^ new_cr0) & CR0_PG))
		return;
	uint64_t efer = vmx_vmread(VMCS_GUEST_IA32_EFER), entry = vmx_vmread(VMCS_VM_ENTRY_CONTROLS);
	if ((new_cr0 & CR0_PG) && (efer & IA32_EFER_LME)) {
		efer |= IA32_EFER_LMA;
		entry |= VM_ENTRY_IA32E_MODE_GUEST;
	} else if (!(new_cr0 & CR0_PG)) {
		efer &= ~IA32_EFER_LMA;
		entry &= ~(uint64_t)VM_ENTRY_IA32E_MODE_GUEST;
	}
	vmx_vmwrite(VMCS_GUEST_IA32_EFER, efer);
	vmx_vmwrite(VMCS_VM_ENTRY_CONTROLS, entry);
}

static int write_cr0(struct vcpu *v, uint64_t val)
{
	const struct vmx_caps *caps = vmx_bringup_caps();
	const struct cr_state s = cr_state_of(v);
	if (cr0_write_faults(&s, val)) {
		vcpu_inject_exception(v, 13, 0); /* SDM Vol. 2B MOV CRn: #GP(0) */
		return -1;
	}
	uint64_t old = vmx_vmread(VMCS_GUEST_CR0);
	update_long_mode(old, val);
	vmx_vmwrite(VMCS_CR0_READ_SHADOW, val);
	vmx_vmwrite(VMCS_GUEST_CR0, vmx_guest_cr0(caps, val, true));
	return 0;
}

/*
 * The CR4 guest/host mask owns every bit the guest may not set (vcpu_set_entry_state), so a write
 * that exits is normally refused here; whatever passes the rules is loaded as the guest asked.
 */
static int write_cr4(struct vcpu *v, uint64_t val)
{
	const struct cr_state s = cr_state_of(v);
	if (cr4_write_faults(&s, val)) {
		vcpu_inject_exception(v, 13, 0); /* SDM Vol. 2B MOV CRn: #GP(0) */
		return -1;
	}
	vmx_vmwrite(VMCS_CR4_READ_SHADOW, val);
	vmx_vmwrite(VMCS_GUEST_CR4, vmx_guest_cr4(vmx_bringup_caps(), val));
	return 0;
}

#define CR_UNSUPPORTED 1 /* an access hvkit does not expect: CR3 is not intercepted, others do not exist */

/* MOV to CR0 or CR4 (SDM Vol. 2B MOV CRn): outside 64-bit mode the operand is 32 bits. */
static int mov_to_cr(struct vcpu *v, const struct vmx_cr_access *a)
{
	uint64_t *reg = vmx_guest_gpr(&v->vmx.regs, a->gpr);
	uint64_t val = reg ? *reg : vmx_vmread(VMCS_GUEST_RSP);
	uint64_t cs_ar = vmx_vmread(VMCS_GUEST_CS_AR_BYTES);
	if (!(cs_ar & VMX_AR_L))
		val = (uint32_t)val;
	switch (a->cr) {
	case 0:
		return write_cr0(v, val);
	case 4:
		return write_cr4(v, val);
	default:
		return CR_UNSUPPORTED;
	}
}

/* MOV from CR0 or CR4 is not intercepted (their read shadows answer); CR8 is the APIC model's. */
static int mov_from_cr(struct vcpu *v, const struct vmx_cr_access *a)
{
	(void)v, (void)a;
	return CR_UNSUPPORTED;
}

static int clts(struct vcpu *v, const struct vmx_cr_access *a)
{
	(void)a;
	uint64_t shadow = vmx_vmread(VMCS_CR0_READ_SHADOW);
	return write_cr0(v, shadow & ~CR0_TS);
}

/* LMSW loads PE, MP, EM, TS and cannot clear PE (SDM Vol. 2A LMSW). */
static int lmsw(struct vcpu *v, const struct vmx_cr_access *a)
{
	uint64_t shadow = vmx_vmread(VMCS_CR0_READ_SHADOW);
	return write_cr0(v, (shadow & ~0xeull) | (a->lmsw_source & 0xfu) | (shadow & CR0_PE));
}

/* By access type, exit qualification bits 5:4 (SDM Vol. 3C Table 28-3). */
static int (*const CR_ACCESS[4])(struct vcpu *v, const struct vmx_cr_access *a) = {
	[VMX_CR_ACCESS_MOV_TO_CR] = mov_to_cr,
	[VMX_CR_ACCESS_MOV_FROM_CR] = mov_from_cr,
	[VMX_CR_ACCESS_CLTS] = clts,
	[VMX_CR_ACCESS_LMSW] = lmsw,
};

int exit_cr_access(const struct vmx_exit_info *exit, void *ctx)
{
	struct vcpu *v = ctx;
	struct vmx_cr_access a;
	vmx_decode_cr_access(exit->qualification, &a);
	int rc = a.cr == 8 ? vcpu_apic_mov_cr8(v, &a) : CR_ACCESS[a.access_type & 3](v, &a);
	if (rc == CR_UNSUPPORTED) {
		vm_stop(v->vm, VM_STATUS_FAULT, "vcpu %u: unexpected control-register access (CR%u, type %u)",
			v->index, a.cr, a.access_type);
		return EXIT_STOP_VCPU;
	}
	if (rc == 0)
		vcpu_skip_instruction(exit);
	return EXIT_RESUME;
}

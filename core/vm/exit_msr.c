/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * RDMSR/WRMSR under an explicit policy (lib/guest_rules/src/msr_policy.c): every MSR a guest may
 * touch is listed there with what happens: passed through by the MSR bitmap, emulated here, or
 * denied with #GP(0). Anything not listed is denied too, and logged once per VM and MSR.
 */
#include <core/console.h>
#include <core/vm.h>
#include <core/vm_internal.h>
#include <core/x86.h>
#include <guest_rules/cr_rules.h>
#include <guest_rules/msr_policy.h>
#include <guest_rules/msr_rules.h>
#include <vmx/vmcs_fields.h>
#include <vmx/vmx_bitmap.h>

/* Build the VM's MSR bitmap: intercept everything but what the policy passes (SDM Vol. 3C 24.6.9). */
void msr_bitmap_build(void *bitmap)
{
	for (unsigned int i = 0; i < 4096 / 8; i++)
		((uint64_t *)bitmap)[i] = ~0ull;
	size_t n = 0;
	const struct msr_rule *rules = msr_policy_rules(&n);
	for (size_t i = 0; i < n; i++) {
		unsigned int pass = rules[i].policy == MSR_PASS ? VMX_MSR_READ | VMX_MSR_WRITE
				    : rules[i].policy == MSR_PASS_WRITE ? VMX_MSR_WRITE : 0;
		for (uint32_t m = rules[i].first; pass && m <= rules[i].last; m++)
			vmx_msr_bitmap_set(bitmap, m, pass, false);
	}
}

/* Is this the first denial of msr in the VM (or past the 16 remembered)? Remembers it while there is room. */
static bool first_denial(uint32_t *slot, uint32_t msr)
{
	unsigned int i = 0;
	while (i < 16 && slot[i] && slot[i] != msr + 1)
		i++;
	if (i < 16 && slot[i] != 0)
		return false;
	if (i < 16)
		slot[i] = msr + 1;
	return true;
}

static bool efer_emulate(struct vcpu *v, bool write, uint64_t *val)
{
	(void)v;
	if (!write) {
		*val = vmx_vmread(VMCS_GUEST_IA32_EFER);
		return true;
	}
	uint64_t next = 0;
	if (!efer_write(vmx_vmread(VMCS_GUEST_IA32_EFER), *val, vcpu_guest_cr0() & CR0_PG, &next))
		return false;
	return vmx_vmwrite_checked(VMCS_GUEST_IA32_EFER, next) == 0;
}

/*
 * The MSRs emulated here, each by a handler: true when emulated (the value in *val for a read), false
 * to deny (#GP). Constant ones read as what the guest's CPUID promises and take no write, or ignore it.
 */
typedef bool (*msr_fn)(struct vcpu *v, bool write, uint64_t *val);

#define MTRR_DEF_TYPE_WB 6u /* type WB in bits 7:0, E and FE (bits 11, 10) clear (SDM Vol. 3A 11.11.2.1) */

/* What a write to a constant MSR does: #GP, nothing, or nothing when it writes the value it reads (#GP otherwise). */
enum { WRITE_REFUSED, WRITE_IGNORED, WRITE_SAME };

/* The MSRs that read as a constant (what the guest's CPUID promises). */
static const struct {
	uint32_t msr;
	uint64_t value;
	uint8_t write;
} constant_msrs[] = {
	{ IA32_FEATURE_CONTROL, IA32_FEATURE_CONTROL_LOCK, WRITE_REFUSED }, /* locked, VMX off inside and outside SMX */
	{ IA32_BIOS_SIGN_ID, 0, WRITE_IGNORED }, /* no microcode update signature; the update trigger's companion */
	{ IA32_MTRRCAP, 0, WRITE_REFUSED },      /* no variable or fixed MTRRs */
	{ IA32_MTRR_DEF_TYPE, MTRR_DEF_TYPE_WB, WRITE_IGNORED }, /* MTRRs disabled: the memory type comes from EPT */
	{ IA32_MCG_CAP, 0, WRITE_REFUSED },      /* no banks, no MCG_CTL (MCA is hidden) */
	{ IA32_MCG_STATUS, 0, WRITE_SAME },      /* with no banks only 0 may be written (MCA, SDM Vol. 3B) */
};

/* 1 when msr is a constant one and the access is allowed (the value in *val for a read), 0 when it is
 * refused, -1 when msr is not a constant one. */
static int constant_msr(uint32_t msr, bool write, uint64_t *val)
{
	for (size_t i = 0; i < sizeof(constant_msrs) / sizeof(constant_msrs[0]); i++) {
		if (constant_msrs[i].msr != msr)
			continue;
		if (!write)
			*val = constant_msrs[i].value;
		return !write || constant_msrs[i].write == WRITE_IGNORED ||
		       (constant_msrs[i].write == WRITE_SAME && *val == constant_msrs[i].value);
	}
	return -1;
}

static bool misc_enable_emulate(struct vcpu *v, bool write, uint64_t *val)
{
	if (!write) {
		*val = v->misc_enable;
		return true;
	}
	return misc_enable_write(v->misc_enable, *val, &v->misc_enable);
}

/* In the VMCS (save/load debug controls). */
static bool debugctl_emulate(struct vcpu *v, bool write, uint64_t *val)
{
	(void)v;
	if (!write) {
		*val = vmx_vmread(VMCS_GUEST_IA32_DEBUGCTL);
		return true;
	}
	return !(*val & ~DEBUGCTL_WRITABLE) && vmx_vmwrite_checked(VMCS_GUEST_IA32_DEBUGCTL, *val) == 0;
}

static bool pat_emulate(struct vcpu *v, bool write, uint64_t *val)
{
	(void)v;
	if (write)
		return pat_valid(*val) && vmx_vmwrite_checked(VMCS_GUEST_IA32_PAT, *val) == 0;
	*val = vmx_vmread(VMCS_GUEST_IA32_PAT);
	return true;
}

static const struct {
	uint32_t msr;
	msr_fn fn;
} emulated[] = {
	{ IA32_TSC, msr_tsc_emulate },
	{ IA32_TSC_ADJUST, msr_tsc_adjust_emulate },
	{ IA32_MISC_ENABLE, misc_enable_emulate },
	{ IA32_DEBUGCTL, debugctl_emulate },
	{ IA32_PAT, pat_emulate },
	{ IA32_EFER, efer_emulate },
};

/* Returns true when emulated (value in *val for reads), false to deny. IA32_APIC_BASE, TSC deadline and
 * the x2APIC range belong to the local APIC model. */
static bool msr_emulate(struct vcpu *v, uint32_t msr, bool write, uint64_t *val)
{
	int constant = constant_msr(msr, write, val);
	if (constant >= 0)
		return constant == 1;
	for (size_t i = 0; i < sizeof(emulated) / sizeof(emulated[0]); i++)
		if (emulated[i].msr == msr)
			return emulated[i].fn(v, write, val);
	int rc = write ? vcpu_apic_wrmsr(v, msr, *val) : vcpu_apic_rdmsr(v, msr, val);
	return rc == 0;
}

/* Does the policy let the access through to emulation? A write-only command MSR that exits is a read: #GP as natively. */
static bool policy_allows(const struct msr_rule *rule)
{
	return rule != NULL && rule->policy != MSR_DENY && rule->policy != MSR_PASS_WRITE;
}

/*
 * A refused access, #GP(0): a value or access the SDM refuses, or a policy denial, logged once per VM
 * and MSR for the first 16 MSRs and every line through the VM's log limiter: a guest sweeping the MSR
 * space gets a few lines, not one per MSR.
 */
static void refuse(struct vcpu *v, uint32_t msr, bool write, const struct msr_rule *rule)
{
	static uint32_t logged[VM_MAX][16];
	if ((rule == NULL || rule->policy == MSR_DENY) && first_denial(logged[v->vm->id], msr))
		vm_guest_log(v->vm, PLAT_LOG_WARN, "vcpu %u: %s of MSR 0x%x (%s) denied: #GP", v->index,
			     write ? "write" : "read", msr, rule ? rule->name : "not in the policy");
	vcpu_inject_exception(v, 13, 0);
}

static int exit_msr(const struct vmx_exit_info *exit, struct vcpu *v, bool write)
{
	uint32_t msr = (uint32_t)v->vmx.regs.rcx;
	uint64_t val = (v->vmx.regs.rdx << 32) | (uint32_t)v->vmx.regs.rax;
	const struct msr_rule *rule = msr_policy_lookup(msr);
	if (!policy_allows(rule) || !msr_emulate(v, msr, write, &val)) {
		refuse(v, msr, write, rule);
		return EXIT_RESUME;
	}
	if (!write) {
		v->vmx.regs.rax = (uint32_t)val;
		v->vmx.regs.rdx = val >> 32;
	}
	vcpu_skip_instruction(exit);
	return EXIT_RESUME;
}

int exit_rdmsr(const struct vmx_exit_info *exit, void *ctx)
{
	return exit_msr(exit, ctx, false);
}

int exit_wrmsr(const struct vmx_exit_info *exit, void *ctx)
{
	return exit_msr(exit, ctx, true);
}

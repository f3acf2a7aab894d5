/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * RDMSR/WRMSR under an explicit policy. Every MSR a guest may touch is listed here with what
 * happens: passed through by the MSR bitmap, emulated, or denied with #GP(0). Anything not
 * listed is denied too, and logged once per VM and MSR.
 */
#include <core/console.h>
#include <core/vm.h>
#include <core/x86.h>
#include <vmx/vmcs_fields.h>
#include <vmx/vmx_bitmap.h>

enum msr_policy { MSR_PASS, MSR_EMULATE, MSR_DENY };

struct msr_rule {
	uint32_t first, last;
	enum msr_policy policy;
	const char *name;
};

/* Passed through: state the VMCS saves and loads, or that only the guest's own code uses. */
static const struct msr_rule msr_rules[] = {
	{ 0x00000010, 0x00000010, MSR_EMULATE, "IA32_TSC" },
	{ 0x0000001b, 0x0000001b, MSR_EMULATE, "IA32_APIC_BASE" },
	{ 0x0000003a, 0x0000003a, MSR_EMULATE, "IA32_FEATURE_CONTROL" },
	{ 0x0000008b, 0x0000008b, MSR_EMULATE, "IA32_BIOS_SIGN_ID" },
	{ 0x000000fe, 0x000000fe, MSR_EMULATE, "IA32_MTRRCAP" },
	{ 0x00000174, 0x00000176, MSR_PASS, "IA32_SYSENTER_CS/ESP/EIP" },
	{ 0x000001a0, 0x000001a0, MSR_EMULATE, "IA32_MISC_ENABLE" },
	{ 0x000002ff, 0x000002ff, MSR_EMULATE, "IA32_MTRR_DEF_TYPE" },
	{ 0x00000277, 0x00000277, MSR_EMULATE, "IA32_PAT" },
	{ 0x00000480, 0x00000491, MSR_DENY, "IA32_VMX_*" },
	{ 0x000006e0, 0x000006e0, MSR_EMULATE, "IA32_TSC_DEADLINE" },
	{ 0x00000800, 0x000008ff, MSR_EMULATE, "x2APIC" },
	{ 0xc0000080, 0xc0000080, MSR_EMULATE, "IA32_EFER" },
	{ 0xc0000081, 0xc0000084, MSR_PASS, "IA32_STAR/LSTAR/CSTAR/FMASK" },
	{ 0xc0000100, 0xc0000102, MSR_PASS, "IA32_FS_BASE/GS_BASE/KERNEL_GS_BASE" },
	{ 0xc0000103, 0xc0000103, MSR_PASS, "IA32_TSC_AUX" },
};

static const struct msr_rule *msr_rule_for(uint32_t msr)
{
	for (unsigned int i = 0; i < sizeof(msr_rules) / sizeof(msr_rules[0]); i++)
		if (msr >= msr_rules[i].first && msr <= msr_rules[i].last)
			return &msr_rules[i];
	return NULL;
}

/* Build the VM's MSR bitmap: intercept everything but the MSR_PASS rules (SDM Vol. 3C 24.6.9). */
void msr_bitmap_build(void *bitmap)
{
	for (unsigned int i = 0; i < 4096 / 8; i++)
		((uint64_t *)bitmap)[i] = ~0ull;
	for (unsigned int i = 0; i < sizeof(msr_rules) / sizeof(msr_rules[0]); i++) {
		if (msr_rules[i].policy != MSR_PASS)
			continue;
		for (uint32_t m = msr_rules[i].first; m <= msr_rules[i].last; m++)
			vmx_msr_bitmap_set(bitmap, m, VMX_MSR_READ | VMX_MSR_WRITE, false);
	}
}

/* Logged once per VM and MSR for the first 16 MSRs, and every line through the VM's log limiter: a
 * guest sweeping the MSR space gets a few lines, not one per MSR. */
static void deny(struct vcpu *v, uint32_t msr, bool write, const struct msr_rule *rule)
{
	static uint32_t logged[VM_MAX][16];
	uint32_t *slot = logged[v->vm->id];
	unsigned int i = 0;
	while (i < 16 && slot[i] && slot[i] != msr + 1)
		i++;
	if (i == 16 || slot[i] == 0) {
		if (i < 16)
			slot[i] = msr + 1;
		vm_guest_log(v->vm, PLAT_LOG_WARN, "vcpu %u: %s of MSR 0x%x (%s) denied: #GP", v->index,
			     write ? "write" : "read", msr, rule ? rule->name : "not in the policy");
	}
	vcpu_inject_exception(v, 13, 0);
}

static bool efer_valid(uint64_t efer)
{
	/* SCE (0), LME (8), LMA (10), NXE (11) are what guests may set. */
	return (efer & ~((1ull << 0) | (1ull << 8) | (1ull << 10) | (1ull << 11))) == 0;
}

/* Returns true when emulated (value in *val for reads), false to deny. */
static bool msr_emulate(struct vcpu *v, uint32_t msr, bool write, uint64_t *val)
{
	switch (msr) {
	case 0x10:
		if (!write)
			*val = rdtsc();
		return !write;
	case 0x3a:
		if (!write)
			*val = 1; /* locked, VMX off both inside and outside SMX */
		return !write;
	case 0x8b:
		if (!write)
			*val = 0;
		return true;
	case 0xfe:
		if (!write)
			*val = 0; /* no variable or fixed MTRRs: the memory type comes from EPT */
		return !write;
	case 0x2ff:
		if (!write)
			*val = 6; /* default type WB, MTRRs disabled */
		return true;
	case 0x1a0:
		if (!write)
			*val = 1; /* fast strings */
		return true;
	case 0x277:
		if (write)
			return vmx_vmwrite(VMCS_GUEST_IA32_PAT, *val) == 0;
		return vmx_vmread(VMCS_GUEST_IA32_PAT, val) == 0;
	case 0xc0000080: {
		if (!write)
			return vmx_vmread(VMCS_GUEST_IA32_EFER, val) == 0;
		if (!efer_valid(*val))
			return false;
		/* LMA is the CPU's to set (with CR0.PG); keep the current value of it. */
		uint64_t cur = 0;
		vmx_vmread(VMCS_GUEST_IA32_EFER, &cur);
		return vmx_vmwrite(VMCS_GUEST_IA32_EFER, (*val & ~(1ull << 10)) | (cur & (1ull << 10))) == 0;
	}
	default: {
		/* IA32_APIC_BASE, TSC deadline and the x2APIC range belong to the local APIC model. */
		int rc = write ? vcpu_apic_wrmsr(v, msr, *val) : vcpu_apic_rdmsr(v, msr, val);
		return rc == 0;
	}
	}
}

static int exit_msr(const struct vmx_exit_info *exit, struct vcpu *v, bool write)
{
	uint32_t msr = (uint32_t)v->vmx.regs.rcx;
	uint64_t val = (v->vmx.regs.rdx << 32) | (uint32_t)v->vmx.regs.rax;
	const struct msr_rule *rule = msr_rule_for(msr);
	if (rule == NULL || rule->policy == MSR_DENY || !msr_emulate(v, msr, write, &val)) {
		deny(v, msr, write, rule);
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

/* SPDX-License-Identifier: BSD-3-Clause */
/* The MSR policy table (see msr_policy.h). Passed through: state the VMCS saves and loads, or that
 * only the guest's own code uses (partition mode: one vCPU per physical CPU, README "Limits"). */
#include <guest_rules/msr_policy.h>

static const struct msr_rule msr_rules[] = {
	{ 0x00000010, 0x00000010, MSR_EMULATE, "IA32_TSC" },
	{ 0x0000001b, 0x0000001b, MSR_EMULATE, "IA32_APIC_BASE" },
	{ 0x0000003a, 0x0000003a, MSR_EMULATE, "IA32_FEATURE_CONTROL" },
	{ 0x0000003b, 0x0000003b, MSR_EMULATE, "IA32_TSC_ADJUST" },
	{ 0x00000048, 0x00000048, MSR_PASS, "IA32_SPEC_CTRL" },
	{ 0x00000049, 0x00000049, MSR_PASS_WRITE, "IA32_PRED_CMD" },
	{ 0x0000008b, 0x0000008b, MSR_EMULATE, "IA32_BIOS_SIGN_ID" },
	{ 0x000000fe, 0x000000fe, MSR_EMULATE, "IA32_MTRRCAP" },
	{ 0x0000010b, 0x0000010b, MSR_PASS_WRITE, "IA32_FLUSH_CMD" },
	{ 0x00000174, 0x00000176, MSR_PASS, "IA32_SYSENTER_CS/ESP/EIP" },
	{ 0x00000179, 0x0000017a, MSR_EMULATE, "IA32_MCG_CAP/MCG_STATUS" },
	{ 0x000001a0, 0x000001a0, MSR_EMULATE, "IA32_MISC_ENABLE" },
	{ 0x000001d9, 0x000001d9, MSR_EMULATE, "IA32_DEBUGCTL" },
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

const struct msr_rule *msr_policy_lookup(uint32_t msr)
{
	for (size_t i = 0; i < sizeof(msr_rules) / sizeof(msr_rules[0]); i++)
		if (msr >= msr_rules[i].first && msr <= msr_rules[i].last)
			return &msr_rules[i];
	return NULL;
}

const struct msr_rule *msr_policy_rules(size_t *count)
{
	*count = sizeof(msr_rules) / sizeof(msr_rules[0]);
	return msr_rules;
}

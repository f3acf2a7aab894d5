/* SPDX-License-Identifier: BSD-3-Clause */
/* lib/guest_rules: what MOV to CR0 and RDMSR/WRMSR do for a guest, decided by pure functions. */
#include <guest_rules/cr_rules.h>
#include <guest_rules/msr_policy.h>
#include <stdio.h>

static const char *const policy_names[] = { "pass", "pass writes", "emulate", "deny (#GP)" };

static void show_msr(uint32_t msr)
{
	const struct msr_rule *r = msr_policy_lookup(msr);
	printf("MSR 0x%x: %s%s%s\n", msr, r ? policy_names[r->policy] : "deny (#GP)", r ? ", " : "",
	       r ? r->name : "");
}

int main(void)
{
	/* A guest in protected mode without paging. */
	const struct cr_state s = { .cr0 = CR0_PE | CR0_ET };
	printf("CR0 |= PG: %s\n", cr0_write_faults(&s, s.cr0 | CR0_PG) ? "#GP" : "allowed");
	printf("CR0 |= NW without CD: %s\n", cr0_write_faults(&s, s.cr0 | CR0_NW) ? "#GP" : "allowed");
	show_msr(IA32_EFER);
	show_msr(IA32_FEATURE_CONTROL);
	return 0;
}

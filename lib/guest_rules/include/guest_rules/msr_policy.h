/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * The MSR policy: every MSR a guest may touch, with what happens to it. Anything not listed is
 * denied (#GP). Data only, so a host test can check CPUID against it.
 */
#ifndef HVKIT_GUEST_RULES_MSR_POLICY_H
#define HVKIT_GUEST_RULES_MSR_POLICY_H

#include <stddef.h>
#include <stdint.h>

enum msr_policy {
	MSR_PASS,       /* the MSR bitmap lets reads and writes through */
	MSR_PASS_WRITE, /* a write-only command MSR: writes pass, reads #GP (as natively) */
	MSR_EMULATE,    /* both exit and are emulated */
	MSR_DENY,       /* #GP */
};

struct msr_rule {
	uint32_t first, last;
	enum msr_policy policy;
	const char *name;
};

/* The rule for msr, or NULL (denied). */
const struct msr_rule *msr_policy_lookup(uint32_t msr);
/* The whole table, for building the MSR bitmap. */
const struct msr_rule *msr_policy_rules(size_t *count);

#endif

/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * What MOV to CR0/CR4 may load (SDM Vol. 3A 2.5, Vol. 2B MOV CRn): pure rules, no hardware access,
 * so the hypervisor's exit handler and a host unit test share them.
 */
#ifndef HVKIT_GUEST_RULES_CR_RULES_H
#define HVKIT_GUEST_RULES_CR_RULES_H

#include <hvkit/arch/x86.h>
#include <stdbool.h>
#include <stdint.h>

/* The guest's CPUID as it sees it: leaf 1 and leaf 7 sub-leaf 0 (EAX, EBX, ECX, EDX). */
struct cr_cpuid {
	uint32_t leaf1[4];
	uint32_t leaf7[4];
};

/*
 * CR4 bits a guest may not set: bits 63:32, bits the VMX fixed-1 MSR does not allow (SDM Vol. 3C
 * A.8), VMXE and SMXE (no nested VMX or SMX), and each bit whose CPUID feature the guest does not
 * see (the CPUID feature table of SDM Vol. 3A 2.5: a bit of an unsupported feature is reserved).
 */
uint64_t cr4_reserved_bits(const struct cr_cpuid *c, uint64_t vmx_cr4_fixed1);

/* Guest state MOV to CR0/CR4 is checked against. */
struct cr_state {
	uint64_t cr0, cr3, cr4; /* as the guest sees them */
	bool efer_lme, efer_lma;
	uint64_t cr4_reserved;  /* from cr4_reserved_bits */
};

/* Does MOV to CR4 of val raise #GP(0) (SDM Vol. 2B MOV CRn)? */
bool cr4_write_faults(const struct cr_state *s, uint64_t val);
/* Does MOV to CR0 of val raise #GP(0)? */
bool cr0_write_faults(const struct cr_state *s, uint64_t val);

#endif

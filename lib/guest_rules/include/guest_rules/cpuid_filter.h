/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * What a guest's CPUID says (SDM Vol. 2A CPUID), as a pure function of the host's answer and the
 * vCPU's state: VMX hidden, features whose MSRs the policy denies hidden, the hypervisor leaves,
 * a topology of exactly the VM's vCPUs. core/vm/exit_cpuid.c runs it on the real CPUID.
 */
#ifndef HVKIT_GUEST_RULES_CPUID_FILTER_H
#define HVKIT_GUEST_RULES_CPUID_FILTER_H

#include <stdbool.h>
#include <stdint.h>

struct xsave_layout;

struct cpuid_view {
	unsigned int vcpu_index, vcpu_count;
	uint64_t guest_cr4;   /* OSXSAVE and OSPKE mirror it */
	bool apic_enabled;    /* IA32_APIC_BASE.EN: CPUID.1:EDX.APIC (SDM Vol. 3A 11.4.3) */
	bool x2apic_allowed;  /* the VM may use x2APIC mode (CPUID.1:ECX.x2APIC) */
	uint32_t host_max_leaf; /* the host's CPUID.0:EAX: leaves above it up to 14H read 0 */
	uint64_t tsc_hz;      /* the guest's TSC rate: leaves 15H, 16H and 0x40000010 */
	uint64_t timer_hz;    /* its local APIC timer's input clock: leaves 15H and 16H */
	/* Leaf 0DH (and PKU in leaf 7): the XSAVE components the guest may enable, and its XCR0 now.
	 * NULL: the host's leaf 0DH passes through as it is. */
	const struct xsave_layout *xsave;
	uint64_t guest_xcr0;
};

#define HV_CPUID_MAX_LEAF 0x40000010u
#define KVM_COMPAT_BASE 0x40000100u

/* r: the host's EAX, EBX, ECX, EDX for (leaf, sub) in, the guest's out. */
void cpuid_filter(const struct cpuid_view *c, uint32_t leaf, uint32_t sub, uint32_t r[4]);

#endif

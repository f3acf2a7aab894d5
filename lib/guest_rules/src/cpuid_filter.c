/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * The guest's CPUID (see cpuid_filter.h). A feature stays visible only when the MSRs behind it are
 * in the MSR policy (tests/test_cpuid_msr_policy.c ties the two): a guest that sees a feature bit
 * may use its MSRs without expecting #GP.
 */
#include <guest_rules/cpuid_filter.h>
#include <guest_rules/cpuid_tsc.h>
#include <guest_rules/cpuid_xsave.h>
#include <string.h>

#define BIT(n) (1u << (n))

static unsigned int bits_for(unsigned int n)
{
	unsigned int b = 0;
	while ((1u << b) < n)
		b++;
	return b;
}

static void hypervisor_leaf(const struct cpuid_view *c, uint32_t leaf, uint32_t r[4])
{
	memset(r, 0, 16);
	if (leaf == 0x40000000u) {
		r[0] = HV_CPUID_MAX_LEAF;
		memcpy(&r[1], "hvkithvkithv", 12); /* EBX, ECX, EDX */
	} else if (leaf == 0x40000010u) {
		r[0] = (uint32_t)(c->tsc_hz / 1000); /* TSC frequency in kHz (the VMware leaf) */
	} else if (leaf == KVM_COMPAT_BASE) {
		/*
		 * A KVM-compatible identification block with no paravirtual features: unmodified
		 * Linux uses x2APIC without interrupt remapping only under a hypervisor it knows
		 * (x86_init.hyper.x2apic_available), and a VM with LAPIC pass-through can only run
		 * in x2APIC mode. Linux scans 0x40000000-0x4000ff00 in steps of 0x100 for it.
		 */
		r[0] = KVM_COMPAT_BASE + 1;
		memcpy(&r[1], "KVMKVMKVM\0\0\0", 12);
	}
	/* KVM_COMPAT_BASE + 1: feature and hint bits, all zero (no kvmclock, PV EOI, ...). */
}

/* The filtered basic leaves, each by a handler; a leaf without one passes as the host reports it. */
typedef void (*leaf_fn)(const struct cpuid_view *c, uint32_t leaf, uint32_t sub, uint32_t r[4]);

static void leaf_1(const struct cpuid_view *c, uint32_t leaf, uint32_t sub, uint32_t r[4])
{
	unsigned int n = c->vcpu_count;
	(void)leaf, (void)sub;
	/*
	 * Hidden, because the MSRs behind them are denied: ECX DTES64 (2), MONITOR/MWAIT (3: guests
	 * idle with HLT), DS-CPL (4), VMX (5), SMX (6), EIST (7), TM2 (8), PDCM (15); EDX MCE (7),
	 * MCA (14), DS (21), ACPI thermal control (22), TM (29), PBE (31).
	 */
	r[2] &= ~(BIT(2) | BIT(3) | BIT(4) | BIT(5) | BIT(6) | BIT(7) | BIT(8) | BIT(15));
	r[3] &= ~(BIT(7) | BIT(14) | BIT(21) | BIT(22) | BIT(29) | BIT(31));
	/* OSXSAVE (27) is the guest's CR4.OSXSAVE, not the host's (SDM Vol. 2A CPUID, Table 3-10). */
	r[2] = (r[2] & ~BIT(27)) | ((uint32_t)(c->guest_cr4 >> 18) & 1) << 27;
	if (!c->x2apic_allowed)
		r[2] &= ~BIT(21);
	r[2] |= BIT(31); /* a hypervisor is present */
	/* APIC (EDX 9) follows IA32_APIC_BASE.EN (SDM Vol. 3A 11.4.3). */
	if (!c->apic_enabled)
		r[3] &= ~BIT(9);
	r[1] = (r[1] & 0x0000ffffu) | (c->vcpu_index << 24) | ((n & 0xffu) << 16);
	r[3] = n > 1 ? r[3] | BIT(28) : r[3] & ~BIT(28); /* HTT: more than one logical CPU */
}

static void leaf_7(const struct cpuid_view *c, uint32_t leaf, uint32_t sub, uint32_t r[4])
{
	(void)leaf;
	if (sub != 0)
		return;
	/*
	 * Hidden with their MSRs: EBX SGX (2), MPX (14: IA32_BNDCFGS), Intel PT (25); ECX WAITPKG
	 * (5: IA32_UMWAIT_CONTROL), CET_SS (7: IA32_U_CET/S_CET), SGX_LC (30), PKS (31: IA32_PKRS);
	 * EDX TSX_FORCE_ABORT (13), CET_IBT (20), IA32_ARCH_CAPABILITIES (29), IA32_CORE_CAPABILITIES
	 * (30). IBRS/IBPB (26), STIBP (27), L1D_FLUSH (28) and SSBD (31) stay: IA32_SPEC_CTRL passes
	 * through, IA32_PRED_CMD and IA32_FLUSH_CMD take writes. IA32_TSC_ADJUST (EBX 1) is emulated.
	 * AMX-BF16, AMX-TILE, AMX-INT8 (EDX 22, 24, 25): their XSAVE components are not the guest's
	 * (cpuid_xsave.h).
	 */
	r[1] &= ~(BIT(2) | BIT(14) | BIT(25));
	r[2] &= ~(BIT(5) | BIT(7) | BIT(30) | BIT(31));
	r[3] &= ~(BIT(13) | BIT(20) | BIT(22) | BIT(24) | BIT(25) | BIT(29) | BIT(30));
	/* PKU (ECX 3) only with the PKRU component in the guest's XSAVE layout. */
	if (c->xsave != NULL && !(c->xsave->guest_mask & XCR0_PKRU))
		r[2] &= ~BIT(3);
	r[2] = (r[2] & ~BIT(4)) | ((uint32_t)(c->guest_cr4 >> 22) & 1) << 4; /* OSPKE is the guest's CR4.PKE */
	if (!(r[2] & BIT(3)))
		r[2] &= ~BIT(4);
}

static void leaf_0(const struct cpuid_view *c, uint32_t leaf, uint32_t sub, uint32_t r[4])
{
	(void)c, (void)leaf, (void)sub;
	if (r[0] < CPUID_TSC_MIN_MAX_LEAF)
		r[0] = CPUID_TSC_MIN_MAX_LEAF;
}

/* Cores per package - 1 in 31:26; threads sharing this cache - 1 in 25:14 (for a cache that exists). */
static void leaf_4(const struct cpuid_view *c, uint32_t leaf, uint32_t sub, uint32_t r[4])
{
	(void)leaf, (void)sub;
	unsigned int n = c->vcpu_count;
	if (r[0] & 0x1f)
		r[0] = (r[0] & 0x3fffu) | ((n - 1) << 26) | ((n - 1) << 14);
}

static void leaf_0d(const struct cpuid_view *c, uint32_t leaf, uint32_t sub, uint32_t r[4])
{
	(void)leaf;
	if (c->xsave != NULL)
		cpuid_xsave_leaf(c->xsave, c->guest_xcr0, sub, r);
	else if (sub == 1)
		r[0] &= ~(BIT(3) | BIT(4)); /* XSAVES (IA32_XSS), XFD (IA32_XFD): both denied */
}

static void leaf_tsc(const struct cpuid_view *c, uint32_t leaf, uint32_t sub, uint32_t r[4])
{
	(void)sub;
	cpuid_tsc_leaf(c->tsc_hz, c->timer_hz, leaf, r);
}

/* No power management, performance monitoring, processor trace or AMX tiles. */
static void leaf_hidden(const struct cpuid_view *c, uint32_t leaf, uint32_t sub, uint32_t r[4])
{
	(void)c, (void)leaf, (void)sub;
	memset(r, 0, 16);
}

/* x2APIC topology: one thread per core, n cores, package level ends the list. */
static void leaf_topology(const struct cpuid_view *c, uint32_t leaf, uint32_t sub, uint32_t r[4])
{
	(void)leaf;
	unsigned int n = c->vcpu_count;
	if (sub == 0) {
		r[0] = 0, r[1] = 1, r[2] = (1u << 8) | sub;
	} else if (sub == 1) {
		r[0] = bits_for(n), r[1] = n, r[2] = (2u << 8) | sub;
	} else {
		r[0] = r[1] = 0, r[2] = sub;
	}
	r[3] = c->vcpu_index;
}

static const leaf_fn basic_leaves[0x20] = {
	[0x00] = leaf_0, [0x01] = leaf_1, [0x04] = leaf_4, [0x06] = leaf_hidden, [0x07] = leaf_7,
	[0x0a] = leaf_hidden, [0x0b] = leaf_topology, [0x0d] = leaf_0d, [0x14] = leaf_hidden,
	[0x15] = leaf_tsc, [0x16] = leaf_tsc, [0x1d] = leaf_hidden, [0x1e] = leaf_hidden,
	[0x1f] = leaf_topology,
};

void cpuid_filter(const struct cpuid_view *c, uint32_t leaf, uint32_t sub, uint32_t r[4])
{
	if (leaf >= 0x40000000u && leaf <= 0x4fffffffu) {
		hypervisor_leaf(c, leaf, r);
		return;
	}
	if (leaf > c->host_max_leaf && leaf < 0x15)
		memset(r, 0, 16); /* beyond the host's leaves: not the data of its highest one */
	if (leaf < sizeof(basic_leaves) / sizeof(basic_leaves[0]) && basic_leaves[leaf] != NULL)
		basic_leaves[leaf](c, leaf, sub, r);
}

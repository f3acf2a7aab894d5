/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * icr_filter(): one guest WRMSR to the x2APIC ICR, validated and turned into what the
 * core does on the physical APIC. Every IPI leaves as a physical-destination IPI to one
 * CPU of the VM (or the self shorthand): logical destinations and the all-* shorthands
 * would reach CPUs of other VMs on the physical bus.
 */
#include <string.h>

#include <icr_filter/icr_filter.h>

/* The guest bits a physical send keeps: vector, delivery mode, level and trigger. The
 * trigger is passed on as written: the APIC itself issues such IPIs as edge-triggered
 * (SDM 11.6.1, note 2 of the table of valid ICR combinations). */
#define ICR_SEND_KEEP ((uint64_t)(APIC_ICR_VECTOR | APIC_ICR_DM | APIC_ICR_LEVEL_ASSERT | APIC_ICR_TRIGGER_LEVEL))

/* Each delivery mode (SDM 11.6.1, Figure 11-28): refused (SMI would enter the platform's SMM; 011b and 111b are
 * reserved), or the action it asks for and whether its vector is an interrupt vector, where 0-15 are illegal (fixed
 * and lowest priority, SDM 11.5.3; NMI, INIT and SIPI do not use it as one). */
struct dm_rule {
	bool ok, interrupt_vector;
	enum icr_action_kind kind;
};

static const struct dm_rule dm_rules[8] = {
	[APIC_DM_FIXED] = { true, true, ICR_ACT_SEND },
	[APIC_DM_LOWEST] = { true, true, ICR_ACT_SEND },
	[APIC_DM_NMI] = { true, false, ICR_ACT_SEND },
	[APIC_DM_INIT] = { true, false, ICR_ACT_EMULATE_INIT },
	[APIC_DM_STARTUP] = { true, false, ICR_ACT_EMULATE_SIPI },
};

/* 0, ICR_FILTER_GP or ICR_FILTER_REFUSED for a guest ICR value. */
static int icr_validate(uint64_t icr)
{
	/* SDM 11.12.1.3: a non-zero write to a reserved bit of an x2APIC register is #GP. */
	if (icr & ICR_RESERVED_BITS)
		return ICR_FILTER_GP;
	/* SDM 11.6.1, table of valid ICR combinations: the self and all-including-self
	 * shorthands are valid with fixed delivery only. */
	enum apic_delivery_mode dm = icr_delivery_mode(icr);
	enum apic_shorthand sh = icr_shorthand(icr);
	bool self = sh == APIC_SH_SELF || sh == APIC_SH_ALL_INCL_SELF;
	return dm_rules[dm].ok && !(self && dm != APIC_DM_FIXED) ? 0 : ICR_FILTER_REFUSED;
}

static uint64_t all_vcpus(const struct icr_vm_map *m)
{
	return m->nr_vcpus == 64 ? ~0ull : (1ull << m->nr_vcpus) - 1;
}

/* SDM 11.12.10.2: logical x2APIC destinations are cluster (31:16) + bitmap (15:0); an
 * APIC accepts when its LDR's cluster equals and the bitmaps intersect. */
static uint64_t route_logical(const struct icr_vm_map *m, uint32_t dest, struct icr_action *a)
{
	uint32_t cluster = dest >> 16, mask = dest & 0xffffu, matched = 0;
	uint64_t set = 0;

	for (unsigned int i = 0; i < m->nr_vcpus; i++) {
		uint32_t ldr = x2apic_ldr_of_id(i);
		if ((ldr >> 16) == cluster && (ldr & mask) != 0) {
			set |= 1ull << i;
			matched |= ldr & mask;
		}
	}
	for (unsigned int b = 0; b < 16; b++)
		if ((mask & ~matched) & (1u << b))
			a->dropped_ids[a->nr_dropped++] = (cluster << 4) | b;
	return set;
}

/* The vCPUs a validated ICR value addresses, as a bitmap; IDs it addresses outside the VM
 * go to a->dropped_ids. */
static uint64_t icr_route(const struct icr_vm_map *m, unsigned int src_vcpu, uint64_t icr, struct icr_action *a)
{
	uint32_t dest = icr_destination(icr);

	switch (icr_shorthand(icr)) {
	case APIC_SH_SELF:
		return 1ull << src_vcpu;
	case APIC_SH_ALL_INCL_SELF:
		return all_vcpus(m);
	case APIC_SH_ALL_EXCL_SELF:
		return all_vcpus(m) & ~(1ull << src_vcpu);
	case APIC_SH_NONE:
		break;
	}
	/* SDM 11.12.9: FFFF_FFFFH is a broadcast in both destination modes; with no
	 * shorthand it reaches the sender too. */
	if (dest == X2APIC_BROADCAST_ID)
		return all_vcpus(m);
	if (icr & APIC_ICR_DEST_LOGICAL)
		return route_logical(m, dest, a);
	if (dest < m->nr_vcpus)
		return 1ull << dest;
	a->dropped_ids[a->nr_dropped++] = dest;
	return 0;
}

static void build_sends(const struct icr_vm_map *m, unsigned int src_vcpu, uint64_t icr,
			struct icr_action *a)
{
	uint64_t low = icr & ICR_SEND_KEEP;

	if (icr_delivery_mode(icr) == APIC_DM_LOWEST) {
		/*
		 * One target, chosen deterministically: the lowest-numbered vCPU (for all
		 * excluding self, one other than the sender). Sending lowest priority is model
		 * specific (SDM 11.6.1 note 1, ESR "Redirectable IPI" in 11.5.3), and to a
		 * single CPU it is the same as fixed, so it leaves as fixed.
		 */
		if (a->targets != 0)
			a->targets = 1ull << __builtin_ctzll(a->targets);
		low = (low & ~(uint64_t)APIC_ICR_DM) | ((uint64_t)APIC_DM_FIXED << APIC_ICR_DM_SHIFT);
	}

	if (icr_shorthand(icr) == APIC_SH_SELF) {
		/* Self stays self: it can only reach the sender's own CPU. */
		a->sends[0].vcpu = src_vcpu;
		a->sends[0].icr = low | ((uint64_t)APIC_SH_SELF << APIC_ICR_SHORTHAND_SHIFT);
		a->nr_sends = 1;
		return;
	}
	for (uint64_t set = a->targets; set != 0; set &= set - 1) {
		unsigned int v = (unsigned int)__builtin_ctzll(set);
		a->sends[a->nr_sends].vcpu = v;
		a->sends[a->nr_sends].icr = low | ((uint64_t)m->phys_id[v] << ICR_DEST_SHIFT);
		a->nr_sends++;
	}
}

int icr_filter(const struct icr_vm_map *m, unsigned int src_vcpu, uint64_t icr,
	       struct icr_action *out)
{
	if (m == NULL || out == NULL || src_vcpu >= m->nr_vcpus)
		return -HV_ERANGE;
	int rc = icr_validate(icr);
	if (rc != 0)
		return rc;
	const struct dm_rule *r = &dm_rules[icr_delivery_mode(icr)];

	/* Validated: from here on *out is written (no copy: the action is 1 KiB). */
	struct icr_action *a = out;
	memset(a, 0, sizeof(*a));
	a->vector = icr_vector(icr);
	if (r->interrupt_vector && a->vector < APIC_FIRST_LEGAL_VECTOR) {
		/* SDM 11.5.3: nothing is sent; the sender's ESR gets Send Illegal Vector. */
		a->kind = ICR_ACT_ILLEGAL_VECTOR;
		return 0;
	}
	a->targets = icr_route(m, src_vcpu, icr, a);
	a->kind = r->kind;
	/* SDM 11.6.1: INIT with level 0 and level trigger is INIT level de-assert. */
	if (a->kind == ICR_ACT_EMULATE_INIT && !(icr & APIC_ICR_LEVEL_ASSERT) && (icr & APIC_ICR_TRIGGER_LEVEL))
		a->kind = ICR_ACT_INIT_DEASSERT;
	if (a->kind == ICR_ACT_SEND)
		build_sends(m, src_vcpu, icr, a);
	return 0;
}

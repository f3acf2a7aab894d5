/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * icr_filter(): one guest WRMSR to the x2APIC ICR, validated and turned into what the
 * core does on the physical APIC. Every IPI leaves as a physical-destination IPI to one
 * CPU of the VM (or the self shorthand): logical destinations and the all-* shorthands
 * would reach CPUs of other VMs on the physical bus.
 */
#include <string.h>

#include "icr_internal.h"

/* The guest bits a physical send keeps: vector, delivery mode, level and trigger. The
 * trigger is passed on as written: the APIC itself issues such IPIs as edge-triggered
 * (SDM 11.6.1, note 2 of the table of valid ICR combinations). */
#define ICR_SEND_KEEP (ICR_VECTOR_MASK | ICR_DELIVERY_MODE_MASK | ICR_LEVEL_ASSERT | ICR_TRIGGER_LEVEL)

static unsigned int lowest_vcpu(uint64_t set)
{
	return (unsigned int)__builtin_ctzll(set);
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
			a->targets = 1ull << lowest_vcpu(a->targets);
		low = (low & ~ICR_DELIVERY_MODE_MASK) | ((uint64_t)APIC_DM_FIXED << ICR_DELIVERY_MODE_SHIFT);
	}

	if (icr_shorthand(icr) == APIC_SH_SELF) {
		/* Self stays self: it can only reach the sender's own CPU. */
		a->sends[0].vcpu = src_vcpu;
		a->sends[0].icr = low | ((uint64_t)APIC_SH_SELF << ICR_SHORTHAND_SHIFT);
		a->nr_sends = 1;
		return;
	}
	for (uint64_t set = a->targets; set != 0; set &= set - 1) {
		unsigned int v = lowest_vcpu(set);
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

	/* Validated: from here on *out is written (no copy: the action is 1 KiB). */
	struct icr_action *a = out;
	memset(a, 0, sizeof(*a));
	a->vector = icr_vector(icr);

	if (icr_has_illegal_vector(icr)) {
		/* SDM 11.5.3: nothing is sent; the sender's ESR gets Send Illegal Vector. */
		a->kind = ICR_ACT_ILLEGAL_VECTOR;
		a->esr = APIC_ESR_SEND_ILLEGAL_VECTOR;
		return 0;
	}

	a->targets = icr_route(m, src_vcpu, icr, a->dropped_ids, &a->nr_dropped);

	switch (icr_delivery_mode(icr)) {
	case APIC_DM_INIT:
		/* SDM 11.6.1: level 0 with level trigger is INIT level de-assert. */
		if (!(icr & ICR_LEVEL_ASSERT) && (icr & ICR_TRIGGER_LEVEL))
			a->kind = ICR_ACT_INIT_DEASSERT;
		else
			a->kind = ICR_ACT_EMULATE_INIT;
		break;
	case APIC_DM_STARTUP:
		a->kind = ICR_ACT_EMULATE_SIPI;
		break;
	default: /* fixed, lowest priority, NMI (icr_validate refused the rest) */
		a->kind = ICR_ACT_SEND;
		build_sends(m, src_vcpu, icr, a);
		break;
	}
	return 0;
}

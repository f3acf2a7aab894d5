/* SPDX-License-Identifier: BSD-3-Clause */
/* From a guest ICR destination (virtual IDs) to the set of the VM's vCPUs. */
#include "icr_internal.h"

static uint64_t all_vcpus(const struct icr_vm_map *m)
{
	return m->nr_vcpus == 64 ? ~0ull : (1ull << m->nr_vcpus) - 1;
}

static uint64_t route_physical(const struct icr_vm_map *m, uint32_t dest, uint32_t *dropped,
			       unsigned int *nr_dropped)
{
	if (dest < m->nr_vcpus)
		return 1ull << dest;
	dropped[(*nr_dropped)++] = dest;
	return 0;
}

/* SDM 11.12.10.2: logical x2APIC destinations are cluster (31:16) + bitmap (15:0); an
 * APIC accepts when its LDR's cluster equals and the bitmaps intersect. */
static uint64_t route_logical(const struct icr_vm_map *m, uint32_t dest, uint32_t *dropped,
			      unsigned int *nr_dropped)
{
	uint32_t cluster = dest >> 16, mask = dest & 0xffffu, matched = 0;
	uint64_t set = 0;

	for (unsigned int i = 0; i < m->nr_vcpus; i++) {
		uint32_t ldr = m->virt_ldr[i];
		if ((ldr >> 16) == cluster && (ldr & mask) != 0) {
			set |= 1ull << i;
			matched |= ldr & mask;
		}
	}
	for (unsigned int b = 0; b < 16; b++)
		if ((mask & ~matched) & (1u << b))
			dropped[(*nr_dropped)++] = (cluster << 4) | b;
	return set;
}

uint64_t icr_route(const struct icr_vm_map *m, unsigned int src_vcpu, uint64_t icr,
		   uint32_t dropped[ICR_MAX_DROPPED], unsigned int *nr_dropped)
{
	uint32_t dest = icr_destination(icr);

	*nr_dropped = 0;
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
	if (icr & ICR_DEST_MODE_LOGICAL)
		return route_logical(m, dest, dropped, nr_dropped);
	return route_physical(m, dest, dropped, nr_dropped);
}

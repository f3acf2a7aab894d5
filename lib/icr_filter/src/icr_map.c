/* SPDX-License-Identifier: BSD-3-Clause */
/* A lapic_pt VM's vCPUs (virtual x2APIC ID i -> physical x2APIC ID) and the rate-limited log line for ICR
 * destinations outside the VM. */
#include <string.h>

#include <icr_filter/icr_filter.h>
#include <ratelimit/ratelimit.h>

_Static_assert(ICR_MAX_VCPUS <= 64, "icr_action.targets is a 64-bit vCPU bitmap");

/* No broadcast ID (-HV_EINVAL), no ID twice (-HV_EEXIST). */
static int check_ids(const uint32_t *ids, unsigned int nr)
{
	for (unsigned int i = 0; i < nr; i++) {
		if (ids[i] == X2APIC_BROADCAST_ID)
			return -HV_EINVAL;
		for (unsigned int j = 0; j < i; j++)
			if (ids[j] == ids[i])
				return -HV_EEXIST;
	}
	return 0;
}

int icr_vm_map_init(struct icr_vm_map *m, const uint32_t *phys_ids, unsigned int nr)
{
	if (m == NULL || phys_ids == NULL || nr == 0 || nr > ICR_MAX_VCPUS)
		return -HV_ERANGE;
	int rc = check_ids(phys_ids, nr);
	if (rc != 0)
		return rc;
	memset(m, 0, sizeof(*m));
	m->nr_vcpus = nr;
	memcpy(m->phys_id, phys_ids, nr * sizeof(*phys_ids));
	return 0;
}

bool icr_log_dropped(struct ratelimit *rl, const char *vm, unsigned int src_vcpu,
		     const struct icr_action *a)
{
	uint32_t suppressed = 0;

	if (a == NULL || a->nr_dropped == 0)
		return false;
	if (!ratelimit_allow(rl, &suppressed))
		return false;
	plat_log(PLAT_LOG_WARN,
		 "icr: %s vcpu %u: IPI vector 0x%x to APIC ID 0x%x outside the VM dropped "
		 "(%u IDs in this write, %u lines suppressed)",
		 vm != NULL ? vm : "?", src_vcpu, (unsigned int)a->vector,
		 (unsigned int)a->dropped_ids[0], a->nr_dropped, suppressed);
	return true;
}

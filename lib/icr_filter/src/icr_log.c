/* SPDX-License-Identifier: BSD-3-Clause */
/* The rate-limited log line for ICR destinations outside the VM. */
#include <icr_filter/icr_filter.h>
#include <icr_filter/icr_log.h>

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

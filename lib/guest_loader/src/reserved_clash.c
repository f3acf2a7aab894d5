/* SPDX-License-Identifier: BSD-3-Clause */
/* The check of a range the bzImage and raw loaders place themselves against what the hypervisor reserved. */
#include <hvkit/errno.h>
#include <hvkit/platform.h>

#include "reserved_clash.h"

#define X(v) ((unsigned long long)(v))

int reserved_clash(const char *who, const char *what, uint64_t base, uint64_t size,
		   const struct guest_load_params *p)
{
	for (uint32_t i = 0; i < p->reserved_count; i++) {
		const struct reserved_range *r = &p->reserved[i];
		if (guest_ranges_overlap(base, size, r->base, r->size)) {
			plat_log(PLAT_LOG_ERROR, "%s: %s at 0x%llx..0x%llx overlaps the %s at 0x%llx..0x%llx", who, what,
				 X(base), X(base + size), r->what, X(r->base), X(r->base + r->size));
			return -HV_EBUSY;
		}
	}
	return 0;
}

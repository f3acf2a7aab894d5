/* SPDX-License-Identifier: BSD-3-Clause */
/* Used by the bzImage and raw loaders only (not part of the public API). */
#ifndef GUEST_LOADER_RESERVED_CLASH_H
#define GUEST_LOADER_RESERVED_CLASH_H

#include <guest_loader/guest_loader.h>

/*
 * Does [base, base + size) (the `what` of loader `who`) overlap a range the hypervisor reserved
 * (p->reserved)? -HV_EBUSY, logged naming both, or 0.
 */
int reserved_clash(const char *who, const char *what, uint64_t base, uint64_t size,
		   const struct guest_load_params *p);

#endif

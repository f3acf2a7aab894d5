/* SPDX-License-Identifier: BSD-3-Clause */
/* lib/vtd internals of queued invalidation and interrupt remapping, which the registers-only flavour (partition,
 * lapic_pt) does not compile. Callers hold unit->lock. */
#ifndef VTD_INTERNAL_QI_H
#define VTD_INTERNAL_QI_H

#include "vtd_internal.h"

int vtd_inv_iec_locked(struct vtd_unit *u, bool global, uint16_t index, unsigned int im);
/* Queue n descriptors and wait for their completion (a wait descriptor with status write). */
int vtd_qi_submit(struct vtd_unit *u, const uint64_t (*desc)[2], unsigned int n);
int vtd_qi_disable_locked(struct vtd_unit *u);

#endif

/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Invalidation through the registers only (VT-d 6.5.1, which every legacy-mode unit offers): linked by images that
 * never enable interrupt remapping (partition, lapic_pt). The queue (ECAP.QI) is left unused, so lib/vtd reports
 * the unit without it (caps.qi, and so caps.ir, false) and never turns it on; invalidate_qi.c is the full choice.
 */
#include "vtd_internal.h"

bool vtd_inv_queue_usable(uint64_t ecap)
{
	(void)ecap;
	return false;
}

int vtd_qi_enable_locked(struct vtd_unit *u)
{
	(void)u;
	return -HV_ENODEV;
}

int vtd_inv_cc_locked(struct vtd_unit *u, unsigned int gran, uint16_t did, uint16_t sid)
{
	return vtd_reg_inv_cc(u, gran, did, sid);
}

int vtd_inv_iotlb_locked(struct vtd_unit *u, unsigned int gran, uint16_t did, uint64_t addr, unsigned int am)
{
	return vtd_reg_inv_iotlb(u, gran, did, addr, am);
}

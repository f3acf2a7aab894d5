/* SPDX-License-Identifier: BSD-3-Clause */
/* Invalidation requests by granularity (VT-d 6.5.1, 6.5.2): the context cache (global, domain, device) and the
 * IOTLB (global, page-selective). The domain-selective IOTLB flush and the write-buffer flush are in
 * invalidate.c. */
#include <vtd/vtd_ext.h>
#include <vtd/vtd_regs_ext.h>

#include "vtd_internal.h"

static bool vtd_did_ok(struct vtd_unit *u, uint16_t did)
{
	return did < u->caps.nd_count;
}

int vtd_inv_iotlb_domain(struct vtd_unit *unit, uint16_t did)
{
	if (!vtd_did_ok(unit, did))
		return -HV_ERANGE;
	plat_lock(&unit->lock);
	int rc = vtd_inv_iotlb_locked(unit, VTD_GRAN_DOMAIN, did, 0, 0);
	plat_unlock(&unit->lock);
	return rc;
}

int vtd_flush_write_buffer(struct vtd_unit *unit)
{
	plat_lock(&unit->lock);
	int rc = vtd_wbf_locked(unit);
	plat_unlock(&unit->lock);
	return rc;
}


int vtd_inv_context_global(struct vtd_unit *unit)
{
	plat_lock(&unit->lock);
	int rc = vtd_inv_cc_locked(unit, VTD_GRAN_GLOBAL, 0, 0);
	plat_unlock(&unit->lock);
	return rc;
}

int vtd_inv_context_domain(struct vtd_unit *unit, uint16_t did)
{
	if (!vtd_did_ok(unit, did))
		return -HV_ERANGE;
	plat_lock(&unit->lock);
	int rc = vtd_inv_cc_locked(unit, VTD_GRAN_DOMAIN, did, 0);
	plat_unlock(&unit->lock);
	return rc;
}

int vtd_inv_context_device(struct vtd_unit *unit, uint16_t did, uint16_t sid)
{
	if (!vtd_did_ok(unit, did))
		return -HV_ERANGE;
	plat_lock(&unit->lock);
	int rc = vtd_inv_cc_locked(unit, VTD_GRAN_DEVICE, did, sid);
	plat_unlock(&unit->lock);
	return rc;
}

int vtd_inv_iotlb_global(struct vtd_unit *unit)
{
	plat_lock(&unit->lock);
	int rc = vtd_inv_iotlb_locked(unit, VTD_GRAN_GLOBAL, 0, 0, 0);
	plat_unlock(&unit->lock);
	return rc;
}

int vtd_inv_iotlb_pages(struct vtd_unit *unit, uint16_t did, uint64_t addr, unsigned int order)
{
	if (!vtd_did_ok(unit, did))
		return -HV_ERANGE;
	if (order > 52 || (addr & (((uint64_t)PLAT_PAGE_SIZE << order) - 1)) != 0)
		return -HV_EINVAL;
	if ((addr >> VTD_CAP_MGAW(unit->caps.cap)) != 0) /* MGAW is at most 64 */
		return -HV_ERANGE;
	plat_lock(&unit->lock);
	int rc;
	/* 11.4.8.1: page-selective needs CAP.PSI and an address mask up to CAP.MAMV. */
	if ((unit->caps.cap & VTD_CAP_PSI) && order <= VTD_CAP_MAMV(unit->caps.cap))
		rc = vtd_inv_iotlb_locked(unit, VTD_GRAN_PAGE, did, addr, order);
	else
		rc = vtd_inv_iotlb_locked(unit, VTD_GRAN_DOMAIN, did, 0, 0);
	plat_unlock(&unit->lock);
	return rc;
}

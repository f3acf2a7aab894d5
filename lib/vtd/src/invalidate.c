/* SPDX-License-Identifier: BSD-3-Clause */
/* Register-based context-cache and IOTLB invalidation (VT-d 6.5.1), the write-buffer flush, the domain's IOTLB
 * flush. Queued invalidation and the choice between the two: invalidate_qi.c, or invalidate_reg_only.c. */
#include "vtd_internal.h"

int vtd_reg_inv_cc(struct vtd_unit *u, unsigned int gran, uint16_t did, uint16_t sid)
{
	uint64_t v = VTD_CCMD_ICC | ((uint64_t)gran << VTD_CCMD_CIRG_SHIFT) | ((uint64_t)sid << VTD_CCMD_SID_SHIFT) |
		did;
	vtd_wr64(u, VTD_CCMD_REG, v);
	int rc = vtd_wait(u, VTD_CCMD_REG, true, VTD_CCMD_ICC, 0, &v, "context-cache invalidation");
	if (rc != 0)
		return rc;
	if (VTD_CCMD_CAIG(v) == 0) { /* 11.4.7.1: CAIG 0 = request not performed */
		plat_log(PLAT_LOG_ERROR, "vtd %p: context-cache invalidation (granularity %u) refused", u->regs, gran);
		return -HV_EIO;
	}
	return 0;
}

int vtd_reg_inv_iotlb(struct vtd_unit *u, unsigned int gran, uint16_t did, uint64_t addr, unsigned int am)
{
	uint32_t off = u->caps.iro_off + VTD_IOTLB_OFF;
	if (gran == VTD_GRAN_PAGE)
		vtd_wr64(u, u->caps.iro_off + VTD_IVA_OFF, addr | am);
	uint64_t v = VTD_IOTLB_IVT | ((uint64_t)gran << VTD_IOTLB_IIRG_SHIFT) | ((uint64_t)did << VTD_IOTLB_DID_SHIFT);
	if (u->caps.drd)
		v |= VTD_IOTLB_DR;
	if (u->caps.dwd)
		v |= VTD_IOTLB_DW;
	vtd_wr64(u, off, v);
	int rc = vtd_wait(u, off, true, VTD_IOTLB_IVT, 0, &v, "IOTLB invalidation");
	if (rc != 0)
		return rc;
	if (VTD_IOTLB_IAIG(v) == 0) {
		plat_log(PLAT_LOG_ERROR, "vtd %p: IOTLB invalidation (granularity %u) refused", u->regs, gran);
		return -HV_EIO;
	}
	return 0;
}

int vtd_wbf_locked(struct vtd_unit *u)
{
	if (!u->caps.rwbf)
		return 0;
	return vtd_gcmd(u, VTD_GCMD_WBF, true, "write-buffer flush");
}

/* ---- public wrappers ---- */

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

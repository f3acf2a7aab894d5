/* SPDX-License-Identifier: BSD-3-Clause */
/* Register-based context-cache and IOTLB invalidation (VT-d 6.5.1), the write-buffer flush, the domain's IOTLB
 * flush. Queued invalidation and the choice between the two: invalidate_qi.c, or invalidate_reg_only.c. */
#include "vtd_internal.h"

/* One register invalidation (11.4.7.1 CCMD_REG, 11.4.8.1 IOTLB_REG): write the command to the register at off, wait
 * for its bit 63 (ICC, IVT) to clear, then the actual granularity (CAIG at bit 59, IAIG at 57) must not be 0,
 * which means the request was not performed. */
static int reg_inv(struct vtd_unit *u, uint32_t off, uint64_t cmd, unsigned int aig_shift, const char *what)
{
	uint64_t v;
	vtd_wr64(u, off, cmd);
	int rc = vtd_wait(u, off, true, 1ull << 63, 0, &v, what);
	if (rc == 0 && ((v >> aig_shift) & 3u) == 0) {
		plat_log(PLAT_LOG_ERROR, "vtd %p: %s refused (command 0x%llx)", u->regs, what, (unsigned long long)cmd);
		rc = -HV_EIO;
	}
	return rc;
}

int vtd_reg_inv_cc(struct vtd_unit *u, unsigned int gran, uint16_t did, uint16_t sid)
{
	return reg_inv(u, VTD_CCMD_REG, VTD_CCMD_ICC | ((uint64_t)gran << VTD_CCMD_CIRG_SHIFT) |
		((uint64_t)sid << VTD_CCMD_SID_SHIFT) | did, VTD_CCMD_CAIG_SHIFT, "context-cache invalidation");
}

int vtd_reg_inv_iotlb(struct vtd_unit *u, unsigned int gran, uint16_t did, uint64_t addr, unsigned int am)
{
	if (gran == VTD_GRAN_PAGE)
		vtd_wr64(u, u->caps.iro_off + VTD_IVA_OFF, addr | am);
	uint64_t v = VTD_IOTLB_IVT | ((uint64_t)gran << VTD_IOTLB_IIRG_SHIFT) | ((uint64_t)did << VTD_IOTLB_DID_SHIFT);
	if (u->caps.cap & VTD_CAP_DRD)
		v |= VTD_IOTLB_DR;
	if (u->caps.cap & VTD_CAP_DWD)
		v |= VTD_IOTLB_DW;
	return reg_inv(u, u->caps.iro_off + VTD_IOTLB_OFF, v, VTD_IOTLB_IAIG_SHIFT, "IOTLB invalidation");
}

int vtd_wbf_locked(struct vtd_unit *u)
{
	if (!(u->caps.cap & VTD_CAP_RWBF)) /* 6.8: a write-buffer flush only where the unit asks for it */
		return 0;
	return vtd_gcmd(u, VTD_GCMD_WBF, true, "write-buffer flush");
}

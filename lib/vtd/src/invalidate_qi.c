/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Queued invalidation (VT-d 6.5.2) and the choice between it and the registers (invalidate.c): the queue once
 * vtd_enable_translation has turned it on (ECAP.QI), the registers before. Images that never enable interrupt
 * remapping, which needs the queue, link invalidate_reg_only.c instead.
 */
#include <vtd/vtd_regs_ext.h>

#include "vtd_internal_qi.h"

bool vtd_inv_queue_usable(uint64_t ecap)
{
	return (ecap & VTD_ECAP_QI) != 0;
}

#define IQ_ENTRIES (PLAT_PAGE_SIZE / 16u)

/* The queue and its status page, one page each, allocated when the queue is first turned on. */
static int iq_alloc(struct vtd_unit *u)
{
	if (u->iq == NULL)
		u->iq = plat_page_alloc(1);
	if (u->iq_status == NULL)
		u->iq_status = plat_page_alloc(1);
	return u->iq != NULL && u->iq_status != NULL ? 0 : -HV_ENOMEM;
}

int vtd_qi_enable_locked(struct vtd_unit *u)
{
	if (!u->caps.qi)
		return -HV_ENODEV;
	if (u->qi_enabled)
		return 0;
	int rc = iq_alloc(u);
	if (rc != 0)
		return rc;
	/* 6.5.2: IQT must be 0 before QIE is set; hardware then resets IQH to 0. */
	vtd_wr64(u, VTD_IQT_REG, 0);
	vtd_wr64(u, VTD_IQA_REG, plat_virt_to_phys(u->iq)); /* DW = 0 (128-bit), QS = 0 (one page) */
	u->iq_tail = 0;
	rc = vtd_gcmd(u, VTD_GCMD_QIE, true, "QIE on");
	if (rc == 0)
		u->qi_enabled = true;
	return rc;
}

static void iq_put(struct vtd_unit *u, uint64_t lo, uint64_t hi)
{
	volatile uint64_t *d = &u->iq[u->iq_tail * 2u];
	d[0] = lo;
	d[1] = hi;
	vtd_sync(u, (const void *)d, 16);
	u->iq_tail = (u->iq_tail + 1u) % IQ_ENTRIES;
}

/*
 * 6.5.2.8 (IQE): hardware stops at the bad descriptor with IQH pointing to it.
 * Replace it by a wait descriptor without status write (a no-op), then clear
 * IQE so hardware resumes.
 */
static void iq_recover(struct vtd_unit *u)
{
	uint32_t head = (uint32_t)(vtd_rd64(u, VTD_IQH_REG) >> VTD_IQ_SHIFT) % IQ_ENTRIES;
	volatile uint64_t *d = &u->iq[head * 2u];
	plat_log(PLAT_LOG_ERROR, "vtd %p: invalidation queue error at descriptor %u (0x%llx 0x%llx)", u->regs, head,
		(unsigned long long)d[0], (unsigned long long)d[1]);
	d[0] = VTD_INV_WAIT;
	d[1] = 0;
	vtd_sync(u, (const void *)d, 16);
	vtd_wr32(u, VTD_FSTS_REG, VTD_FSTS_IQE);
}

/* Queue n descriptors plus a wait descriptor, and wait for its status write. */
int vtd_qi_submit(struct vtd_unit *u, const uint64_t (*desc)[2], unsigned int n)
{
	uint32_t head = (uint32_t)(vtd_rd64(u, VTD_IQH_REG) >> VTD_IQ_SHIFT) % IQ_ENTRIES;
	uint32_t used = (u->iq_tail + IQ_ENTRIES - head) % IQ_ENTRIES;
	if (used + n + 1u >= IQ_ENTRIES) {
		plat_log(PLAT_LOG_ERROR, "vtd %p: invalidation queue full (%u in use)", u->regs, used);
		return -HV_EBUSY;
	}
	if (++u->iq_seq == 0)
		u->iq_seq = 1;
	uint32_t seq = u->iq_seq;
	*u->iq_status = 0;
	vtd_sync(u, (const void *)u->iq_status, 4);
	for (unsigned int i = 0; i < n; i++)
		iq_put(u, desc[i][0], desc[i][1]);
	/* 6.5.2.8: SW = write status data to the address; FN = fence earlier descriptors. */
	iq_put(u, VTD_INV_WAIT | VTD_INV_WAIT_SW | VTD_INV_WAIT_FN | ((uint64_t)seq << VTD_INV_WAIT_SDATA_SHIFT),
		plat_virt_to_phys((const void *)u->iq_status));
	vtd_wr64(u, VTD_IQT_REG, (uint64_t)u->iq_tail << VTD_IQ_SHIFT);

	bool failed = false;
	uint64_t start = plat_tsc();
	while (*u->iq_status != seq) {
		uint32_t fsts = vtd_rd32(u, VTD_FSTS_REG);
		if (fsts & VTD_FSTS_IQE) {
			iq_recover(u);
			failed = true;
			continue;
		}
		if (plat_tsc() - start > u->timeout_ticks) {
			plat_log(PLAT_LOG_ERROR, "vtd %p: timeout waiting for invalidation wait descriptor %u", u->regs,
				seq);
			return -HV_ETIMEDOUT;
		}
		__builtin_ia32_pause(); /* spin-loop hint */
	}
	return failed ? -HV_EIO : 0;
}

/* ---- dispatch: registers must not be used while queued invalidation is on (6.5.2) ---- */

int vtd_inv_cc_locked(struct vtd_unit *u, unsigned int gran, uint16_t did, uint16_t sid)
{
	if (!u->qi_enabled)
		return vtd_reg_inv_cc(u, gran, did, sid);
	uint64_t d[1][2] = { { VTD_INV_CC | ((uint64_t)gran << VTD_INV_G_SHIFT) | ((uint64_t)did << VTD_INV_DID_SHIFT) |
		((uint64_t)sid << VTD_INV_CC_SID_SHIFT), 0 } };
	return vtd_qi_submit(u, d, 1);
}

int vtd_inv_iotlb_locked(struct vtd_unit *u, unsigned int gran, uint16_t did, uint64_t addr, unsigned int am)
{
	if (!u->qi_enabled)
		return vtd_reg_inv_iotlb(u, gran, did, addr, am);
	uint64_t lo = VTD_INV_IOTLB | ((uint64_t)gran << VTD_INV_G_SHIFT) | ((uint64_t)did << VTD_INV_DID_SHIFT);
	if ((u->caps.cap & VTD_CAP_DRD))
		lo |= VTD_INV_IOTLB_DR;
	if ((u->caps.cap & VTD_CAP_DWD))
		lo |= VTD_INV_IOTLB_DW;
	uint64_t d[1][2] = { { lo, gran == VTD_GRAN_PAGE ? (addr | am) : 0 } };
	return vtd_qi_submit(u, d, 1);
}

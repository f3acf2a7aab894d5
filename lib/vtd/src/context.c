/* SPDX-License-Identifier: BSD-3-Clause */
/* Root and context tables, legacy mode (VT-d 3.4, 9.1, 9.3). */
#include "vtd_internal.h"

/* A domain id below ND's count, and not 0 under caching mode (6.1: hardware tags not-present entries with 0). */
static int check_did(struct vtd_unit *u, uint16_t did)
{
	if (did < u->caps.nd_count && !(u->caps.cm && did == 0))
		return 0;
	plat_log(PLAT_LOG_ERROR, "vtd %p: domain id %u outside 0..%u (ND) or 0 under caching mode (CM %d)", u->regs,
		did, u->caps.nd_count - 1, u->caps.cm);
	return did >= u->caps.nd_count ? -HV_ERANGE : -HV_EINVAL;
}

/* The context entry of bus:devfn, creating the bus's context table when asked. */
int vtd_ctx_entry(struct vtd_unit *u, uint8_t bus, uint8_t devfn, bool create, volatile uint64_t **out)
{
	if (u->ctx[bus] == NULL) {
		if (!create)
			return -HV_ENOENT;
		uint64_t *t = plat_page_alloc(1);
		if (t == NULL)
			return -HV_ENOMEM;
		vtd_sync(u, t, PLAT_PAGE_SIZE);
		u->ctx[bus] = t;
		volatile uint64_t *re = &u->root[bus * 2u];
		re[1] = 0;
		re[0] = plat_virt_to_phys(t) | VTD_ROOT_P;
		vtd_sync(u, (const void *)re, 16);
	}
	*out = &u->ctx[bus][devfn * 2u];
	return 0;
}

/* Make a new (previously not-present) context entry visible to hardware. */
static int ctx_publish_new(struct vtd_unit *u, uint16_t did, uint16_t sid)
{
	int rc = vtd_wbf_locked(u);
	if (rc != 0 || !u->caps.cm)
		return rc;
	/* 6.1 caching mode: not-present entries may be cached (tagged domain 0), so
	 * invalidate this device's context entry, then the new domain's IOTLB. */
	rc = vtd_inv_cc_locked(u, VTD_GRAN_DEVICE, 0, sid);
	if (rc == 0)
		rc = vtd_inv_iotlb_locked(u, VTD_GRAN_DOMAIN, did, 0, 0);
	return rc;
}

int vtd_ctx_assign(struct vtd_unit *u, uint16_t seg, uint8_t bus, uint8_t devfn, uint16_t did, uint64_t lo,
	uint64_t hi)
{
	if (seg != u->segment)
		return -HV_EINVAL;
	int rc = check_did(u, did);
	if (rc != 0)
		return rc;
	plat_lock(&u->lock);
	volatile uint64_t *e;
	rc = vtd_ctx_entry(u, bus, devfn, true, &e);
	if (rc == 0 && (e[0] & VTD_CTX_P))
		rc = -HV_EBUSY;
	if (rc == 0) {
		/* High quadword first: the entry becomes present only with its final contents. */
		e[1] = hi | ((uint64_t)did << VTD_CTX_HI_DID_SHIFT);
		e[0] = lo | VTD_CTX_P;
		vtd_sync(u, (const void *)e, 16);
		rc = ctx_publish_new(u, did, (uint16_t)((bus << 8) | devfn));
	}
	plat_unlock(&u->lock);
	return rc;
}

int vtd_assign_device(struct vtd_unit *unit, uint16_t segment, uint8_t bus, uint8_t devfn, uint16_t did,
	uint64_t slpt_hpa, unsigned int aw_bits)
{
	/* 9.3: context AW 1 is 39-bit (3-level) tables, 2 is 48-bit (4-level); SAGAW bit n offers AW n (11.4.2). */
	uint64_t aw = aw_bits == 39 ? VTD_CTX_HI_AW_39 : aw_bits == 48 ? VTD_CTX_HI_AW_48 : 0;
	if (aw == 0)
		return -HV_EINVAL;
	if ((unit->caps.sagaw & (1u << aw)) == 0) {
		plat_log(PLAT_LOG_ERROR, "vtd %p: %u-bit tables not in SAGAW 0x%x", unit->regs, aw_bits, unit->caps.sagaw);
		return -HV_ENODEV;
	}
	if (slpt_hpa == 0 || (slpt_hpa & ~VTD_ADDR_MASK) != 0)
		return -HV_EINVAL;
	return vtd_ctx_assign(unit, segment, bus, devfn, did, slpt_hpa | (VTD_CTX_TT_SLPT << VTD_CTX_TT_SHIFT), aw);
}

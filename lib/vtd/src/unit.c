/* SPDX-License-Identifier: BSD-3-Clause */
/* Unit discovery, bounded waits, GCMD handshakes, translation on/off. */
#include <string.h>

#include "vtd_internal.h"

int vtd_wait(struct vtd_unit *u, uint32_t off, bool wide, uint64_t mask, uint64_t want, uint64_t *last,
	const char *what)
{
	uint64_t start = plat_tsc();
	for (;;) {
		uint64_t v = wide ? vtd_rd64(u, off) : vtd_rd32(u, off);
		if (last != NULL)
			*last = v;
		if ((v & mask) == want)
			return 0;
		if (plat_tsc() - start > u->timeout_ticks) {
			plat_log(PLAT_LOG_ERROR, "vtd %p: timeout waiting for %s (reg 0x%x = 0x%llx)", u->regs, what, off,
				(unsigned long long)v);
			return -HV_ETIMEDOUT;
		}
		__builtin_ia32_pause(); /* spin-loop hint */
	}
}

int vtd_gcmd(struct vtd_unit *u, uint32_t bit, bool on, const char *what)
{
	/* 11.4.4: start from GSTS, drop the one-shot bits, change one command bit. */
	uint32_t sts = vtd_rd32(u, VTD_GSTS_REG) & ~VTD_GCMD_ONESHOT;
	uint32_t cmd = on ? (sts | bit) : (sts & ~bit);
	vtd_wr32(u, VTD_GCMD_REG, cmd);
	if (bit == VTD_GCMD_WBF) /* WBFS reads 1 while the flush is in progress. */
		return vtd_wait(u, VTD_GSTS_REG, false, VTD_GSTS_WBFS, 0, NULL, what);
	/* SRTP/SIRTP complete when RTPS/IRTPS read 1; the others mirror the command. */
	return vtd_wait(u, VTD_GSTS_REG, false, bit, on ? bit : 0, NULL, what);
}

static void decode_caps(struct vtd_caps *c, uint64_t cap, uint64_t ecap)
{
	memset(c, 0, sizeof(*c));
	c->cap = cap;
	c->ecap = ecap;
	unsigned int nd = VTD_CAP_ND(cap) > 6 ? 6 : VTD_CAP_ND(cap); /* 7 is reserved */
	c->nd_count = 1u << (4 + 2 * nd);
	c->sagaw = (uint8_t)(VTD_CAP_SAGAW(cap) & (VTD_SAGAW_39 | VTD_SAGAW_48));
	c->nfr = (uint16_t)VTD_CAP_NFR(cap);
	c->fro_off = VTD_CAP_FRO(cap) * 16u;
	c->iro_off = VTD_ECAP_IRO(ecap) * 16u;
	c->cm = (cap & VTD_CAP_CM) != 0;
	c->coherent = (ecap & VTD_ECAP_C) != 0;
	c->qi = vtd_inv_queue_usable(ecap);
	/* 11.4.3: IR is only meaningful with queued invalidation. */
	c->ir = c->qi && (ecap & VTD_ECAP_IR) != 0;
}

/* Turn off whatever firmware left enabled, so the unit starts from a known state. */
int vtd_unit_quiesce(struct vtd_unit *u)
{
	static const struct { uint32_t bit; const char *what; } on[] = { /* GSTS mirrors GCMD (11.4.5) */
		{ VTD_GCMD_TE, "TE off" }, { VTD_GCMD_IRE, "IRE off" }, { VTD_GCMD_QIE, "QIE off" } };
	uint32_t sts = vtd_rd32(u, VTD_GSTS_REG);
	if (sts & VTD_GSTS_TES)
		plat_log(PLAT_LOG_WARN, "vtd %p: translation was enabled at init; disabling", u->regs);
	int rc = 0;
	for (unsigned int i = 0; rc == 0 && i < sizeof(on) / sizeof(on[0]); i++)
		if (sts & on[i].bit)
			rc = vtd_gcmd(u, on[i].bit, false, on[i].what);
	return rc;
}

/* 11.4.2: a unit this driver can use supports 39- or 48-bit tables and places its fault recording and IOTLB
 * registers somewhere (FRO, IRO not 0). */
static bool caps_usable(const struct vtd_unit *unit, void *regs)
{
	if (unit->caps.sagaw != 0 && unit->caps.fro_off != 0 && unit->caps.iro_off != 0)
		return true;
	plat_log(PLAT_LOG_ERROR, "vtd %p: unusable: SAGAW 0x%x (39- or 48-bit), FRO 0x%x, IRO 0x%x (not 0)", regs,
		VTD_CAP_SAGAW(unit->caps.cap), unit->caps.fro_off, unit->caps.iro_off);
	return false;
}

int vtd_unit_init(struct vtd_unit *unit, void *regs, uint16_t segment)
{
	if (unit == NULL || regs == NULL)
		return -HV_EINVAL;
	memset(unit, 0, sizeof(*unit));
	unit->regs = regs;
	unit->segment = segment;
	unit->timeout_ticks = plat_tsc_hz() / 100u;
	ratelimit_init(&unit->fault_rl, 8, 1000);
	decode_caps(&unit->caps, vtd_rd64(unit, VTD_CAP_REG), vtd_rd64(unit, VTD_ECAP_REG));
	if (!caps_usable(unit, regs))
		return -HV_ENODEV;
	int rc = vtd_unit_quiesce(unit);
	if (rc != 0)
		return rc;
	unit->root = plat_page_alloc(1); /* the queue's pages: when it is turned on (invalidate_qi.c) */
	if (unit->root == NULL)
		return -HV_ENOMEM;
	vtd_sync(unit, unit->root, PLAT_PAGE_SIZE);
	plat_log(PLAT_LOG_INFO,
		"vtd %p: VER 0x%x CAP 0x%llx ECAP 0x%llx: %u domains, SAGAW 0x%x, MGAW %u, CM %d, QI %d, IR %d, C %d",
		regs, vtd_rd32(unit, VTD_VER_REG), (unsigned long long)unit->caps.cap,
		(unsigned long long)unit->caps.ecap, unit->caps.nd_count, unit->caps.sagaw,
		VTD_CAP_MGAW(unit->caps.cap), unit->caps.cm, unit->caps.qi, unit->caps.ir, unit->caps.coherent);
	return 0;
}

/* 10.4.6 (RTADDR_REG): legacy mode, TTM = 00, latched with SRTP; then the context cache and the IOTLB
 * invalidated globally (11.4.5). */
static int set_root_locked(struct vtd_unit *unit)
{
	vtd_wr64(unit, VTD_RTADDR_REG, plat_virt_to_phys(unit->root));
	int rc = vtd_gcmd(unit, VTD_GCMD_SRTP, true, "SRTP");
	if (rc == 0)
		rc = vtd_inv_cc_locked(unit, VTD_GRAN_GLOBAL, 0, 0);
	if (rc == 0)
		rc = vtd_inv_iotlb_locked(unit, VTD_GRAN_GLOBAL, 0, 0, 0);
	return rc;
}

int vtd_enable_translation(struct vtd_unit *unit)
{
	plat_lock(&unit->lock);
	/* 6.8: the tables written so far reach memory before the unit walks them (CAP.RWBF). */
	int rc = (vtd_rd32(unit, VTD_GSTS_REG) & VTD_GSTS_TES) ? -HV_EBUSY : vtd_wbf_locked(unit);
	if (rc == 0 && unit->caps.qi && !unit->qi_enabled)
		rc = vtd_qi_enable_locked(unit);
	if (rc == 0)
		rc = set_root_locked(unit);
	if (rc == 0)
		rc = vtd_gcmd(unit, VTD_GCMD_TE, true, "TE on");
	plat_unlock(&unit->lock);
	return rc;
}

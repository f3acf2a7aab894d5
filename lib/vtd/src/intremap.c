/* SPDX-License-Identifier: BSD-3-Clause */
/* Interrupt remapping: the IRT, its entries and remappable MSIs (VT-d 5.1, 9.10). */
#include <vtd/vtd_ext.h>
#include <vtd/vtd_regs_ext.h>

#include "vtd_internal_qi.h"

/* Allocate the IRT, point IRTA at it (SIRTP), flush the interrupt entry cache and set IRE. Lock held. */
static int irt_install(struct vtd_unit *unit, unsigned int entries_log2, bool x2apic)
{
	uint32_t entries = 1u << entries_log2;
	size_t pages = (entries * 16u) / PLAT_PAGE_SIZE;
	uint64_t *irt = plat_page_alloc(pages);
	if (irt == NULL)
		return -HV_ENOMEM;
	vtd_sync(unit, irt, pages * PLAT_PAGE_SIZE);
	/* 11.4.12.1: S = entries_log2 - 1 (2^(S+1) entries); EIME selects x2APIC destinations. */
	vtd_wr64(unit, VTD_IRTA_REG,
		plat_virt_to_phys(irt) | (x2apic ? VTD_IRTA_EIME : 0) | (uint64_t)(entries_log2 - 1u));
	int rc = vtd_gcmd(unit, VTD_GCMD_SIRTP, true, "SIRTP");
	/* 6.5.2.6 / 11.4.4: after SIRTP, invalidate the whole interrupt entry cache. */
	if (rc == 0)
		rc = vtd_inv_iec_locked(unit, true, 0, 0);
	if (rc == 0)
		rc = vtd_gcmd(unit, VTD_GCMD_IRE, true, "IRE on");
	if (rc != 0) {
		plat_page_free(irt, pages);
		return rc;
	}
	unit->irt = irt;
	unit->irt_entries = entries;
	unit->ir_x2apic = x2apic;
	return 0;
}

/* 10.4.2: interrupt remapping needs IR; its cache is flushed through the queue (QI); x2APIC destinations need EIM. */
static bool ir_supported(const struct vtd_caps *caps, bool x2apic)
{
	return caps->ir && caps->qi && (!x2apic || (caps->ecap & VTD_ECAP_EIM));
}

int vtd_ir_enable(struct vtd_unit *unit, unsigned int entries_log2, bool x2apic)
{
	if (entries_log2 < 8 || entries_log2 > 16)
		return -HV_EINVAL;
	if (!ir_supported(&unit->caps, x2apic))
		return -HV_ENODEV;
	plat_lock(&unit->lock);
	int rc = 0;
	if (unit->irt != NULL) {
		rc = -HV_EBUSY;
		goto out;
	}
	/* The interrupt entry cache is invalidated only through the queue. */
	if ((rc = vtd_qi_enable_locked(unit)) != 0)
		goto out;
	rc = irt_install(unit, entries_log2, x2apic);
out:
	plat_unlock(&unit->lock);
	return rc;
}

int vtd_ir_disable(struct vtd_unit *unit)
{
	plat_lock(&unit->lock);
	int rc = 0;
	if (unit->irt == NULL) {
		rc = -HV_ENOENT;
		goto out;
	}
	rc = vtd_gcmd(unit, VTD_GCMD_IRE, false, "IRE off");
	if (rc == 0) {
		plat_page_free(unit->irt, (unit->irt_entries * 16u) / PLAT_PAGE_SIZE);
		unit->irt = NULL;
		unit->irt_entries = 0;
		unit->ir_x2apic = false;
	}
out:
	plat_unlock(&unit->lock);
	return rc;
}

/* First index of `count` consecutive unallocated IRTEs, or -HV_ENOMEM. */
static int free_run(const struct vtd_unit *unit, unsigned int count)
{
	unsigned int run = 0;
	for (unsigned int i = 0; i < unit->irt_entries; i++) {
		run = (unit->irt[i * 2u] & VTD_IRTE_AVAIL_ALLOC) ? 0 : run + 1;
		if (run == count)
			return (int)(i + 1 - count);
	}
	return -HV_ENOMEM;
}

int vtd_irte_alloc(struct vtd_unit *unit, unsigned int count)
{
	if (count == 0 || count > 65536u)
		return -HV_EINVAL;
	plat_lock(&unit->lock);
	int rc = -HV_ENOMEM;
	if (unit->irt == NULL) {
		rc = -HV_ENODEV;
		goto out;
	}
	rc = free_run(unit, count);
	for (int k = rc; rc >= 0 && k < rc + (int)count; k++)
		unit->irt[k * 2u] = VTD_IRTE_AVAIL_ALLOC; /* not present; hardware ignores AVAIL */
	if (rc == -HV_ENOMEM)
		plat_log(PLAT_LOG_WARN, "vtd %p: no %u free interrupt-remapping entries", unit->regs, count);
out:
	plat_unlock(&unit->lock);
	return rc;
}

static int entry_ok(struct vtd_unit *u, unsigned int index)
{
	if (u->irt == NULL)
		return -HV_ENODEV;
	if (index >= u->irt_entries)
		return -HV_ERANGE;
	if (!(u->irt[index * 2u] & VTD_IRTE_AVAIL_ALLOC))
		return -HV_ENOENT;
	return 0;
}

/* Write an IRTE so hardware never sees a half-updated present entry. */
static int irte_write(struct vtd_unit *u, unsigned int index, uint64_t lo, uint64_t hi)
{
	volatile uint64_t *e = &u->irt[index * 2u];
	if ((e[0] & VTD_IRTE_P) && e[1] != hi) {
		e[0] = e[0] & ~VTD_IRTE_P; /* source fields change: go through not-present */
		vtd_sync(u, (const void *)e, 16);
	}
	e[1] = hi;
	e[0] = lo; /* one 64-bit store: vector/destination change atomically */
	vtd_sync(u, (const void *)e, 16);
	return vtd_inv_iec_locked(u, false, (uint16_t)index, 0);
}

/* 9.10: delivery modes an IRTE may hold: fixed, lowest priority, SMI, NMI, INIT, ExtINT (3 and 6 reserved). */
#define IRTE_DLM_VALID ((1u << 0) | (1u << 1) | (1u << 2) | (1u << 4) | (1u << 5) | (1u << 7))

static bool irte_cfg_valid(const struct vtd_irte_cfg *cfg)
{
	if (cfg == NULL || cfg->svt > 2 || cfg->sq > 3 || cfg->delivery > 7)
		return false;
	if (!(IRTE_DLM_VALID & (1u << cfg->delivery)))
		return false;
	/* Fixed and lowest priority deliver a real vector. */
	return cfg->delivery > 1 || cfg->vector >= 16;
}

/* 9.10: the low quadword of a remapped-format IRTE. */
static uint64_t irte_lo(const struct vtd_irte_cfg *cfg, bool x2apic)
{
	/* xAPIC mode puts the 8-bit APIC id in DST[15:8] (bits 47:40). */
	uint64_t dst = x2apic ? cfg->dest : ((uint64_t)cfg->dest << 8);
	uint64_t lo = VTD_IRTE_P | VTD_IRTE_AVAIL_ALLOC | ((uint64_t)cfg->delivery << VTD_IRTE_DLM_SHIFT) |
		((uint64_t)cfg->vector << VTD_IRTE_V_SHIFT) | (dst << VTD_IRTE_DST_SHIFT);
	lo |= cfg->dest_logical ? VTD_IRTE_DM : 0;
	lo |= cfg->redir_hint ? VTD_IRTE_RH : 0;
	lo |= cfg->level ? VTD_IRTE_TM : 0;
	return lo;
}

/* 9.10: the high quadword: source-id, source-id qualifier and source validation type. */
static uint64_t irte_hi(const struct vtd_irte_cfg *cfg)
{
	return cfg->sid | ((uint64_t)cfg->sq << VTD_IRTE_HI_SQ_SHIFT) | ((uint64_t)cfg->svt << VTD_IRTE_HI_SVT_SHIFT);
}

int vtd_irte_set(struct vtd_unit *unit, unsigned int index, const struct vtd_irte_cfg *cfg)
{
	if (!irte_cfg_valid(cfg))
		return -HV_EINVAL;
	plat_lock(&unit->lock);
	int rc = entry_ok(unit, index);
	if (rc == 0 && !unit->ir_x2apic && cfg->dest > 0xFFu)
		rc = -HV_ERANGE;
	if (rc == 0)
		rc = irte_write(unit, index, irte_lo(cfg, unit->ir_x2apic), irte_hi(cfg));
	plat_unlock(&unit->lock);
	return rc;
}

int vtd_irte_clear(struct vtd_unit *unit, unsigned int index)
{
	plat_lock(&unit->lock);
	int rc = entry_ok(unit, index);
	if (rc == 0)
		rc = irte_write(unit, index, VTD_IRTE_AVAIL_ALLOC, 0);
	plat_unlock(&unit->lock);
	return rc;
}

static int irte_range_ok(const struct vtd_unit *unit, unsigned int index, unsigned int count)
{
	if (unit->irt == NULL)
		return -HV_ENODEV;
	if (count == 0 || index >= unit->irt_entries || count > unit->irt_entries - index)
		return -HV_ERANGE;
	return 0;
}

int vtd_irte_free(struct vtd_unit *unit, unsigned int index, unsigned int count)
{
	plat_lock(&unit->lock);
	int rc = irte_range_ok(unit, index, count);
	for (unsigned int k = 0; rc == 0 && k < count; k++)
		rc = entry_ok(unit, index + k);
	for (unsigned int k = 0; rc == 0 && k < count; k++)
		rc = irte_write(unit, index + k, 0, 0);
	plat_unlock(&unit->lock);
	return rc;
}

int vtd_msi_compose(unsigned int index, uint32_t *addr_lo, uint32_t *addr_hi, uint32_t *data)
{
	if (addr_lo == NULL || addr_hi == NULL || data == NULL)
		return -HV_EINVAL;
	if (index > 0xFFFFu)
		return -HV_ERANGE;
	/* 5.1.5.2: bits 19:5 handle[14:0], bit 4 interrupt format (1 = remappable),
	 * bit 3 SHV (0: no subhandle), bit 2 handle[15]. */
	*addr_lo = 0xFEE00000u | ((index & 0x7FFFu) << 5) | (1u << 4) | (((index >> 15) & 1u) << 2);
	*addr_hi = 0;
	*data = 0;
	return 0;
}

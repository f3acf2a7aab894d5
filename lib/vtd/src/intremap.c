/* SPDX-License-Identifier: BSD-3-Clause */
/* Interrupt remapping: the IRT, its entries and remappable MSIs (VT-d 5.1, 9.10). */
#include "vtd_internal.h"

int vtd_ir_enable(struct vtd_unit *unit, unsigned int entries_log2, bool x2apic)
{
	if (entries_log2 < 8 || entries_log2 > 16)
		return -HV_EINVAL;
	if (!unit->caps.ir || !unit->caps.qi)
		return -HV_ENODEV;
	if (x2apic && !unit->caps.eim)
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
	uint32_t entries = 1u << entries_log2;
	size_t pages = (entries * 16u) / PLAT_PAGE_SIZE;
	uint64_t *irt = plat_page_alloc(pages);
	if (irt == NULL) {
		rc = -HV_ENOMEM;
		goto out;
	}
	vtd_sync(unit, irt, pages * PLAT_PAGE_SIZE);
	/* 11.4.12.1: S = entries_log2 - 1 (2^(S+1) entries); EIME selects x2APIC destinations. */
	vtd_wr64(unit, VTD_IRTA_REG,
		plat_virt_to_phys(irt) | (x2apic ? VTD_IRTA_EIME : 0) | (uint64_t)(entries_log2 - 1u));
	rc = vtd_gcmd(unit, VTD_GCMD_SIRTP, true, "SIRTP");
	/* 6.5.2.6 / 11.4.4: after SIRTP, invalidate the whole interrupt entry cache. */
	if (rc == 0)
		rc = vtd_inv_iec_locked(unit, true, 0, 0);
	if (rc == 0)
		rc = vtd_gcmd(unit, VTD_GCMD_IRE, true, "IRE on");
	if (rc != 0) {
		plat_page_free(irt, pages);
		goto out;
	}
	unit->irt = irt;
	unit->irt_entries = entries;
	unit->ir_x2apic = x2apic;
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
	unsigned int run = 0;
	for (unsigned int i = 0; i < unit->irt_entries; i++) {
		run = (unit->irt[i * 2u] & VTD_IRTE_AVAIL_ALLOC) ? 0 : run + 1;
		if (run == count) {
			unsigned int first = i + 1 - count;
			for (unsigned int k = first; k <= i; k++)
				unit->irt[k * 2u] = VTD_IRTE_AVAIL_ALLOC; /* not present; hardware ignores AVAIL */
			rc = (int)first;
			break;
		}
	}
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

int vtd_irte_set(struct vtd_unit *unit, unsigned int index, const struct vtd_irte_cfg *cfg)
{
	if (cfg == NULL || cfg->svt > 2 || cfg->sq > 3)
		return -HV_EINVAL;
	switch (cfg->delivery) {
	case 0: case 1: /* fixed, lowest priority: a real vector */
		if (cfg->vector < 16)
			return -HV_EINVAL;
		break;
	case 2: case 4: case 5: case 7:
		break;
	default:
		return -HV_EINVAL;
	}
	plat_lock(&unit->lock);
	int rc = entry_ok(unit, index);
	if (rc == 0 && !unit->ir_x2apic && cfg->dest > 0xFFu)
		rc = -HV_ERANGE;
	if (rc == 0) {
		/* 9.10: xAPIC mode puts the 8-bit APIC id in DST[15:8] (bits 47:40). */
		uint64_t dst = unit->ir_x2apic ? cfg->dest : ((uint64_t)cfg->dest << 8);
		uint64_t lo = VTD_IRTE_P | VTD_IRTE_AVAIL_ALLOC | ((uint64_t)cfg->delivery << VTD_IRTE_DLM_SHIFT) |
			((uint64_t)cfg->vector << VTD_IRTE_V_SHIFT) | (dst << VTD_IRTE_DST_SHIFT);
		if (cfg->dest_logical)
			lo |= VTD_IRTE_DM;
		if (cfg->redir_hint)
			lo |= VTD_IRTE_RH;
		if (cfg->level)
			lo |= VTD_IRTE_TM;
		uint64_t hi = cfg->sid | ((uint64_t)cfg->sq << VTD_IRTE_HI_SQ_SHIFT) |
			((uint64_t)cfg->svt << VTD_IRTE_HI_SVT_SHIFT);
		rc = irte_write(unit, index, lo, hi);
	}
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

int vtd_irte_free(struct vtd_unit *unit, unsigned int index, unsigned int count)
{
	plat_lock(&unit->lock);
	int rc = 0;
	if (count == 0 || unit->irt == NULL || index >= unit->irt_entries || count > unit->irt_entries - index)
		rc = unit->irt == NULL ? -HV_ENODEV : -HV_ERANGE;
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

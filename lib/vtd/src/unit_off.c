/* SPDX-License-Identifier: BSD-3-Clause */
/* Turning a unit off: translation, queued invalidation (and on again by hand), the whole unit (VT-d 10.4.4, 6.5.2). */
#include <vtd/vtd_ext.h>
#include <vtd/vtd_regs_ext.h>

#include "vtd_internal_qi.h"

int vtd_qi_disable_locked(struct vtd_unit *u)
{
	if (!u->qi_enabled)
		return 0;
	/* 11.4.4: the queue must be drained (IQH == IQT) before QIE is cleared. */
	int rc = vtd_wait(u, VTD_IQH_REG, true, ~0ull, (uint64_t)u->iq_tail << VTD_IQ_SHIFT, NULL, "queue drain");
	if (rc != 0)
		return rc;
	rc = vtd_gcmd(u, VTD_GCMD_QIE, false, "QIE off");
	if (rc == 0)
		u->qi_enabled = false;
	return rc;
}

/* The unit's root, context, queue and interrupt-remapping tables. */
static void unit_free_memory(struct vtd_unit *u)
{
	for (unsigned int b = 0; b < 256; b++) {
		plat_page_free(u->ctx[b], 1);
		u->ctx[b] = NULL;
	}
	plat_page_free(u->root, 1);
	plat_page_free(u->iq, 1);
	plat_page_free((void *)u->iq_status, 1);
	u->root = NULL;
	u->iq = NULL;
	u->iq_status = NULL;
	if (u->irt != NULL)
		plat_page_free(u->irt, (u->irt_entries * 16u) / PLAT_PAGE_SIZE);
	u->irt = NULL;
	u->irt_entries = 0;
}

void vtd_unit_fini(struct vtd_unit *unit)
{
	if (unit == NULL || unit->regs == NULL)
		return;
	plat_lock(&unit->lock);
	(void)vtd_unit_quiesce(unit);
	unit->qi_enabled = false;
	unit_free_memory(unit);
	plat_unlock(&unit->lock);
}

int vtd_disable_translation(struct vtd_unit *unit)
{
	plat_lock(&unit->lock);
	int rc = 0;
	if (vtd_rd32(unit, VTD_GSTS_REG) & VTD_GSTS_TES)
		rc = vtd_gcmd(unit, VTD_GCMD_TE, false, "TE off");
	plat_unlock(&unit->lock);
	return rc;
}

int vtd_qi_enable(struct vtd_unit *unit)
{
	plat_lock(&unit->lock);
	int rc = vtd_qi_enable_locked(unit);
	plat_unlock(&unit->lock);
	return rc;
}

int vtd_qi_disable(struct vtd_unit *unit)
{
	plat_lock(&unit->lock);
	int rc = vtd_qi_disable_locked(unit);
	plat_unlock(&unit->lock);
	return rc;
}

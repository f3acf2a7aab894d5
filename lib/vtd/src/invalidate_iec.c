/* SPDX-License-Identifier: BSD-3-Clause */
/* Interrupt entry cache invalidation (VT-d 6.5.2.7, 10.4.24): what interrupt remapping needs. */
#include <vtd/vtd_ext.h>
#include <vtd/vtd_regs_ext.h>

#include "vtd_internal_qi.h"

int vtd_inv_iec_locked(struct vtd_unit *u, bool global, uint16_t index, unsigned int im)
{
	if (!u->qi_enabled)
		return -HV_ENODEV; /* the IEC has no register interface */
	uint64_t lo = VTD_INV_IEC;
	if (!global)
		lo |= VTD_INV_IEC_INDEX | ((uint64_t)im << VTD_INV_IEC_IM_SHIFT) |
			((uint64_t)index << VTD_INV_IEC_IIDX_SHIFT);
	uint64_t d[1][2] = { { lo, 0 } };
	return vtd_qi_submit(u, d, 1);
}

int vtd_inv_iec_global(struct vtd_unit *unit)
{
	plat_lock(&unit->lock);
	int rc = vtd_inv_iec_locked(unit, true, 0, 0);
	plat_unlock(&unit->lock);
	return rc;
}

int vtd_inv_iec_index(struct vtd_unit *unit, uint16_t index, unsigned int order)
{
	if (order > 31)
		return -HV_EINVAL;
	plat_lock(&unit->lock);
	int rc = vtd_inv_iec_locked(unit, false, index, order);
	plat_unlock(&unit->lock);
	return rc;
}

/* SPDX-License-Identifier: BSD-3-Clause */
/* Masking the fault-event interrupt (VT-d 11.4.9.2): no image calls it, so it is an archive member of its own. */
#include <vtd/vtd_ext.h>

#include "vtd_internal.h"

void vtd_fault_irq_mask(struct vtd_unit *unit, bool masked)
{
	plat_lock(&unit->fault_lock);
	vtd_wr32(unit, VTD_FECTL_REG, masked ? VTD_FECTL_IM : 0);
	plat_unlock(&unit->fault_lock);
}

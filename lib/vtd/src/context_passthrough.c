/* SPDX-License-Identifier: BSD-3-Clause */
/* A device in pass-through translation (VT-d 9.3, TT = 10b with ECAP.PT): a unit of its own, which no image calls. */
#include <vtd/vtd_ext.h>
#include <vtd/vtd_regs_ext.h>

#include "vtd_internal.h"

int vtd_assign_device_passthrough(struct vtd_unit *unit, uint16_t segment, uint8_t bus, uint8_t devfn,
	uint16_t did)
{
	if (!(unit->caps.ecap & VTD_ECAP_PT))
		return -HV_ENODEV;
	/* 9.3: with TT = 10b, AW must still name a supported width. */
	uint64_t aw = (unit->caps.sagaw & VTD_SAGAW_48) ? VTD_CTX_HI_AW_48 : VTD_CTX_HI_AW_39;
	return vtd_ctx_assign(unit, segment, bus, devfn, did, VTD_CTX_TT_PASSTHRU << VTD_CTX_TT_SHIFT, aw);
}

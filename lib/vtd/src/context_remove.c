/* SPDX-License-Identifier: BSD-3-Clause */
/* Taking a device out of its domain, and asking which domain a device is in (VT-d 9.3, 6.5.3.3). */
#include <vtd/vtd_ext.h>

#include "vtd_internal.h"

int vtd_unassign_device(struct vtd_unit *unit, uint16_t segment, uint8_t bus, uint8_t devfn)
{
	if (segment != unit->segment)
		return -HV_EINVAL;
	plat_lock(&unit->lock);
	volatile uint64_t *e;
	int rc = vtd_ctx_entry(unit, bus, devfn, false, &e);
	if (rc == 0 && !(e[0] & VTD_CTX_P))
		rc = -HV_ENOENT;
	if (rc == 0) {
		uint16_t did = (uint16_t)(e[1] >> VTD_CTX_HI_DID_SHIFT);
		e[0] = 0; /* present bit off first */
		e[1] = 0;
		vtd_sync(unit, (const void *)e, 16);
		rc = vtd_wbf_locked(unit);
		/* 6.5.3.3: device-selective context-cache, then domain-selective IOTLB. */
		if (rc == 0)
			rc = vtd_inv_cc_locked(unit, VTD_GRAN_DEVICE, did, (uint16_t)((bus << 8) | devfn));
		if (rc == 0)
			rc = vtd_inv_iotlb_locked(unit, VTD_GRAN_DOMAIN, did, 0, 0);
	}
	plat_unlock(&unit->lock);
	return rc;
}

int vtd_device_domain(struct vtd_unit *unit, uint16_t segment, uint8_t bus, uint8_t devfn)
{
	if (segment != unit->segment)
		return -HV_EINVAL;
	plat_lock(&unit->lock);
	volatile uint64_t *e;
	int rc = vtd_ctx_entry(unit, bus, devfn, false, &e);
	if (rc == 0)
		rc = (e[0] & VTD_CTX_P) ? (int)(uint16_t)(e[1] >> VTD_CTX_HI_DID_SHIFT) : -HV_ENOENT;
	plat_unlock(&unit->lock);
	return rc;
}

/* SPDX-License-Identifier: BSD-3-Clause */
/* Remapped MSIs for pass-through devices (VT-d 5.1.4 remappable format, 9.10 IRTE). */
#include <core/console.h>
#include <hvkit/errno.h>

#include "iommu_state.h"

#define IRT_ENTRIES_LOG2 8

int iommu_msi_remap(uint16_t segment, uint8_t bus, uint8_t devfn, uint8_t vector, uint32_t dest,
	uint32_t *addr_lo, uint32_t *addr_hi, uint32_t *data)
{
	struct vtd_unit *u = iommu_unit_for(segment, bus, devfn);
	if (u == NULL)
		return -HV_ENODEV;
	if (!u->caps.ir)
		return -HV_ENODEV;
	int rc;
	if (u->irt == NULL && (rc = vtd_ir_enable(u, IRT_ENTRIES_LOG2, false)) != 0) {
		hv_error("iommu: cannot enable interrupt remapping (%d)", rc);
		return rc;
	}
	int index = vtd_irte_alloc(u, 1);
	if (index < 0)
		return index;
	/* SVT 1, SQ 0: only this requester id may use the entry (9.10, Table 9-xx). */
	struct vtd_irte_cfg cfg = { .vector = vector, .dest = dest, .svt = 1, .sq = 0,
		.sid = (uint16_t)(bus << 8 | devfn) };
	if ((rc = vtd_irte_set(u, (unsigned int)index, &cfg)) != 0 ||
	    (rc = vtd_msi_compose((unsigned int)index, addr_lo, addr_hi, data)) != 0) {
		vtd_irte_free(u, (unsigned int)index, 1);
		return rc;
	}
	hv_info("iommu: " IOMMU_BDF_FMT " MSI -> IRTE %d: vector 0x%x on apic %u", bus, devfn >> 3, devfn & 7,
		index, vector, dest);
	return index;
}

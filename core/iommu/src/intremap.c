/* SPDX-License-Identifier: BSD-3-Clause */
/* Remapped MSIs for pass-through devices (VT-d 5.1.4 remappable format, 9.10 IRTE). */
#include <core/console.h>
#include <hvkit/errno.h>

#include <iommu/iommu_ext.h>
#include <vtd/vtd_ext.h>

#include "iommu_state.h"

#define IRT_ENTRIES_LOG2 8

/* The unit's interrupt-remapping table, set up at the first remapped MSI (VT-d 5.1). */
static int ir_ready(struct vtd_unit *u)
{
	if (u->irt != NULL)
		return 0;
	int rc = vtd_ir_enable(u, IRT_ENTRIES_LOG2, false);
	if (rc != 0)
		hv_error("iommu: cannot enable interrupt remapping (%d)", rc);
	return rc;
}

/* Fill IRTE `index` for requester bus:devfn, then compose the MSI address and data that name it; the entry is freed on failure. */
static int irte_fill(struct vtd_unit *u, unsigned int index, uint8_t bus, uint8_t devfn, uint8_t vector,
		     uint32_t dest, uint32_t *addr_lo, uint32_t *addr_hi, uint32_t *data)
{
	/* SVT 1, SQ 0: only this requester id may use the entry (9.10, Table 9-xx). */
	struct vtd_irte_cfg cfg = { .vector = vector, .dest = dest, .svt = 1, .sq = 0,
		.sid = (uint16_t)(bus << 8 | devfn) };
	int rc = vtd_irte_set(u, index, &cfg);
	if (rc == 0)
		rc = vtd_msi_compose(index, addr_lo, addr_hi, data);
	if (rc != 0)
		vtd_irte_free(u, index, 1);
	return rc;
}

int iommu_msi_remap(uint16_t segment, uint8_t bus, uint8_t devfn, uint8_t vector, uint32_t dest,
	uint32_t *addr_lo, uint32_t *addr_hi, uint32_t *data)
{
	struct vtd_unit *u = iommu_unit_for(segment, bus, devfn);
	if (u == NULL || !u->caps.ir)
		return -HV_ENODEV;
	int rc = ir_ready(u);
	if (rc != 0)
		return rc;
	int index = vtd_irte_alloc(u, 1);
	if (index < 0)
		return index;
	rc = irte_fill(u, (unsigned int)index, bus, devfn, vector, dest, addr_lo, addr_hi, data);
	if (rc != 0)
		return rc;
	hv_info("iommu: " IOMMU_BDF_FMT " MSI -> IRTE %d: vector 0x%x on apic %u", bus, devfn >> 3, devfn & 7,
		index, vector, dest);
	return index;
}

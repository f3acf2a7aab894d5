/* SPDX-License-Identifier: BSD-3-Clause */
/* A VM's DMA domain once built: its domain id, and changing the DMA permissions of part of it. */
#include <hvkit/errno.h>
#include <ept/pt_ext.h>

#include <iommu/iommu_ext.h>
#include <vtd/vtd_ext.h>

#include "iommu_state.h"

uint16_t iommu_vm_domain(unsigned int vm)
{
	return vm < SCENARIO_MAX_VMS && iommu.domains[vm].built ? iommu.domains[vm].did : 0;
}

int iommu_vm_set_perm(unsigned int vm, uint64_t gpa, uint64_t size, uint8_t perm)
{
	if (vm >= SCENARIO_MAX_VMS || !iommu.domains[vm].built)
		return -HV_ENOENT;
	struct iommu_domain *d = &iommu.domains[vm];
	plat_lock(&d->lock);
	int rc = pt_set_perm(&d->table, gpa, size, perm);
	plat_unlock(&d->lock);
	if (rc != 0)
		return rc;
	iommu_sync_tables();
	/* 6.5: a changed leaf may be cached in every unit that holds a device of this domain. */
	for (unsigned int i = 0; i < iommu.unit_count && rc == 0; i++)
		rc = vtd_inv_iotlb_domain(&iommu.units[i], d->did);
	return rc;
}

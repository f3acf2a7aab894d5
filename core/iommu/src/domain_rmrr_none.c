/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * partition and lapic_pt map no RMRR (README "Footprint"): the DMAR's reserved regions are parsed and counted at
 * boot, but a pass-through device's DMA into its firmware's reserved region faults (VT-d 7.1.3) and is logged, as
 * any DMA outside its VM's RAM. domain_rmrr.c maps them 1:1 (VT-d 8.4).
 */
#include <core/console.h>

#include "iommu_state.h"

int iommu_map_rmrrs(unsigned int v)
{
	const struct vm_config *vm = &iommu.sc->vms[v];
	if (iommu.dmar.rmrr_count != 0 && vm->pci_count != 0)
		hv_warn("iommu: vm \"%s\": reserved regions (RMRR) are not mapped in this image; a device's DMA there "
			"faults", vm->name);
	return 0;
}

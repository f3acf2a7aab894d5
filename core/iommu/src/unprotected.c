/* SPDX-License-Identifier: BSD-3-Clause */
/* The plain words for a platform or image without DMA remapping (shared by both variants). */
#include <core/console.h>

#include "unprotected.h"

void iommu_say_unprotected(const struct scenario *sc, const char *why)
{
	hv_warn("iommu: %s: no DMA remapping; pass-through PCI devices are not isolated (their DMA can reach all "
		"memory)", why);
	for (uint32_t v = 0; sc != NULL && v < sc->vm_count; v++)
		if (sc->vms[v].pci_count)
			hv_warn("iommu: vm \"%s\": %u pass-through PCI device(s) not isolated", sc->vms[v].name,
				sc->vms[v].pci_count);
}

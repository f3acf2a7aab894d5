/* SPDX-License-Identifier: BSD-3-Clause */
/* RMRR identity maps in a VM's DMA domain (VT-d 8.4): a pass-through device's firmware-reserved region, mapped 1:1
 * in the domain of the VM that owns the device. */
#include <core/console.h>

#include "iommu_state.h"

static const struct pt_prot dma_rw = { .perm = PT_PERM_R | PT_PERM_W };

/* Does the RMRR's scope name one of the VM's devices? */
static bool rmrr_names_vm(const struct dmar_rmrr *r, const struct vm_config *vm)
{
	for (unsigned int s = r->scope_first; s < r->scope_first + r->scope_count; s++) {
		const struct dmar_scope *sc = &iommu.dmar.scopes[s];
		for (uint32_t p = 0; p < vm->pci_count; p++) {
			const struct scenario_pci_dev *pd = &vm->pci[p];
			uint8_t devfn = (uint8_t)(pd->device << 3 | pd->function);
			if (pd->segment == r->segment && dmar_scope_covers(sc, pd->bus, devfn))
				return true;
		}
	}
	return false;
}

/* 8.4: the device may DMA to its RMRR at any time, so the domain maps it 1:1. */
int iommu_map_rmrrs(unsigned int v)
{
	const struct vm_config *vm = &iommu.sc->vms[v];
	struct iommu_domain *d = &iommu.domains[v];
	for (unsigned int i = 0; i < iommu.dmar.rmrr_count; i++) {
		const struct dmar_rmrr *r = &iommu.dmar.rmrr[i];
		if (!rmrr_names_vm(r, vm))
			continue;
		uint64_t base = r->base & ~0xFFFull, end = (r->limit | 0xFFFull) + 1;
		int rc = pt_map(&d->table, base, base, end - base, &dma_rw);
		if (rc != 0) {
			hv_error("iommu: vm \"%s\": reserved region 0x%lx-0x%lx of its device collides with its RAM (%d)",
				vm->name, base, end - 1, rc);
			return rc;
		}
		hv_info("iommu: vm \"%s\": reserved region 0x%lx-0x%lx mapped 1:1 for its device", vm->name, base,
			end - 1);
	}
	return 0;
}

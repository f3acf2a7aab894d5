/* SPDX-License-Identifier: BSD-3-Clause */
/* Pass-through devices into their VM's domain; translation on (VT-d 3.4 context entries). */
#include <core/console.h>
#include <hvkit/errno.h>
#include <pci/pci.h>

#include "iommu_state.h"

struct vtd_unit *iommu_unit_for(uint16_t segment, uint8_t bus, uint8_t devfn)
{
	int i = dmar_drhd_for_device(&iommu.dmar, segment, bus, devfn);
	return i >= 0 && (unsigned int)i < iommu.unit_count ? &iommu.units[i] : NULL;
}

int iommu_vm_of_device(uint16_t segment, uint8_t bus, uint8_t devfn)
{
	if (iommu.sc == NULL)
		return -1;
	for (uint32_t v = 0; v < iommu.sc->vm_count; v++) {
		const struct vm_config *vm = &iommu.sc->vms[v];
		for (uint32_t p = 0; p < vm->pci_count; p++)
			if (vm->pci[p].segment == segment && vm->pci[p].bus == bus &&
			    (vm->pci[p].device << 3 | vm->pci[p].function) == devfn)
				return (int)v;
	}
	return -1;
}

/* One pass-through device: the context entry for its requester id points at the VM's domain. */
static int assign_one(const struct vm_config *vm, const struct iommu_domain *d, const struct scenario_pci_dev *pd,
		      unsigned int aw)
{
	uint8_t devfn = (uint8_t)(pd->device << 3 | pd->function);
	struct vtd_unit *u = iommu_unit_for(pd->segment, pd->bus, devfn);
	if (u == NULL) {
		hv_error("iommu: vm \"%s\": no remapping unit covers %04x:" IOMMU_BDF_FMT, vm->name,
			pd->segment, pd->bus, pd->device, pd->function);
		return -HV_ENODEV;
	}
	if (pd->segment == 0 && !pci_present((struct pci_bdf){ pd->bus, pd->device, pd->function }))
		hv_warn("iommu: vm \"%s\": pass-through device " IOMMU_BDF_FMT " is not on the bus",
			vm->name, pd->bus, pd->device, pd->function);
	int rc = vtd_assign_device(u, pd->segment, pd->bus, devfn, d->did, d->table.root_pa, aw);
	if (rc != 0) {
		hv_error("iommu: vm \"%s\": cannot assign " IOMMU_BDF_FMT " to domain %u (%d)", vm->name,
			pd->bus, pd->device, pd->function, d->did, rc);
		return rc;
	}
	hv_info("iommu: vm \"%s\": device " IOMMU_BDF_FMT " -> domain %u (%u-bit)", vm->name, pd->bus,
		pd->device, pd->function, d->did, aw);
	return 0;
}

/* Devices named by no VM get no context entry: their DMA faults (reason 2, VT-d 7.1.3). */
int iommu_assign_devices(void)
{
	unsigned int aw = iommu.levels == 4 ? 48 : 39;
	for (uint32_t v = 0; v < iommu.sc->vm_count; v++) {
		const struct vm_config *vm = &iommu.sc->vms[v];
		const struct iommu_domain *d = &iommu.domains[v];
		for (uint32_t p = 0; d->built && p < vm->pci_count; p++) {
			int rc = assign_one(vm, d, &vm->pci[p], aw);
			if (rc != 0)
				return rc;
		}
	}
	return 0;
}

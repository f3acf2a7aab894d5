/* SPDX-License-Identifier: BSD-3-Clause */
/* One DMA domain per VM: GPA -> the VM's host RAM (VT-d 3.6), plus RMRR identity maps where the image maps them. */
#include <core/console.h>
#include <hvkit/errno.h>

#include "iommu_state.h"

static const struct pt_prot dma_rw = { .perm = PT_PERM_R | PT_PERM_W };

/* The VM's RAM regions at their host addresses: contiguous from host-base, or identity for the Service VM. */
static int map_vm_ram(struct iommu_domain *d, const struct vm_config *vm, bool identity)
{
	uint64_t hpa = vm->host_base;
	for (uint32_t i = 0; i < vm->mem_count; i++) {
		if (identity)
			hpa = vm->mem[i].base;
		int rc = pt_map(&d->table, vm->mem[i].base, hpa, vm->mem[i].size, &dma_rw);
		if (rc != 0) {
			hv_error("iommu: vm \"%s\": cannot map GPA 0x%lx-0x%lx for DMA (%d)", vm->name, vm->mem[i].base,
				vm->mem[i].base + vm->mem[i].size - 1, rc);
			return rc;
		}
		hpa += vm->mem[i].size;
	}
	return 0;
}

static int build_vm(unsigned int v)
{
	const struct vm_config *vm = &iommu.sc->vms[v];
	struct iommu_domain *d = &iommu.domains[v];
	bool identity = vm->load_order == SCENARIO_SERVICE; /* its RAM is identity-mapped: so is its domain */
	if (vm->host_base == SCENARIO_HOST_BASE_ANY && !identity) {
		/* Its RAM is placed later; the core builds its domain then (not yet supported). */
		if (vm->pci_count)
			hv_warn("iommu: vm \"%s\" has no host-base: its pass-through devices get no domain", vm->name);
		return 0;
	}
	struct pt_config cfg = { .levels = iommu.levels, .hpa_bits = iommu.hpa_bits, .caps = iommu.pt_caps };
	int rc = pt_create(&d->table, &vtd_sl_format, &cfg);
	if (rc != 0)
		return rc;
	d->did = (uint16_t)(v + 1);
	rc = map_vm_ram(d, vm, identity);
	if (rc == 0)
		rc = iommu_map_rmrrs(v);
	if (rc != 0)
		return rc;
	d->built = true;
	hv_info("iommu: vm \"%s\": domain %u, %u-level tables, %lu table page(s)", vm->name, d->did, d->table.levels,
		(uint64_t)d->table.pages);
	return 0;
}

int iommu_build_domains(void)
{
	for (unsigned int v = 0; v < iommu.sc->vm_count; v++) {
		int rc = build_vm(v);
		if (rc != 0)
			return rc;
	}
	iommu_sync_tables();
	return 0;
}

/*
 * Units without ECAP.C walk tables in memory, not in the CPU cache (VT-d 6.1):
 * write the tables back. The engine does not list its pages, so flush all
 * caches; this runs only when tables change.
 */
void iommu_sync_tables(void)
{
	bool coherent = true;
	for (unsigned int i = 0; i < iommu.unit_count; i++)
		coherent = coherent && iommu.units[i].caps.coherent;
	if (!coherent)
		__asm__ volatile("wbinvd" ::: "memory");
}

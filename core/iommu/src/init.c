/* SPDX-License-Identifier: BSD-3-Clause */
/* iommu_init: the DMAR and its units (VT-d 8.1, 8.3), then domains, assignment, fault reporting and translation on
 * (VT-d 6.5 order). */
#include <core/acpi.h>
#include <core/console.h>
#include <core/mm.h>
#include <hvkit/errno.h>
#include <pci/pci.h>
#include <string.h>

#include "iommu_state.h"

struct iommu_state iommu;

/* The core maps 3-4 GiB uncached (core/mm/paging.c); register pages must lie there. */
#define UC_BASE (3ull << 30)
#define UC_END (4ull << 30)

/* 8.3.1: a scope path crosses bridges; their secondary buses come from config space. */
static int bus_lookup(void *ctx, uint16_t seg, uint8_t bus, uint8_t dev, uint8_t fn, uint8_t *secondary,
	uint8_t *subordinate)
{
	(void)ctx;
	if (seg != 0) /* ports 0xCF8/0xCFC reach segment 0 only */
		return -1;
	return pci_bridge_buses((struct pci_bdf){ bus, dev, fn }, secondary, subordinate);
}

static int unit_up(unsigned int i)
{
	const struct dmar_drhd *d = &iommu.dmar.drhd[i];
	uint64_t pages = 1ull << d->size_log2;
	if (d->reg_base < UC_BASE || d->reg_base + pages * PAGE_SIZE > UC_END) {
		hv_error("iommu: unit %u registers at 0x%lx lie outside the uncached 3-4 GiB window", i, d->reg_base);
		return -HV_ERANGE;
	}
	struct vtd_unit *u = &iommu.units[i];
	int rc = vtd_unit_init(u, plat_phys_to_virt(d->reg_base), d->segment);
	if (rc != 0) {
		hv_error("iommu: unit %u at 0x%lx: initialisation failed (%d)", i, d->reg_base, rc);
		return rc;
	}
	if (iommu.qi_off) /* policy, not hardware: lib/vtd then uses the register path (IR needs QI, 11.4.3) */
		u->caps.qi = u->caps.ir = false;
	hv_info("iommu: unit %u at 0x%lx (segment %u%s): invalidation through %s", i, d->reg_base, d->segment,
		d->flags & DMAR_DRHD_INCLUDE_PCI_ALL ? ", all other devices" : "",
		u->caps.qi ? "the queue" : "registers");
	return 0;
}

/* Log that DMA is not remapped (why) and which VMs' devices that leaves exposed. */
static void say_unprotected(const struct scenario *sc, const char *why)
{
	hv_warn("iommu: %s: no DMA remapping; pass-through PCI devices are not isolated (their DMA can reach all "
		"memory)", why);
	for (uint32_t v = 0; sc != NULL && v < sc->vm_count; v++)
		if (sc->vms[v].pci_count)
			hv_warn("iommu: vm \"%s\": %u pass-through PCI device(s) not isolated", sc->vms[v].name,
				sc->vms[v].pci_count);
}

/* The DMAR table, parsed; it must list at least one remapping unit. */
static int read_dmar(void)
{
	const struct acpi_sdt_header *t = acpi_find_table("DMAR");
	if (t == NULL)
		return -HV_ENOENT;
	int rc = dmar_parse(t, t->length, bus_lookup, NULL, &iommu.dmar);
	if (rc != 0) {
		hv_error("iommu: the DMAR table is malformed (%d)", rc);
		return rc;
	}
	if (iommu.dmar.drhd_count == 0) {
		hv_error("iommu: the DMAR table lists no remapping unit");
		return -HV_ENODEV;
	}
	hv_info("iommu: DMAR: %u unit(s), %u reserved region(s), host address width %u", iommu.dmar.drhd_count,
		iommu.dmar.rmrr_count, iommu.dmar.haw_bits);
	return 0;
}

/* Every unit up; one table serves a domain on every unit, so its depth and page sizes are those all accept. */
static int units_up(void)
{
	uint8_t sagaw = VTD_SAGAW_39 | VTD_SAGAW_48;
	iommu.pt_caps = PT_CAP_2M | PT_CAP_1G;
	for (unsigned int i = 0; i < iommu.dmar.drhd_count; i++) {
		int rc = unit_up(i);
		if (rc != 0)
			return rc;
		iommu.unit_count = i + 1;
		sagaw &= iommu.units[i].caps.sagaw;
		iommu.pt_caps &= vtd_sl_pt_caps(iommu.units[i].caps.cap);
	}
	if (sagaw == 0) {
		hv_error("iommu: the units share no second-level table depth");
		return -HV_ENODEV;
	}
	iommu.levels = sagaw & VTD_SAGAW_48 ? 4 : 3;
	iommu.hpa_bits = iommu.dmar.haw_bits < 32 ? 32 : iommu.dmar.haw_bits > 52 ? 52 : iommu.dmar.haw_bits;
	return 0;
}

static int enable_units(void)
{
	for (unsigned int i = 0; i < iommu.unit_count; i++) {
		int rc = vtd_enable_translation(&iommu.units[i]);
		if (rc != 0) {
			hv_error("iommu: unit %u: cannot enable translation (%d)", i, rc);
			return rc;
		}
	}
	return 0;
}

/* After the DMAR, in VT-d 6.5 order: the units, one domain per VM, device assignment, fault reporting, translation
 * on. */
static int (*const set_up_steps[])(void) = { units_up, iommu_build_domains, iommu_assign_devices, iommu_fault_setup,
	enable_units };

int iommu_init(const struct boot_info *bi, const struct scenario *sc)
{
	iommu.sc = sc;
	iommu.qi_off = strstr(bi->cmdline, "vtd.qi=off") != NULL; /* as core reads its other options */
	int rc = read_dmar();
	if (rc == -HV_ENOENT) {
		say_unprotected(sc, "no DMAR found");
		return rc;
	}
	for (unsigned int i = 0; rc == 0 && i < sizeof(set_up_steps) / sizeof(set_up_steps[0]); i++)
		rc = set_up_steps[i]();
	if (rc != 0) {
		hv_error("iommu: DMA remapping could not be set up (%d): pass-through PCI devices are not isolated", rc);
		return rc;
	}
	iommu.active = true;
	hv_info("iommu: DMA remapping on: %u unit(s), %u-level tables, 2 MiB pages %s, 1 GiB pages %s%s",
		iommu.unit_count, iommu.levels, iommu.pt_caps & PT_CAP_2M ? "yes" : "no",
		iommu.pt_caps & PT_CAP_1G ? "yes" : "no", iommu.qi_off ? ", vtd.qi=off" : "");
	return 0;
}

bool iommu_active(void)
{
	return iommu.active;
}

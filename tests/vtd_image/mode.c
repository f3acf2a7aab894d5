/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * The VT-d test image (tests/vtd_image): no VMX, no VMs run. It proves lib/vtd
 * and the core's IOMMU glue on QEMU's intel-iommu with the edu DMA device:
 * domains built from the scenario, DMA remapping and faults by VM, interrupt
 * remapping. Ends with "vtd: DONE passed=N failed=M" (and a power-off).
 */
#include <core/console.h>
#include <core/mm.h>
#include <core/mode.h>
#include <core/power.h>
#include <iommu/iommu_ext.h>
#include <vtd/vtd.h>
#include <vtd/vtd_ext.h>

#include "report.h"
#include "vtd_test.h"

const char hv_mode_name[] = "vtd-test";
/* The checks run on the boot CPU only; other CPUs halt. */
void (*const mode_ap_loop)(void) = NULL;
/* No VM is loaded here: the scenario's kernel types are not checked. */
const uint32_t mode_kernel_types = 0;

/* The VMs' RAM is theirs: take it out of the hypervisor's page pool first. */
static void reserve_vm_ram(const struct scenario *sc)
{
	for (uint32_t v = 0; v < sc->vm_count; v++) {
		struct scenario_range r = scenario_vm_host_range(&sc->vms[v]);
		if (r.size && page_alloc_reserve(r.base, r.size) != 0)
			t_fail("vm \"%s\": host RAM 0x%lx-0x%lx is not free", sc->vms[v].name, r.base, r.base + r.size - 1);
	}
}

/* Context entries exist exactly for assigned devices (VT-d 3.4.3): the edu's names its domain, others none. */
static bool unassigned(void *ctx, struct pci_bdf b, uint16_t vendor, uint16_t device)
{
	(void)vendor;
	(void)device;
	struct pci_bdf *out = ctx;
	if (iommu_vm_of_device(0, b.bus, pci_devfn(b)) >= 0)
		return false;
	*out = b;
	return true;
}

static void context_checks(struct vtd_test *t)
{
	uint8_t devfn = pci_devfn(t->edu.bdf);
	struct vtd_unit *u = iommu_unit_for(0, t->edu.bdf.bus, devfn);
	uint16_t did = iommu_vm_domain((unsigned int)t->owner);
	t_check(u != NULL && vtd_device_domain(u, 0, t->edu.bdf.bus, devfn) == did,
		"edu's context entry names domain %u", did);
	struct pci_bdf other = { 0xff, 0, 0 };
	pci_scan(unassigned, &other);
	if (other.bus == 0xff)
		return;
	u = iommu_unit_for(0, other.bus, pci_devfn(other));
	t_check(u != NULL && vtd_device_domain(u, 0, other.bus, pci_devfn(other)) < 0,
		"device %02x:%02x.%x given to no vm has no context entry", other.bus, other.dev, other.fn);
}

static void run(const struct scenario *sc)
{
	static struct vtd_test t;
	t.sc = sc;
	reserve_vm_ram(sc);
	/* core/main.c ran iommu_init() before mode_run(). */
	if (!t_check(iommu_active(), "dma remapping enabled from the scenario"))
		return;
	if (!edu_open(&t.edu)) {
		t_fail("edu device not usable");
		return;
	}
	t.owner = iommu_vm_of_device(0, t.edu.bdf.bus, pci_devfn(t.edu.bdf));
	if (t.owner < 0 || iommu_vm_domain((unsigned int)t.owner) == 0) {
		t_fail("edu %02x:%02x.%x is given to no VM with a domain in the scenario", t.edu.bdf.bus, t.edu.bdf.dev,
			t.edu.bdf.fn);
		return;
	}
	t.other = -1;
	for (uint32_t v = 0; v < sc->vm_count && t.other < 0; v++)
		if ((int)v != t.owner && sc->vms[v].host_base != SCENARIO_HOST_BASE_ANY)
			t.other = (int)v;
	hv_info("vtd: edu belongs to vm \"%s\" (domain %u)", sc->vms[t.owner].name,
		iommu_vm_domain((unsigned int)t.owner));
	context_checks(&t);
	dma_checks(&t);
	ir_checks(&t);
}

void mode_run(const struct boot_info *bi, const struct scenario *sc)
{
	run(sc);
	hv_info("vtd: DONE passed=%u failed=%u", t_passed(), t_failed());
	power_off_if_asked(bi, t_failed() ? 2 : 0);
}

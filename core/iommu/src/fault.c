/* SPDX-License-Identifier: BSD-3-Clause */
/* Fault reporting by VM: the fault-event interrupt and lib/vtd's callback (VT-d 7.2, 7.3). */
#include <core/console.h>
#include <core/lapic.h>
#include <core/trap.h>

#include "iommu_state.h"

/* A fault's line, naming the VM whose device it is, while lib/vtd's per-unit limit allows (f->log). */
static void log_fault(const struct vtd_fault *f, const char *name)
{
	if (!f->log)
		return;
	if (f->reason >= 0x20)
		hv_warn("vtd: fault: " IOMMU_BDF_FMT " (vm \"%s\") interrupt index %u: reason %u (%s)", f->bus, f->dev,
			f->fn, name, f->ir_index, f->reason, f->reason_name);
	else
		hv_warn("vtd: fault: " IOMMU_BDF_FMT " (vm \"%s\") %s 0x%lx: reason %u (%s)", f->bus, f->dev, f->fn,
			name, f->is_write ? "write to" : "read from", f->addr, f->reason, f->reason_name);
}

/* lib/vtd's report of each fault record (its link-time seam). */
void vtd_fault_report(struct vtd_unit *unit, const struct vtd_fault *f)
{
	int vm = iommu_vm_of_device(unit->segment, f->bus, (uint8_t)(f->dev << 3 | f->fn));
	log_fault(f, vm >= 0 ? iommu.sc->vms[vm].name : "none");
	iommu_fault_record(vm, unit->segment, f);
}

int iommu_fault_poll(void)
{
	int n = 0;
	for (unsigned int i = 0; i < iommu.unit_count; i++)
		n += vtd_fault_handle(&iommu.units[i]);
	return n;
}

static void fault_irq(struct trap_frame *frame)
{
	(void)frame;
	__atomic_fetch_add(&iommu.fault_irqs, 1, __ATOMIC_RELAXED);
	iommu_fault_poll();
}

/* Every unit's fault event goes to the boot CPU (FEADDR, 11.4.9.4); records pending from before are handled. */
int iommu_fault_setup(void)
{
	irq_register(IOMMU_FAULT_VECTOR, fault_irq);
	for (unsigned int i = 0; i < iommu.unit_count; i++) {
		int rc = vtd_fault_irq_setup(&iommu.units[i], IOMMU_FAULT_VECTOR, lapic_id());
		if (rc != 0) {
			hv_error("iommu: unit %u: cannot route the fault event to apic %u (%d)", i, lapic_id(), rc);
			return rc;
		}
	}
	iommu_fault_poll();
	return 0;
}

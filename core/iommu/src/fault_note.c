/* SPDX-License-Identifier: BSD-3-Clause */
/* The faults noted for a caller that checks them (the VT-d test image): count, interrupts, the newest fault. */
#include <iommu/iommu_ext.h>

#include "iommu_state.h"

static struct iommu_fault_note note = { .vm = -1 };

void iommu_fault_record(int vm, uint16_t segment, const struct vtd_fault *f)
{
	note.vm = vm;
	note.segment = segment;
	note.reason = f->reason;
	note.is_write = f->is_write;
	note.bus = f->bus;
	note.dev = f->dev;
	note.fn = f->fn;
	note.addr = f->addr;
	__atomic_store_n(&note.count, note.count + 1, __ATOMIC_RELEASE);
}

void iommu_fault_note(struct iommu_fault_note *out)
{
	*out = note;
	out->irqs = __atomic_load_n(&iommu.fault_irqs, __ATOMIC_RELAXED);
	out->count = __atomic_load_n(&note.count, __ATOMIC_ACQUIRE);
}

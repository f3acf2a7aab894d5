/* SPDX-License-Identifier: BSD-3-Clause */
/* core_iommu_lib's calls that no mode image makes (the VT-d test image does): see <iommu/iommu.h>. */
#ifndef HVKIT_IOMMU_IOMMU_EXT_H
#define HVKIT_IOMMU_IOMMU_EXT_H

#include <iommu/iommu.h>

/* Domain id of VM index vm (the scenario's order), 0 when it has none. */
uint16_t iommu_vm_domain(unsigned int vm);

/*
 * Change the DMA permissions (PT_PERM_R and/or PT_PERM_W; write-only is
 * allowed) of the mapped range [gpa, gpa+size) of VM vm's domain, then
 * invalidate the domain in every unit's IOTLB.
 */
int iommu_vm_set_perm(unsigned int vm, uint64_t gpa, uint64_t size, uint8_t perm);

/*
 * An interrupt-remapping entry for the MSI of seg:bus:devfn: vector on the CPU
 * with APIC id dest, source-id checked (VT-d 9.10 SVT=1). Turns interrupt
 * remapping on at the device's unit at first use. Fills the remappable-format
 * MSI address and data. HV_ENODEV when the unit cannot remap interrupts.
 */
int iommu_msi_remap(uint16_t segment, uint8_t bus, uint8_t devfn, uint8_t vector, uint32_t dest,
	uint32_t *addr_lo, uint32_t *addr_hi, uint32_t *data);

/* Faults seen so far (every unit), fault-event interrupts taken, and the newest fault: kept by
 * core_iommu_note_lib (src/fault_note.c), which the VT-d test image links; the mode images keep nothing. */
struct iommu_fault_note {
	uint64_t count;     /* faults reported so far */
	uint64_t irqs;      /* fault-event interrupts taken */
	int vm;             /* owner of the newest fault's device, -1 if none */
	uint16_t segment;
	uint8_t reason;
	bool is_write;
	uint8_t bus, dev, fn;
	uint64_t addr;
};
void iommu_fault_note(struct iommu_fault_note *out);

#endif

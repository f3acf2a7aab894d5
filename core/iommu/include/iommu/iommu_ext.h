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

#endif

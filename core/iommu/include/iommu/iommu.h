/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * The core's IOMMU glue: finds the ACPI DMAR, brings up every Intel VT-d unit
 * with lib/vtd, builds one DMA domain per VM from the scenario (second-level
 * tables made with lib/ept's vtd_sl_format: GPA -> the VM's host RAM), adds
 * RMRR identity maps, gives each pass-through PCI function to its VM's domain,
 * turns translation on and reports faults by VM.
 *
 * core_iommu_lib implements all of it (what no mode image calls is declared in
 * <iommu/iommu_ext.h>). Every mode image links it: a platform without a DMAR
 * is told plainly that pass-through devices are not isolated.
 */
#ifndef HVKIT_IOMMU_IOMMU_H
#define HVKIT_IOMMU_IOMMU_H

#include <boot/boot_info.h>
#include <scenario/scenario.h>
#include <stdbool.h>
#include <stdint.h>

#define IOMMU_FAULT_VECTOR 0xe8 /* the fault-event interrupt of every unit, on the boot CPU */

/*
 * Once, on the boot CPU, after the scenario is loaded and before any VM runs or
 * any pass-through device is started. VMs' host RAM need not be reserved yet.
 * Command line: "vtd.qi=off" keeps invalidation on the register path.
 * Returns 0 when DMA remapping is on, -HV_ENOENT when the platform has no DMAR
 * (logged as a warning: pass-through devices are not isolated), another
 * negative HV_E* code when set-up failed (logged as an error; translation
 * stays off). Called once.
 */
int iommu_init(const struct boot_info *bi, const struct scenario *sc);
/* Is DMA remapping on? */
bool iommu_active(void);

/* ---- below: core_iommu_lib only ---- */

struct vtd_unit;
struct vtd_fault;

/* The unit that translates seg:bus:devfn, or NULL. */
struct vtd_unit *iommu_unit_for(uint16_t segment, uint8_t bus, uint8_t devfn);
/* Index of the VM a device is given to, or -1. */
int iommu_vm_of_device(uint16_t segment, uint8_t bus, uint8_t devfn);

/* Handle pending faults of every unit now (what the fault interrupt does). */
int iommu_fault_poll(void);

#endif

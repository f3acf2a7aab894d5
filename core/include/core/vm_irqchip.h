/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * The interrupt controllers behind a VM's device lines, as the VM layer sees them. One unit per image:
 *  - vm/irqchip_pc.c: the vIOAPIC (lib/vdev) with its MMIO window and, where the image has it, the 8259
 *    pair (core/include/core/vm_legacy_pic.h), wired as on a PC (partition, share, hybrid: the emulated
 *    LAPIC model takes their messages);
 *  - vm/irqchip_none.c: none. A device line goes nowhere and the guest polls its devices; the ACPI
 *    tables show no IOAPIC and a serial port without an IRQ (lapic_pt: the VM owns its LAPICs and the
 *    image emulates no interrupt controller).
 */
#ifndef HVKIT_CORE_VM_IRQCHIP_H
#define HVKIT_CORE_VM_IRQCHIP_H

#include <hvkit/platform.h>
#include <stdbool.h>
#include <stdint.h>

struct vm;
struct vdev_table;
struct vacpi_config;

/* Per VM, while its port devices are set up: the controllers' ports go into `table`; `lock` is the one
 * the VM's device accesses hold (vm/vm_vdevs.c). */
int vm_irqchip_setup(struct vm *vm, struct vdev_table *table, plat_lock_t *lock);
/* A device's ISA IRQ line changed (called with that lock held). */
void vm_irqchip_set_irq(struct vm *vm, unsigned int irq, bool asserted);
/* What the VM's ACPI tables say about its interrupt controllers and its serial port's interrupt. */
void vm_irqchip_acpi(const struct vm *vm, struct vacpi_config *acpi);

#endif

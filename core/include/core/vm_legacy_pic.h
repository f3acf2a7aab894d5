/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * The legacy 8259 pair beside a VM's vIOAPIC (vm/irqchip_pc.c). One unit per image:
 *  - vm/legacy_pic_8259.c: the pair at ports 0x20/0x21, 0xA0/0xA1 and ELCR 0x4D0/0x4D1 (lib/vdev's vPIC),
 *    ISA IRQ n on GSI n except IRQ 0 on GSI 2 (share, hybrid). Its INT output is wired to nothing, so it
 *    answers probes and masks but never raises an interrupt (no ExtINT delivery);
 *  - vm/legacy_pic_none.c: no 8259 (partition). Its ports read as no device, and the MADT says so
 *    (PCAT_COMPAT clear). The VMs' FADT is hardware-reduced, so Linux uses no 8259 either way.
 */
#ifndef HVKIT_CORE_VM_LEGACY_PIC_H
#define HVKIT_CORE_VM_LEGACY_PIC_H

#include <stdbool.h>

struct vm;
struct vdev_table;

/* Whether the image's VMs have the pair (the MADT's PCAT_COMPAT flag). */
extern const bool vm_legacy_pic_present;
/* Set up the VM's pair and claim its ports in table, while the VM's port devices are set up. */
int vm_legacy_pic_setup(struct vm *vm, struct vdev_table *table);
/* GSI gsi changed level (the VM's device lock held); lines the pair has no input for are ignored. */
void vm_legacy_pic_set_gsi(struct vm *vm, unsigned int gsi, bool level);

#endif

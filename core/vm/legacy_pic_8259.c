/* SPDX-License-Identifier: BSD-3-Clause */
/* The 8259 pair of a VM in the share and hybrid images (core/include/core/vm_legacy_pic.h). */
#include <core/vm.h>
#include <core/vm_legacy_pic.h>
#include <vdev/vpic.h>

const bool vm_legacy_pic_present = true;

static struct vpic vm_pics[VM_MAX];

int vm_legacy_pic_setup(struct vm *vm, struct vdev_table *table)
{
	/* The INT line is wired to nothing: guests here use the IOAPIC (no ExtINT delivery). */
	vpic_init(&vm_pics[vm->id], NULL);
	return vpic_register(&vm_pics[vm->id], table);
}

void vm_legacy_pic_set_gsi(struct vm *vm, unsigned int gsi, bool level)
{
	/* ISA IRQ 0 (the timer) sits on GSI 2 (the MADT's interrupt source override); IRQ 2 is the cascade. */
	unsigned int irq = gsi == 2 ? 0 : gsi;
	if (gsi != 0 && irq < VPIC_IRQS)
		vpic_set_irq(&vm_pics[vm->id], irq, level);
}

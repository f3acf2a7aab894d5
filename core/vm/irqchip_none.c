/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * No emulated interrupt controller (core/include/core/vm_irqchip.h): the image for VMs that own their
 * physical LAPICs (lapic_pt). Their vUART raises no interrupt; its guest polls it (Linux's 8250 driver
 * runs a port without an IRQ from a timer), so the ACPI tables describe no IOAPIC, no 8259 and a
 * serial port without an IRQ.
 */
#include <core/vm_irqchip.h>
#include <vacpi/vacpi.h>

int vm_irqchip_setup(struct vm *vm, struct vdev_table *table, plat_lock_t *lock)
{
	(void)vm;
	(void)table;
	(void)lock;
	return 0;
}

void vm_irqchip_set_irq(struct vm *vm, unsigned int irq, bool asserted)
{
	(void)vm;
	(void)irq;
	(void)asserted; /* the line goes nowhere */
}

void vm_irqchip_acpi(const struct vm *vm, struct vacpi_config *acpi)
{
	(void)vm;
	acpi->ioapic = false;
	acpi->pcat_compat = false;
	acpi->serial.polled = true;
}

/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * A VM's PC interrupt controllers (core/include/core/vm_irqchip.h): the 8259 pair, the vIOAPIC at
 * 0xFEC00000, and the GSI router that wires device lines to both, as PC hardware does (ISA IRQ 0 on
 * GSI 2, like the ACPI interrupt source override lib/vacpi writes). The vIOAPIC's messages go to the
 * VM's local APIC model (vm_apic_deliver); its window is emulated through EPT violations (vm/mmio.c).
 */
#include <core/vm_internal.h>
#include <core/vm_irqchip.h>
#include <hvkit/errno.h>
#include <string.h>
#include <vacpi/vacpi.h>
#include <vdev/vioapic.h>
#include <vdev/vpic.h>

#define VIOAPIC_BASE_GPA 0xfec00000ull
#define VIOAPIC_WINDOW 0x1000u

struct vm_irqchip {
	plat_lock_t *lock; /* the VM's device lock (lib/vdev is not thread-safe) */
	struct vpic pic;
	struct vioapic ioapic;
	struct virq_router router;
	struct vm *vm;
};

static struct vm_irqchip vm_irqchips[VM_MAX];

static int ioapic_deliver(void *ctx, const struct vioapic_msg *m)
{
	struct vm_irqchip *c = ctx;
	return vm_apic_deliver(c->vm, m->vector, m->dest, m->dest_logical, m->delivery_mode, m->level);
}

/* A pin's remote IRR was cleared by the guest's EOI: a forwarded device line may drop (core/share). */
static void ioapic_eoi(void *ctx, unsigned int pin)
{
	struct vm_irqchip *c = ctx;
	if (c->vm->gsi_eoi && c->vm->gsi_eoi(c->vm, pin))
		vioapic_set_irq(&c->ioapic, pin, false);
}

static void pic_output(void *ctx, bool asserted)
{
	(void)ctx;
	(void)asserted; /* the 8259's INTR line: guests here use the IOAPIC (no ExtINT delivery) */
}

int vm_irqchip_setup(struct vm *vm, struct vdev_table *table, plat_lock_t *lock)
{
	struct vm_irqchip *c = &vm_irqchips[vm->id];
	memset(c, 0, sizeof(*c));
	c->vm = vm;
	c->lock = lock;
	const struct vpic_ops pic_ops = { .ctx = c, .output_level = pic_output };
	vpic_init(&c->pic, &pic_ops);
	const struct vioapic_ops io_ops = { .ctx = c, .deliver = ioapic_deliver, .eoi = ioapic_eoi };
	vioapic_init(&c->ioapic, VIOAPIC_BASE_GPA, &io_ops);
	virq_router_init(&c->router, &c->pic, &c->ioapic);
	int rc = virq_router_set_route(&c->router, 2, 0, 2);
	rc = rc ? rc : virq_router_set_route(&c->router, 0, -1, -1);
	return rc ? rc : vpic_register(&c->pic, table);
}

void vm_irqchip_set_irq(struct vm *vm, unsigned int irq, bool asserted)
{
	virq_router_set_irq(&vm_irqchips[vm->id].router, irq, asserted);
}

int vm_vdev_irq(struct vm *vm, unsigned int gsi, unsigned int level)
{
	struct vm_irqchip *c = &vm_irqchips[vm->id];
	if (gsi >= VIOAPIC_PINS || level > 2)
		return -HV_EINVAL;
	plat_lock(c->lock);
	int rc = level == 2 ? virq_router_pulse(&c->router, gsi) : virq_router_set_irq(&c->router, gsi, level != 0);
	plat_unlock(c->lock);
	return rc;
}

void vm_irqchip_acpi(const struct vm *vm, struct vacpi_config *acpi)
{
	acpi->pcat_compat = true; /* the VM has the 8259 pair */
	acpi->serial.irq = (uint8_t)vm->cfg->vuart_irq;
}

bool vm_vdev_mmio_claims(const struct vm *vm, uint64_t gpa)
{
	(void)vm;
	return gpa >= VIOAPIC_BASE_GPA && gpa < VIOAPIC_BASE_GPA + VIOAPIC_WINDOW;
}

int vm_vdev_mmio(struct vm *vm, uint64_t gpa, unsigned int size, bool write, uint32_t *val)
{
	struct vm_irqchip *c = &vm_irqchips[vm->id];
	if (!vm_vdev_mmio_claims(vm, gpa))
		return -HV_ENOENT;
	uint32_t offset = (uint32_t)(gpa - VIOAPIC_BASE_GPA);
	plat_lock(c->lock);
	int rc = write ? vioapic_mmio_write(&c->ioapic, offset, size, *val)
		       : vioapic_mmio_read(&c->ioapic, offset, size, val);
	plat_unlock(c->lock);
	if (rc != 0 && !write)
		*val = 0xffffffffu; /* a refused read (size, alignment) reads as no device would */
	return 0;
}

void vm_vdevs_eoi(struct vm *vm, uint8_t vector)
{
	struct vm_irqchip *c = &vm_irqchips[vm->id];
	plat_lock(c->lock);
	vioapic_eoi(&c->ioapic, vector);
	plat_unlock(c->lock);
}

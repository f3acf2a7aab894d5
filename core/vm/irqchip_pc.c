/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * A VM's PC interrupt controllers (core/include/core/vm_irqchip.h): the vIOAPIC at 0xFEC00000, GSI n on
 * pin n (ISA IRQ 0 goes nowhere: the ACPI interrupt source override lib/vacpi writes puts it on GSI 2),
 * and beside it the legacy 8259 pair of the image (core/include/core/vm_legacy_pic.h: the pair in share
 * and hybrid, none in partition). The vIOAPIC's messages go to the VM's local APIC model
 * (vm_apic_deliver); its window is emulated through EPT violations (vm/mmio.c).
 */
#include <core/vm_emulated.h>
#include <core/vm_irqchip.h>
#include <core/vm_legacy_pic.h>
#include <hvkit/errno.h>
#include <string.h>
#include <vacpi/vacpi.h>
#include <vdev/vioapic.h>

#define VIOAPIC_BASE_GPA 0xfec00000ull
#define VIOAPIC_WINDOW 0x1000u

struct vm_irqchip {
	plat_lock_t *lock; /* the VM's device lock (lib/vdev is not thread-safe) */
	struct vioapic ioapic;
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

int vm_irqchip_setup(struct vm *vm, struct vdev_table *table, plat_lock_t *lock)
{
	struct vm_irqchip *c = &vm_irqchips[vm->id];
	memset(c, 0, sizeof(*c));
	c->vm = vm;
	c->lock = lock;
	const struct vioapic_ops io_ops = { .ctx = c, .deliver = ioapic_deliver, .eoi = ioapic_eoi };
	vioapic_init(&c->ioapic, VIOAPIC_BASE_GPA, &io_ops);
	return vm_legacy_pic_setup(vm, table);
}

/* GSI gsi to level on both controllers (the caller holds the VM's device lock). */
static void gsi_set(struct vm_irqchip *c, unsigned int gsi, bool level)
{
	vm_legacy_pic_set_gsi(c->vm, gsi, level);
	if (gsi != 0)
		vioapic_set_irq(&c->ioapic, gsi, level);
}

void vm_irqchip_set_irq(struct vm *vm, unsigned int irq, bool asserted)
{
	if (irq < VIOAPIC_PINS)
		gsi_set(&vm_irqchips[vm->id], irq, asserted);
}

int vm_vdev_irq(struct vm *vm, unsigned int gsi, unsigned int level)
{
	struct vm_irqchip *c = &vm_irqchips[vm->id];
	if (gsi >= VIOAPIC_PINS || level > 2)
		return -HV_EINVAL;
	plat_lock(c->lock);
	gsi_set(c, gsi, level != 0);
	if (level == 2)
		gsi_set(c, gsi, false); /* a pulse: the edge, then the line low again */
	plat_unlock(c->lock);
	return 0;
}

void vm_irqchip_acpi(const struct vm *vm, struct vacpi_config *acpi)
{
	acpi->pcat_compat = vm_legacy_pic_present; /* the VM has the 8259 pair */
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

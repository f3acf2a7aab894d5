/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * The Service VM's device interrupts: the platform's IOAPIC pins that neither the hypervisor nor a
 * pre-launched VM uses are routed to the hypervisor (one vector per pin, to the boot CPU) and forwarded
 * to the same pin of the Service VM's vIOAPIC. An edge pin (ISA, GSI 1-15) becomes one edge there. A
 * level pin (PCI, GSI 16 and up) is masked at the IOAPIC while the Service VM's line is asserted, and
 * unmasked when the Service VM's EOI for it arrives (its driver has serviced the device; should the
 * device still interrupt, the pin fires again).
 *
 * Not forwarded: GSI 0 and 2 (the PIT: the hypervisor's time comes from the LAPIC timer and TSC), GSI 4
 * (COM1, the hypervisor's console; the Service VM's COM1 is virtual), GSI 9 (the Service VM's SCI, from its
 * virtual PM1 blocks: the platform's own ACPI hardware is not the Service VM's) and the upcall GSI (virtual).
 * The legacy-mode IDE controller's IRQ 14 and 15 are ISA edges: forwarded as edges.
 * MSIs are not remapped yet (README, limits).
 */
#include "share_internal.h"

#include <core/acpi_ioapic.h>
#include <core/console.h>
#include <core/percpu.h>
#include <core/trap.h>

#define IOAPIC_REGSEL 0x00u
#define IOAPIC_IOWIN 0x10u
#define IOAPIC_VER 0x01u
#define IOAPIC_RTE_LO(pin) (0x10u + 2u * (pin))
#define IOAPIC_RTE_HI(pin) (0x11u + 2u * (pin))
#define RTE_MASKED (1u << 16)
#define RTE_LEVEL (1u << 15)
#define RTE_ACTIVE_LOW (1u << 13)
#define FORWARD_VECTOR_BASE 0x80u
#define FORWARD_PINS 24u

static volatile uint32_t *ioapic;
static unsigned int pin_count;
static bool forwarded[FORWARD_PINS], level[FORWARD_PINS];
static uint32_t rte_lo[FORWARD_PINS];
static plat_lock_t ioapic_lock;

static void ioapic_write(uint32_t reg, uint32_t val)
{
	ioapic[IOAPIC_REGSEL / 4] = reg;
	ioapic[IOAPIC_IOWIN / 4] = val;
}

static uint32_t ioapic_read(uint32_t reg)
{
	ioapic[IOAPIC_REGSEL / 4] = reg;
	return ioapic[IOAPIC_IOWIN / 4];
}

static void pin_mask(unsigned int pin, bool masked)
{
	plat_lock(&ioapic_lock);
	ioapic_write(IOAPIC_RTE_LO(pin), masked ? rte_lo[pin] | RTE_MASKED : rte_lo[pin]);
	plat_unlock(&ioapic_lock);
}

static void forward_irq(struct trap_frame *frame)
{
	unsigned int pin = (unsigned int)frame->vector - FORWARD_VECTOR_BASE;
	if (pin >= FORWARD_PINS || !forwarded[pin] || share_service_vm == NULL)
		return;
	if (level[pin]) {
		pin_mask(pin, true); /* until the Service VM's EOI */
		vm_vdev_irq(share_service_vm, pin, HVKIT_IRQ_HIGH);
	} else {
		vm_vdev_irq(share_service_vm, pin, HVKIT_IRQ_PULSE);
	}
}

/* The Service VM's EOI for a pin (its vIOAPIC's remote IRR cleared): a forwarded level pin's virtual line
 * drops and the physical pin is unmasked. Returns whether the line is to drop. */
static bool forward_eoi(struct vm *vm, unsigned int pin)
{
	(void)vm;
	if (pin >= FORWARD_PINS || !forwarded[pin] || !level[pin])
		return false;
	pin_mask(pin, false);
	return true;
}

static bool pin_taken(unsigned int pin)
{
	if (pin == 0 || pin == 2 || pin == 4 || pin == 9 || pin == SHARE_UPCALL_GSI)
		return true;
	return false;
}

void irq_forward_init(struct vm *service)
{
	struct acpi_ioapic io;
	if (!acpi_first_ioapic(&io) || io.gsi_base != 0) {
		hv_warn("share: no IOAPIC at GSI 0 in the MADT: the Service VM's devices get no interrupts");
		return;
	}
	ioapic = (volatile uint32_t *)(uintptr_t)io.address;
	pin_count = ((ioapic_read(IOAPIC_VER) >> 16) & 0xffu) + 1;
	if (pin_count > FORWARD_PINS)
		pin_count = FORWARD_PINS;
	uint32_t dest = percpu_blocks[0].apic_id;
	unsigned int n = 0;
	for (unsigned int pin = 0; pin < pin_count; pin++) {
		if (pin_taken(pin))
			continue;
		/* ISA pins: edge, active high; PCI pins (16 and up): level, active low (PCI 3.0 2.2.6). */
		level[pin] = pin >= 16;
		rte_lo[pin] = (FORWARD_VECTOR_BASE + pin) | (level[pin] ? RTE_LEVEL | RTE_ACTIVE_LOW : 0);
		irq_register(FORWARD_VECTOR_BASE + pin, forward_irq);
		plat_lock(&ioapic_lock);
		ioapic_write(IOAPIC_RTE_HI(pin), dest << 24);
		ioapic_write(IOAPIC_RTE_LO(pin), rte_lo[pin]);
		plat_unlock(&ioapic_lock);
		forwarded[pin] = true;
		n++;
	}
	service->gsi_eoi = forward_eoi;
	hv_info("share: %u IOAPIC pins forwarded to the Service VM (not GSI 0, 2, 4, 9, %u)", n, SHARE_UPCALL_GSI);
}

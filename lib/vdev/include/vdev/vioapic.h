/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * A virtual I/O APIC: 24 input pins and their redirection table, after the Intel
 * 82093AA datasheet (register window, Section 3.0), with the version-0x20 EOI
 * register of the Intel ICH I/O APIC. It is pure logic: the core maps the MMIO
 * window (VIOAPIC_DEFAULT_BASE unless it chooses another), passes each guest
 * access to vioapic_mmio_read/write, and hands every interrupt message to the
 * local APICs through ops->deliver (in hvkit: lib/vlapic's vlapic_vm_deliver).
 *
 * Input lines are logical: level true means "the device requests an interrupt".
 * The polarity bit (13) is kept for the guest to read back and does not invert
 * the line; a pass-through line is translated by the core before it gets here.
 *
 * Edge-triggered pin: a rising edge is delivered if the pin is unmasked and lost
 * if it is masked (82093AA 3.2.4, bit 16). Level-triggered pin: delivered while
 * asserted, unmasked and remote IRR clear; a delivery a local APIC accepts sets
 * remote IRR, an EOI of the vector clears it and re-delivers a line still
 * asserted; unmasking an asserted level pin delivers it. Delivery modes other
 * than Fixed and Lowest Priority have no EOI and are sent on rising edges only.
 *
 * Not thread-safe: the core serializes every call on a vIOAPIC (its VM's
 * interrupt lock), and the callbacks run inside those calls.
 */
#ifndef VDEV_VIOAPIC_H
#define VDEV_VIOAPIC_H

#include <stdbool.h>
#include <stdint.h>

#define VIOAPIC_PINS 24u
#define VIOAPIC_DEFAULT_BASE 0xFEC00000ull
#define VIOAPIC_MMIO_SIZE 0x1000u /* the core traps this much; registers are at the offsets below */

/* MMIO offsets in the window (82093AA 3.0; EOI: ICH I/O APIC, version 0x20). */
#define VIOAPIC_REGSEL 0x00u
#define VIOAPIC_WIN 0x10u
#define VIOAPIC_EOI 0x40u

/* Indirect registers selected by IOREGSEL (82093AA 3.2). */
#define IOAPIC_ID 0x00u
#define IOAPIC_VER 0x01u
#define IOAPIC_ARB 0x02u
#define IOAPIC_REDTBL 0x10u /* entry n: low half 0x10 + 2n, high half 0x11 + 2n */

#define IOAPIC_ID_MASK 0x0F000000u /* bits 27:24 */
#define VIOAPIC_VERSION 0x00170020u /* maximum redirection entry 0x17 (24 pins), version 0x20 */

/* Redirection table entry (82093AA 3.2.4). */
#define IOAPIC_RTE_VECTOR 0xFFull
#define IOAPIC_RTE_DM_SHIFT 8
#define IOAPIC_RTE_DM (7ull << 8)
#define IOAPIC_RTE_DEST_LOGICAL (1ull << 11)
#define IOAPIC_RTE_DELIVS (1ull << 12)     /* read-only: send pending (always 0 here) */
#define IOAPIC_RTE_POLARITY_LOW (1ull << 13)
#define IOAPIC_RTE_REMOTE_IRR (1ull << 14) /* read-only */
#define IOAPIC_RTE_LEVEL (1ull << 15)
#define IOAPIC_RTE_MASKED (1ull << 16)
#define IOAPIC_RTE_DEST_SHIFT 56
#define IOAPIC_RTE_DEST (0xFFull << 56)
/* What the guest can change: everything but delivery status, remote IRR and the reserved bits 55:17. */
#define IOAPIC_RTE_WRITABLE (IOAPIC_RTE_VECTOR | IOAPIC_RTE_DM | IOAPIC_RTE_DEST_LOGICAL | \
			     IOAPIC_RTE_POLARITY_LOW | IOAPIC_RTE_LEVEL | IOAPIC_RTE_MASKED | IOAPIC_RTE_DEST)

/* Delivery modes: the local APIC ICR encoding (SDM Vol. 3A 11.6.1), which the I/O APIC shares. */
enum vioapic_delivery_mode {
	VIOAPIC_DM_FIXED = 0,
	VIOAPIC_DM_LOWEST = 1,
	VIOAPIC_DM_SMI = 2,
	VIOAPIC_DM_NMI = 4,
	VIOAPIC_DM_INIT = 5,
	VIOAPIC_DM_EXTINT = 7,
};

/* One interrupt message, decoded from the pin's redirection entry. */
struct vioapic_msg {
	uint8_t pin;
	uint8_t vector;
	uint8_t delivery_mode; /* enum vioapic_delivery_mode (3 and 6 are reserved; passed as written) */
	bool dest_logical;
	uint8_t dest;          /* bits 63:56: an APIC ID, or a logical destination */
	bool level;            /* level-triggered: the accepting local APIC owes an EOI */
};

struct vioapic_ops {
	void *ctx;
	/* Send msg. Return >= 0 when at least one local APIC accepted it, < 0 when none did
	 * (a level pin's remote IRR then stays clear). Must not call back into this vIOAPIC. */
	int (*deliver)(void *ctx, const struct vioapic_msg *msg);
	/* Optional (may be NULL): an EOI cleared pin's remote IRR, e.g. so the core can
	 * re-enable a pass-through line. It may call vioapic_set_irq(); re-delivery is
	 * decided after it returns. */
	void (*eoi)(void *ctx, unsigned int pin);
};

struct vioapic {
	struct vioapic_ops ops;
	uint64_t base;                 /* guest-physical base of the window (for the core) */
	uint32_t regsel;               /* IOREGSEL: bits 7:0 */
	uint32_t id;                   /* IOAPICID: bits 27:24 */
	uint32_t lines;                /* bit n: pin n asserted */
	uint64_t rte[VIOAPIC_PINS];
};

/* Reset (82093AA 3.2: every entry masked, everything else 0). ops->deliver must be non-NULL. */
void vioapic_init(struct vioapic *io, uint64_t base, const struct vioapic_ops *ops);

/*
 * A guest access at offset (from the window's base). Only aligned 4-byte accesses
 * to IOREGSEL, IOWIN and EOI are registers: -HV_EINVAL for another size or an
 * unaligned offset, -HV_ERANGE for an offset past VIOAPIC_MMIO_SIZE, -HV_ENOENT
 * for an offset in the window that is no register. A refused access changes
 * nothing (the core reads all ones and drops writes). Through IOWIN, an
 * unimplemented register index reads 0 and ignores writes; the EOI register
 * reads 0.
 */
int vioapic_mmio_read(struct vioapic *io, uint32_t offset, unsigned int size, uint32_t *val);
int vioapic_mmio_write(struct vioapic *io, uint32_t offset, unsigned int size, uint32_t val);

/* Drive input pin to level (true: asserted). -HV_ERANGE for pin >= 24. */
int vioapic_set_irq(struct vioapic *io, unsigned int pin, bool level);

/* The broadcast EOI of a level-triggered vector from a local APIC (also what a
 * guest write to the EOI register does): clear remote IRR of every level entry
 * holding vector, and deliver again each one still asserted and unmasked. */
void vioapic_eoi(struct vioapic *io, uint8_t vector);

/* The redirection entry of pin as the guest reads it, or 0 for pin >= 24 (tests, debugging). */
uint64_t vioapic_rte(const struct vioapic *io, unsigned int pin);

#endif

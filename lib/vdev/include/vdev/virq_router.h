/* SPDX-License-Identifier: BSD-3-Clause */
/* The GSI router between the vPIC and the vIOAPIC (src/vioapic_router.c); no image links it (core/vm/irqchip_pc.c
 * puts GSI n on vIOAPIC pin n itself). */
#ifndef VDEV_VIRQ_ROUTER_H
#define VDEV_VIRQ_ROUTER_H

#include <vdev/vioapic.h>

/*
 * Interrupt routing, as a PC wires its interrupt lines: one line (a GSI) goes to a
 * vPIC input when it is below 16 and to a vIOAPIC pin, so a device raises "IRQ 4"
 * once and both chips see it. The default is identity (GSI n: vPIC IRQ n for
 * n < 16, vIOAPIC pin n) except that GSI 2 reaches no vPIC input: master IR2 is
 * the cascade. A core whose firmware tables report the usual interrupt source
 * override (ISA IRQ 0 on GSI 2) sets GSI 2 to vPIC 0 and GSI 0 to nothing with
 * virq_router_set_route(). Either chip may be absent (NULL).
 *
 * A line has one driver: a shared line (PCI INTx) must be OR-ed by the core.
 */
struct vpic;

#define VIRQ_LINES VIOAPIC_PINS
#define VIRQ_NONE (-1)

struct virq_route {
	int8_t pic_irq;    /* 0..15, or VIRQ_NONE */
	int8_t ioapic_pin; /* 0..23, or VIRQ_NONE */
};

struct virq_router {
	struct vpic *pic;
	struct vioapic *ioapic;
	struct virq_route route[VIRQ_LINES];
};

void virq_router_init(struct virq_router *r, struct vpic *pic, struct vioapic *ioapic);

/* Route gsi to pic_irq and ioapic_pin (each VIRQ_NONE or in range; pic_irq 2 is the
 * cascade and refused). -HV_ERANGE, changing nothing, when one is out of range. */
int virq_router_set_route(struct virq_router *r, unsigned int gsi, int pic_irq, int ioapic_pin);

/* Drive gsi to level on every chip it reaches. -HV_ERANGE for gsi >= VIRQ_LINES. */
int virq_router_set_irq(struct virq_router *r, unsigned int gsi, bool level);

/* An edge on gsi: assert, then deassert (a pass-through edge interrupt, a timer tick). */
int virq_router_pulse(struct virq_router *r, unsigned int gsi);

#endif

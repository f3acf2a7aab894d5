/* SPDX-License-Identifier: BSD-3-Clause */
/* Interrupt routing: one GSI drives a vPIC input and a vIOAPIC pin, as a PC wires its lines. */
#include <string.h>

#include <hvkit/errno.h>
#include <vdev/vioapic.h>
#include <vdev/virq_router.h>
#include <vdev/vpic.h>

void virq_router_init(struct virq_router *r, struct vpic *pic, struct vioapic *ioapic)
{
	memset(r, 0, sizeof(*r));
	r->pic = pic;
	r->ioapic = ioapic;
	for (unsigned int g = 0; g < VIRQ_LINES; g++) {
		r->route[g].pic_irq = (int8_t)(g < VPIC_IRQS && g != VPIC_CASCADE_IR ? (int)g : VIRQ_NONE);
		r->route[g].ioapic_pin = (int8_t)g;
	}
}

/* A vPIC input: 0..15 but the cascade input IR2, or VIRQ_NONE. */
static bool pic_irq_valid(int pic_irq)
{
	return pic_irq == VIRQ_NONE || (pic_irq >= 0 && pic_irq < (int)VPIC_IRQS && pic_irq != (int)VPIC_CASCADE_IR);
}

static bool ioapic_pin_valid(int ioapic_pin)
{
	return ioapic_pin == VIRQ_NONE || (ioapic_pin >= 0 && ioapic_pin < (int)VIOAPIC_PINS);
}

int virq_router_set_route(struct virq_router *r, unsigned int gsi, int pic_irq, int ioapic_pin)
{
	if (gsi >= VIRQ_LINES || !pic_irq_valid(pic_irq) || !ioapic_pin_valid(ioapic_pin))
		return -HV_ERANGE;
	r->route[gsi].pic_irq = (int8_t)pic_irq;
	r->route[gsi].ioapic_pin = (int8_t)ioapic_pin;
	return 0;
}

int virq_router_set_irq(struct virq_router *r, unsigned int gsi, bool level)
{
	if (gsi >= VIRQ_LINES)
		return -HV_ERANGE;
	const struct virq_route *rt = &r->route[gsi];
	if (r->pic && rt->pic_irq != VIRQ_NONE)
		vpic_set_irq(r->pic, (unsigned int)rt->pic_irq, level);
	if (r->ioapic && rt->ioapic_pin != VIRQ_NONE)
		vioapic_set_irq(r->ioapic, (unsigned int)rt->ioapic_pin, level);
	return 0;
}

int virq_router_pulse(struct virq_router *r, unsigned int gsi)
{
	int rc = virq_router_set_irq(r, gsi, true);
	if (rc < 0)
		return rc;
	return virq_router_set_irq(r, gsi, false);
}

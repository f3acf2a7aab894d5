/* SPDX-License-Identifier: BSD-3-Clause */
/* The virtual 8259A pair: requests, priority resolution, INTA, the cascade and the INT line (8259A datasheet). */
#include <string.h>

#include <hvkit/errno.h>
#include <hvkit/platform.h>
#include <vdev/vpic.h>

void vpic_init(struct vpic *pic, const struct vpic_ops *ops)
{
	memset(pic, 0, sizeof(*pic));
	if (ops)
		pic->ops = *ops;
	for (unsigned int i = 0; i < 2; i++) {
		struct vpic_chip *c = &pic->chip[i];
		c->imr = 0xFF;
		c->lowest = 7;
		c->icw1 = PIC_ICW1 | PIC_ICW1_IC4;
		c->icw4 = PIC_ICW4_8086;
	}
	pic->chip[0].vector_base = 0x08;
	pic->chip[0].icw3 = 1u << VPIC_CASCADE_IR; /* slave on IR2 */
	pic->chip[1].vector_base = 0x70;
	pic->chip[1].icw3 = VPIC_CASCADE_IR;       /* slave ID 2 */
}

/* Inputs sensed by level: ICW1.LTIM for the whole chip, else the ELCR bit; the
 * master's cascade input always (it follows the slave's INT). */
static uint8_t level_mask(const struct vpic_chip *c, bool master)
{
	uint8_t m = (c->icw1 & PIC_ICW1_LTIM) ? 0xFF : c->elcr;
	return master ? (uint8_t)(m | (1u << VPIC_CASCADE_IR)) : m;
}

uint8_t vpic_chip_irr(const struct vpic_chip *c, bool master)
{
	uint8_t lv = level_mask(c, master);
	return (uint8_t)((c->irr_edge & ~lv) | (c->lines & lv));
}

/* 0 is the highest priority: IR(lowest+1) (8259A datasheet, "Rotation"). */
static unsigned int prio(const struct vpic_chip *c, unsigned int ir)
{
	return (ir - c->lowest - 1u) & 7u;
}

int vpic_chip_highest(const struct vpic_chip *c, uint8_t bits)
{
	for (unsigned int p = 0; p < 8; p++) {
		unsigned int ir = (c->lowest + 1u + p) & 7u;
		if (bits & (1u << ir))
			return (int)ir;
	}
	return -1;
}

int vpic_chip_request(const struct vpic_chip *c, bool master)
{
	uint8_t pending = (uint8_t)(vpic_chip_irr(c, master) & ~c->imr);
	/* Special mask mode: every unmasked level not itself in service may interrupt (datasheet, "Special Mask Mode"). */
	if (c->special_mask)
		return vpic_chip_highest(c, (uint8_t)(pending & ~c->isr));
	int ir = vpic_chip_highest(c, pending);
	if (ir < 0)
		return -1;
	uint8_t isr = c->isr;
	/* Special fully nested mode: the slave's higher requests pass its in-service cascade level. */
	if (master && (c->icw4 & PIC_ICW4_SFNM) && ir == (int)VPIC_CASCADE_IR)
		isr &= (uint8_t)~(1u << VPIC_CASCADE_IR);
	int in = vpic_chip_highest(c, isr);
	if (in >= 0 && prio(c, (unsigned int)ir) >= prio(c, (unsigned int)in))
		return -1; /* fully nested: only a higher priority interrupts the one in service */
	return ir;
}

void vpic_chip_ack(struct vpic_chip *c, unsigned int ir)
{
	c->irr_edge &= (uint8_t)~(1u << ir);
	if (c->icw4 & PIC_ICW4_AEOI) {
		if (c->rotate_aeoi)
			c->lowest = (uint8_t)ir;
	} else {
		c->isr |= (uint8_t)(1u << ir);
	}
}

void vpic_update(struct vpic *pic)
{
	bool slave_int = vpic_chip_request(&pic->chip[1], false) >= 0;
	uint8_t bit = 1u << VPIC_CASCADE_IR;
	pic->chip[0].lines = (uint8_t)(slave_int ? pic->chip[0].lines | bit : pic->chip[0].lines & ~bit);
	bool out = vpic_chip_request(&pic->chip[0], true) >= 0;
	if (out != pic->out) {
		pic->out = out;
		if (pic->ops.output_level)
			pic->ops.output_level(pic->ops.ctx, out);
	}
}

int vpic_set_irq(struct vpic *pic, unsigned int irq, bool level)
{
	if (irq >= VPIC_IRQS)
		return -HV_ERANGE;
	if (irq == VPIC_CASCADE_IR)
		return -HV_EINVAL;
	struct vpic_chip *c = &pic->chip[irq / 8];
	uint8_t bit = (uint8_t)(1u << (irq % 8));
	if (level && !(c->lines & bit))
		c->irr_edge |= bit; /* a rising edge, latched for edge sensing */
	c->lines = (uint8_t)(level ? c->lines | bit : c->lines & ~bit);
	vpic_update(pic);
	return 0;
}

bool vpic_output(const struct vpic *pic)
{
	return pic->out;
}

int vpic_pending_vector(struct vpic *pic)
{
	int m = vpic_chip_request(&pic->chip[0], true);
	if (m < 0)
		return -HV_ENOENT;
	if (m != (int)VPIC_CASCADE_IR)
		return pic->chip[0].vector_base + m;
	int s = vpic_chip_request(&pic->chip[1], false);
	return pic->chip[1].vector_base + (s < 0 ? 7 : s);
}

uint8_t vpic_ack(struct vpic *pic)
{
	struct vpic_chip *m = &pic->chip[0], *s = &pic->chip[1];
	int ir = vpic_chip_request(m, true);
	uint8_t vec;
	if (ir < 0) {
		vec = (uint8_t)(m->vector_base + 7); /* spurious: no IS bit is set */
	} else if (ir != (int)VPIC_CASCADE_IR) {
		vpic_chip_ack(m, (unsigned int)ir);
		vec = (uint8_t)(m->vector_base + ir);
	} else {
		int sir = vpic_chip_request(s, false);
		vpic_chip_ack(m, VPIC_CASCADE_IR);
		if (sir < 0) {
			vec = (uint8_t)(s->vector_base + 7); /* the slave's spurious IR7; the master saw IR2 */
		} else {
			vpic_chip_ack(s, (unsigned int)sir);
			vec = (uint8_t)(s->vector_base + sir);
		}
	}
	vpic_update(pic);
	return vec;
}

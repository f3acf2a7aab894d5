/* SPDX-License-Identifier: BSD-3-Clause */
/* The vPIC's ports: ICW1-4, OCW1-3 and poll on 0x20/0x21 and 0xA0/0xA1 (8259A datasheet,
 * "Programming the 8259A"), ELCR1/2 on 0x4D0/0x4D1 (PIIX4 datasheet). */
#include <hvkit/errno.h>
#include <vdev/vpic.h>

/* ICW1 (datasheet, "Initialization Command Words"): the edge sense circuit is reset, IMR
 * cleared, IR7 made lowest, special mask mode off, IRR selected for reading, and without
 * IC4 the ICW4 functions are zero. In-service bits are dropped too: it is a reset. */
static void icw1(struct vpic_chip *c, uint8_t val)
{
	c->icw1 = val;
	c->init_step = 2;
	c->irr_edge = 0; /* a line already high must go low and high again */
	c->imr = 0;
	c->isr = 0;
	c->lowest = 7;
	c->special_mask = false;
	c->read_isr = false;
	c->poll = false;
	c->rotate_aeoi = false;
	if (!(val & PIC_ICW1_IC4))
		c->icw4 = 0;
}

static void ocw2(struct vpic_chip *c, uint8_t val)
{
	unsigned int level = val & 7u;
	int ir;
	switch (val & 0xE0u) {
	case PIC_OCW2_EOI:
	case PIC_OCW2_ROTATE_EOI:
		ir = vpic_chip_highest(c, c->isr);
		if (ir < 0)
			break;
		c->isr &= (uint8_t)~(1u << ir);
		if ((val & 0xE0u) == PIC_OCW2_ROTATE_EOI)
			c->lowest = (uint8_t)ir; /* the level just served becomes the lowest */
		break;
	case PIC_OCW2_SEOI:
		c->isr &= (uint8_t)~(1u << level);
		break;
	case PIC_OCW2_ROTATE_SEOI:
		c->isr &= (uint8_t)~(1u << level);
		c->lowest = (uint8_t)level;
		break;
	case PIC_OCW2_SET_PRIORITY:
		c->lowest = (uint8_t)level;
		break;
	case PIC_OCW2_ROTATE_AEOI_SET:
		c->rotate_aeoi = true;
		break;
	case PIC_OCW2_ROTATE_AEOI_CLR:
		c->rotate_aeoi = false;
		break;
	default: /* 010: no operation */
		break;
	}
}

static void ocw3(struct vpic_chip *c, uint8_t val)
{
	if (val & PIC_OCW3_POLL)
		c->poll = true;
	if (val & PIC_OCW3_RR)
		c->read_isr = (val & PIC_OCW3_RIS) != 0;
	if (val & PIC_OCW3_ESMM)
		c->special_mask = (val & PIC_OCW3_SMM) != 0;
}

/* Port B: the ICW the sequence expects next, else OCW1. */
static void port_b(struct vpic_chip *c, uint8_t val)
{
	bool ic4 = c->icw1 & PIC_ICW1_IC4, single = c->icw1 & PIC_ICW1_SNGL;
	switch (c->init_step) {
	case 2:
		c->vector_base = val & 0xF8u; /* x86 mode: T7-T3; the IR number fills bits 2:0 */
		c->init_step = single ? (ic4 ? 4 : 0) : 3;
		break;
	case 3:
		c->icw3 = val;
		c->init_step = ic4 ? 4 : 0;
		break;
	case 4:
		c->icw4 = val;
		c->init_step = 0;
		break;
	default:
		c->imr = val;
		break;
	}
}

/* Poll (OCW3 P): this read is the chip's interrupt acknowledge; it returns 0x80 | level,
 * or 0 without a request (datasheet, "The Poll Command"). */
static uint8_t poll(struct vpic_chip *c, bool master)
{
	c->poll = false;
	int ir = vpic_chip_request(c, master);
	if (ir < 0)
		return 0;
	vpic_chip_ack(c, (unsigned int)ir);
	return (uint8_t)(PIC_POLL_INT | ir);
}

/* The chip a port belongs to (0 master, 1 slave), or -1 for ELCR, -2 for none. */
static int chip_of(uint16_t port)
{
	if (port == VPIC_MASTER_PORT || port == VPIC_MASTER_PORT + 1)
		return 0;
	if (port == VPIC_SLAVE_PORT || port == VPIC_SLAVE_PORT + 1)
		return 1;
	if (port == VPIC_ELCR_PORT || port == VPIC_ELCR_PORT + 1)
		return -1;
	return -2;
}

int vpic_read(void *dev, uint16_t port, unsigned int size, uint32_t *val)
{
	struct vpic *pic = dev;
	int n = chip_of(port);
	if (size != 1)
		return -HV_EINVAL;
	if (n == -2)
		return -HV_ENOENT;
	if (n == -1) {
		*val = pic->chip[port - VPIC_ELCR_PORT].elcr;
		return 0;
	}
	struct vpic_chip *c = &pic->chip[n];
	if (port & 1u)
		*val = c->imr;
	else if (c->poll) {
		*val = poll(c, n == 0);
		vpic_update(pic);
	} else
		*val = c->read_isr ? c->isr : vpic_chip_irr(c, n == 0);
	return 0;
}

int vpic_write(void *dev, uint16_t port, unsigned int size, uint32_t val)
{
	struct vpic *pic = dev;
	int n = chip_of(port);
	uint8_t b = (uint8_t)val;
	if (size != 1)
		return -HV_EINVAL;
	if (n == -2)
		return -HV_ENOENT;
	if (n == -1) {
		unsigned int e = port - VPIC_ELCR_PORT;
		pic->chip[e].elcr = b & (e == 0 ? VPIC_ELCR1_WRITABLE : VPIC_ELCR2_WRITABLE);
	} else if (port & 1u) {
		port_b(&pic->chip[n], b);
	} else if (b & PIC_ICW1) {
		icw1(&pic->chip[n], b);
	} else if (b & PIC_OCW3) {
		ocw3(&pic->chip[n], b);
	} else {
		ocw2(&pic->chip[n], b);
	}
	vpic_update(pic);
	return 0;
}

int vpic_register(struct vpic *pic, struct vdev_table *t)
{
	const struct vdev_io_range r[] = {
		{ .base = VPIC_MASTER_PORT, .len = 2, .name = "pic-master" },
		{ .base = VPIC_SLAVE_PORT, .len = 2, .name = "pic-slave" },
		{ .base = VPIC_ELCR_PORT, .len = 2, .name = "pic-elcr" },
	};
	uint32_t before = t->count;
	for (unsigned int i = 0; i < sizeof(r) / sizeof(r[0]); i++) {
		struct vdev_io_range x = r[i];
		x.byte_access = true;
		x.dev = pic;
		x.read = vpic_read;
		x.write = vpic_write;
		int rc = vdev_register(t, &x);
		if (rc < 0) {
			t->count = before; /* vdev_register appends: drop what this call added */
			return rc;
		}
	}
	return 0;
}

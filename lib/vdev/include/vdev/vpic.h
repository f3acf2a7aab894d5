/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * A virtual 8259A pair as a PC wires it (Intel 8259A datasheet): the master at
 * ports 0x20/0x21, the slave at 0xA0/0xA1 with its INT output on master IR2, and
 * the edge/level control registers ELCR1/ELCR2 at 0x4D0/0x4D1 (Intel PIIX4
 * datasheet, "ELCR"). IRQs 0-7 are master IR0-7, IRQs 8-15 slave IR0-7.
 *
 * Implemented: ICW1-ICW4 (x86 mode; the vector base is ICW2 & 0xF8), OCW1 (IMR),
 * OCW2 (non-specific and specific EOI, rotate on EOI, rotate in AEOI, set
 * priority), OCW3 (read IRR/ISR, poll, special mask mode), automatic EOI, special
 * fully nested mode on the master, edge and level sensing (ICW1.LTIM for the whole
 * chip, or the line's ELCR bit). The cascade input is level-sensitive: master
 * IRR2 follows the slave's INT. Buffered mode and 8080 mode are accepted and
 * ignored; ICW3 is accepted but the cascade is always IR2.
 *
 * The master's INT output goes to ops->output_level whenever it changes; the core
 * takes the vector with vpic_pending_vector() and vpic_ack() (the INTA cycles of
 * an ExtINT delivery, or its own injection of the PIC's interrupt).
 *
 * Not thread-safe: the core serializes every call on a vPIC, callbacks included.
 */
#ifndef VDEV_VPIC_H
#define VDEV_VPIC_H

#include <stdbool.h>
#include <stdint.h>

#include <vdev/vdev.h>

#define VPIC_IRQS 16u
#define VPIC_CASCADE_IR 2u

#define VPIC_MASTER_PORT 0x20u
#define VPIC_SLAVE_PORT 0xA0u
#define VPIC_ELCR_PORT 0x4D0u
/* ELCR bits that stay 0 (edge): IRQ 0, 1, 2 on the master, IRQ 8 and 13 on the slave (PIIX4 ELCR). */
#define VPIC_ELCR1_WRITABLE 0xF8u
#define VPIC_ELCR2_WRITABLE 0xDEu

/* Command words (8259A datasheet, "Programming the 8259A"). */
#define PIC_ICW1 0x10u      /* port A, bit 4 */
#define PIC_ICW1_IC4 0x01u  /* ICW4 follows */
#define PIC_ICW1_SNGL 0x02u /* single: no ICW3 */
#define PIC_ICW1_LTIM 0x08u /* level-triggered */
#define PIC_ICW4_8086 0x01u
#define PIC_ICW4_AEOI 0x02u
#define PIC_ICW4_SFNM 0x10u
#define PIC_OCW3 0x08u      /* port A, bit 4 clear, bit 3 set */
#define PIC_OCW3_RIS 0x01u
#define PIC_OCW3_RR 0x02u
#define PIC_OCW3_POLL 0x04u
#define PIC_OCW3_SMM 0x20u
#define PIC_OCW3_ESMM 0x40u
/* OCW2 R, SL, EOI (bits 7:5) and the level L2-L0 (bits 2:0). */
#define PIC_OCW2_EOI 0x20u          /* non-specific EOI */
#define PIC_OCW2_SEOI 0x60u         /* specific EOI */
#define PIC_OCW2_ROTATE_EOI 0xA0u   /* rotate on non-specific EOI */
#define PIC_OCW2_ROTATE_AEOI_SET 0x80u
#define PIC_OCW2_ROTATE_AEOI_CLR 0x00u
#define PIC_OCW2_ROTATE_SEOI 0xE0u  /* rotate on specific EOI */
#define PIC_OCW2_SET_PRIORITY 0xC0u
#define PIC_POLL_INT 0x80u          /* poll word: an interrupt was pending; bits 2:0 its level */

/* One 8259A. */
struct vpic_chip {
	uint8_t irr_edge;   /* latched rising edges (edge-sensed inputs) */
	uint8_t lines;      /* input levels */
	uint8_t isr, imr;
	uint8_t elcr;
	uint8_t vector_base;
	uint8_t icw1, icw3, icw4;
	uint8_t init_step;  /* 0: ready; 2, 3, 4: the ICW expected next on port B */
	uint8_t lowest;     /* priority: IR(lowest+1) is the highest */
	bool read_isr;      /* OCW3 RR/RIS: port A reads ISR (else IRR) */
	bool poll;          /* OCW3 P: the next port-A read is a poll */
	bool special_mask;  /* OCW3 SMM */
	bool rotate_aeoi;
};

struct vpic_ops {
	void *ctx;
	void (*output_level)(void *ctx, bool asserted); /* the master's INT pin; may be NULL */
};

struct vpic {
	struct vpic_ops ops;
	struct vpic_chip chip[2]; /* 0 master, 1 slave */
	bool out;                 /* the level last reported */
};

/* The state PC firmware leaves: both chips initialised (cascade on IR2, 8086 mode),
 * vector bases 0x08 and 0x70, every input masked, ELCR all edge. ops may be NULL. */
void vpic_init(struct vpic *pic, const struct vpic_ops *ops);

/* Claim 0x20-0x21, 0xA0-0xA1 and 0x4D0-0x4D1 (byte access) in t. On failure none is claimed. */
int vpic_register(struct vpic *pic, struct vdev_table *t);

/* Port handlers (dev is the struct vpic; size is 1 with byte_access). */
int vpic_read(void *dev, uint16_t port, unsigned int size, uint32_t *val);
int vpic_write(void *dev, uint16_t port, unsigned int size, uint32_t val);

/* Drive IRQ irq (0-15) to level. -HV_ERANGE for irq >= 16; -HV_EINVAL for IRQ 2, the cascade. */
int vpic_set_irq(struct vpic *pic, unsigned int irq, bool level);

/* The vector the next vpic_ack() would return for a real request, or -HV_ENOENT when INT is low. */
int vpic_pending_vector(struct vpic *pic);

/* The INTA cycles: the highest request moves from IRR to ISR (both chips for a slave
 * IRQ; not kept with AEOI) and its vector is returned. Without a request it is the
 * spurious IR7 of the chip that has none (8259A datasheet, "Interrupt Sequence"). */
uint8_t vpic_ack(struct vpic *pic);

/* The master's INT level now. */
bool vpic_output(const struct vpic *pic);

/* ---- one 8259A (vpic.c), shared with the port handlers (vpic_io.c) ---- */
/* IRR as the guest reads it: latched edges of edge-sensed inputs, levels of level-sensed ones. */
uint8_t vpic_chip_irr(const struct vpic_chip *c, bool master);
/* The IR among bits with the highest current priority, or -1. */
int vpic_chip_highest(const struct vpic_chip *c, uint8_t bits);
/* The IR the chip would raise INT for (unmasked, beating what is in service), or -1. */
int vpic_chip_request(const struct vpic_chip *c, bool master);
/* Acknowledge ir on this chip: clear its edge latch, set ISR (or rotate under AEOI). */
void vpic_chip_ack(struct vpic_chip *c, unsigned int ir);
/* Recompute the cascade input and the INT line after a state change. */
void vpic_update(struct vpic *pic);

#endif

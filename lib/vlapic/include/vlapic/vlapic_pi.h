/* SPDX-License-Identifier: BSD-3-Clause */
/* Posted-interrupt descriptor (SDM Vol. 3C 29.6, Table 29-1). */
#ifndef VLAPIC_VLAPIC_PI_H
#define VLAPIC_VLAPIC_PI_H

#include <stdbool.h>
#include <stdint.h>

#include <vlapic/vlapic.h>

#define PI_CONTROL_ON (1u << 0) /* outstanding notification (bit 256) */
#define PI_CONTROL_SN (1u << 1) /* suppress notification (bit 257) */

/* 64 bytes, 64-byte aligned. */
struct vlapic_pi_desc {
	uint64_t pir[4];   /* bits 255:0 posted-interrupt requests */
	uint16_t control;  /* bits 271:256: ON, SN */
	uint8_t nv;        /* bits 279:272 notification vector */
	uint8_t rsvd0;
	uint32_t ndst;     /* bits 319:288 notification destination */
	uint32_t rsvd1[6];
} __attribute__((aligned(64)));

_Static_assert(sizeof(struct vlapic_pi_desc) == 64, "posted-interrupt descriptor is 64 bytes");

/* Set PIR[vector], then ON. True when a notification must be sent: ON went from 0
 * to 1 and SN is clear. Safe on any CPU. */
bool vlapic_pi_post(struct vlapic_pi_desc *desc, uint8_t vector);
/* Set or clear SN (the core sets it while the vCPU is not running). */
void vlapic_pi_suppress(struct vlapic_pi_desc *desc, bool sn);
bool vlapic_pi_pending(const struct vlapic_pi_desc *desc);

/* Route vl's fixed edge interrupts through desc with notification vector nv, to the
 * physical CPU with APIC ID ndst (x2apic: 32-bit NDST, else NDST[15:8]). */
int vlapic_pi_attach(struct vlapic *vl, struct vlapic_pi_desc *desc, uint8_t nv,
		     uint32_t ndst, bool x2apic);
void vlapic_pi_detach(struct vlapic *vl);
/* Move PIR into IRR and clear ON (before a VM entry). Returns how many vectors moved. */
int vlapic_pi_sync(struct vlapic *vl);

#endif

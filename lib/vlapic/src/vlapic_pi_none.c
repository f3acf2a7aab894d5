/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Posted interrupts absent (SDM 29.6): linked instead of vlapic_pi.c by images whose core never attaches a
 * posted-interrupt descriptor (partition: Bochs has none). Without vlapic_pi_attach (not linked) vl->pi stays
 * NULL, every interrupt is accepted into IRR, and there is never a PIR to move.
 */
#include "vlapic_priv.h"

void vlapic_pi_deliver(struct vlapic *vl, struct vlapic_pi_desc *pi, uint8_t vector)
{
	(void)pi;
	vec_set(vl, APIC_OFF_IRR0, vector); /* unreachable: as without a descriptor */
	vl->ops->kick(vl->vcpu);
}

int vlapic_pi_sync(struct vlapic *vl)
{
	(void)vl;
	return 0;
}

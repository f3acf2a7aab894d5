/* SPDX-License-Identifier: BSD-3-Clause */
/* Posted-interrupt descriptor handling (SDM 29.6). */
#include <string.h>

#include <vlapic/vlapic_pi.h>

#include "vlapic_priv.h"

bool vlapic_pi_post(struct vlapic_pi_desc *desc, uint8_t vector)
{
	__atomic_fetch_or(&desc->pir[vector >> 6], 1ull << (vector & 63), __ATOMIC_SEQ_CST);
	uint16_t old = __atomic_fetch_or(&desc->control, (uint16_t)PI_CONTROL_ON, __ATOMIC_SEQ_CST);
	return !(old & PI_CONTROL_ON) && !(old & PI_CONTROL_SN);
}

void vlapic_pi_suppress(struct vlapic_pi_desc *desc, bool sn)
{
	if (sn)
		__atomic_fetch_or(&desc->control, (uint16_t)PI_CONTROL_SN, __ATOMIC_SEQ_CST);
	else
		__atomic_fetch_and(&desc->control, (uint16_t)~PI_CONTROL_SN, __ATOMIC_SEQ_CST);
}

bool vlapic_pi_pending(const struct vlapic_pi_desc *desc)
{
	return (__atomic_load_n(&desc->control, __ATOMIC_SEQ_CST) & PI_CONTROL_ON) != 0;
}

int vlapic_pi_attach(struct vlapic *vl, struct vlapic_pi_desc *desc, uint8_t nv, uint32_t ndst, bool x2apic)
{
	if (desc == NULL || ((uintptr_t)desc & 63) != 0 || nv < 16)
		return -HV_EINVAL;
	if (!x2apic && ndst > 0xFF)
		return -HV_ERANGE;
	memset(desc, 0, sizeof(*desc));
	desc->nv = nv;
	/* SDM 29.6: in xAPIC mode the destination APIC ID is NDST[15:8]. */
	desc->ndst = x2apic ? ndst : ndst << 8;
	__atomic_store_n(&vl->pi, desc, __ATOMIC_RELEASE);
	return 0;
}

void vlapic_pi_detach(struct vlapic *vl)
{
	if (vl->pi == NULL)
		return;
	vlapic_pi_sync(vl);
	__atomic_store_n(&vl->pi, NULL, __ATOMIC_RELEASE);
	vlapic_pi_sync(vl); /* nothing is left: posts after detach go to IRR */
}

int vlapic_pi_sync(struct vlapic *vl)
{
	struct vlapic_pi_desc *pi = vl->pi;
	if (pi == NULL)
		return 0;
	int moved = 0;
	/* Clear ON first so a post racing with this sync raises a new notification. */
	__atomic_fetch_and(&pi->control, (uint16_t)~PI_CONTROL_ON, __ATOMIC_SEQ_CST);
	for (unsigned int i = 0; i < 4; i++) {
		uint64_t w = __atomic_exchange_n(&pi->pir[i], 0ull, __ATOMIC_SEQ_CST);
		while (w != 0) {
			unsigned int bit = (unsigned int)__builtin_ctzll(w);
			w &= w - 1;
			uint8_t vector = (uint8_t)(i * 64 + bit);
			vec_clear(vl, APIC_OFF_TMR0, vector);
			vec_set(vl, APIC_OFF_IRR0, vector);
			moved++;
		}
	}
	return moved;
}

/* SDM 29.6: posted delivery sets PIR and ON (TMR stays clear: edge) and sends the notification; with
 * notifications suppressed (SN) the vCPU is kicked instead. */
void vlapic_pi_deliver(struct vlapic *vl, struct vlapic_pi_desc *pi, uint8_t vector)
{
	if (vlapic_pi_post(pi, vector))
		vl->ops->pi_notify(vl->vcpu, pi->nv, pi->ndst);
	else if (__atomic_load_n(&pi->control, __ATOMIC_SEQ_CST) & PI_CONTROL_SN)
		vl->ops->kick(vl->vcpu);
}

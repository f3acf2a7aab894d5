/* SPDX-License-Identifier: BSD-3-Clause */
/* Interrupt acceptance, priority, acknowledge and EOI (SDM 11.8). */
#include "vlapic_priv.h"

void vlapic_set_error(struct vlapic *vl, uint32_t esr_bits)
{
	__atomic_fetch_or(&vl->esr_pending, esr_bits, __ATOMIC_SEQ_CST);
	uint32_t lvt = reg_get(vl, APIC_OFF_LVT_ERROR);
	/* SDM 11.5.3: an error raises the LVT error interrupt. A vector below 16 would
	 * only record another error, so it is not raised (no recursion). */
	if (!(lvt & APIC_LVT_MASKED) && (lvt & APIC_LVT_VECTOR) >= 16)
		vlapic_accept_intr(vl, (uint8_t)(lvt & APIC_LVT_VECTOR), false);
}


int vlapic_accept_intr(struct vlapic *vl, uint8_t vector, bool level)
{
	if (!vlapic_enabled(vl))
		return -HV_EPERM;
	/* SDM 11.5.2: vectors 0-15 are illegal; the receiver records the error. */
	if (vector < 16) {
		vlapic_set_error(vl, APIC_ESR_RECEIVE_ILLEGAL_VECTOR);
		return -HV_EINVAL;
	}
	/* SDM 11.4.7.2: a software-disabled APIC does not accept fixed interrupts. */
	if (!vlapic_sw_enabled(vl))
		return -HV_EPERM;

	struct vlapic_pi_desc *pi = __atomic_load_n(&vl->pi, __ATOMIC_ACQUIRE); /* NULL without vlapic_pi.c */
	if (pi != NULL && !level) {
		vlapic_pi_deliver(vl, pi, vector);
		return 0;
	}
	/* SDM 11.8.4: TMR records the trigger mode, IRR the request. */
	if (level)
		vec_set(vl, APIC_OFF_TMR0, vector);
	else
		vec_clear(vl, APIC_OFF_TMR0, vector);
	vec_set(vl, APIC_OFF_IRR0, vector);
	vl->ops->kick(vl->vcpu);
	return 0;
}

uint32_t vlapic_generation(const struct vlapic *vl)
{
	return __atomic_load_n(&vl->gen, __ATOMIC_ACQUIRE);
}

/* SDM Vol. 3A 11.8.6.1: CR8[3:0] is TPR[7:4]; a MOV to CR8 clears TPR[3:0]. */
uint8_t vlapic_cr8(const struct vlapic *vl)
{
	return (uint8_t)((reg_get(vl, APIC_OFF_TPR) >> 4) & 0xF);
}

void vlapic_set_cr8(struct vlapic *vl, uint8_t cr8)
{
	reg_set(vl, APIC_OFF_TPR, (uint32_t)(cr8 & 0xF) << 4);
	vlapic_update_ppr(vl);
}

uint32_t vlapic_ppr(struct vlapic *vl)
{
	vlapic_update_ppr(vl);
	return reg_get(vl, APIC_OFF_PPR);
}

int vlapic_pending_vector(struct vlapic *vl)
{
	if (vl->pi != NULL)
		vlapic_pi_sync(vl);
	if (!vlapic_sw_enabled(vl))
		return -HV_ENOENT;
	int irrv = vec_highest(vl, APIC_OFF_IRR0);
	if (irrv < 0)
		return -HV_ENOENT;
	/* SDM 11.8.3.1: delivered only if its priority class exceeds PPR[7:4]. */
	if (((uint32_t)irrv & 0xF0) <= (vlapic_ppr(vl) & 0xF0))
		return -HV_ENOENT;
	return irrv;
}

uint8_t vlapic_ack(struct vlapic *vl, uint8_t vector)
{
	/* SDM 11.9: an interrupt no longer deliverable at acknowledge time becomes the
	 * spurious vector, and ISR is not set. */
	if (vlapic_pending_vector(vl) != (int)vector)
		return (uint8_t)(vl->svr & APIC_SVR_VECTOR);
	vec_clear(vl, APIC_OFF_IRR0, vector);
	vec_set(vl, APIC_OFF_ISR0, vector);
	vlapic_update_ppr(vl);
	return vector;
}

int vlapic_eoi(struct vlapic *vl)
{
	int isrv = vec_highest(vl, APIC_OFF_ISR0);
	if (isrv < 0)
		return -HV_ENOENT;
	uint8_t vector = (uint8_t)isrv;
	vec_clear(vl, APIC_OFF_ISR0, vector);
	vlapic_update_ppr(vl);
	/* SDM 11.8.5: EOI of a level-triggered interrupt is broadcast to the IOAPICs
	 * unless SVR "suppress EOI broadcast" is set. */
	if (vec_test(vl, APIC_OFF_TMR0, vector) && !(vl->svr & APIC_SVR_EOI_SUPPRESS))
		vl->ops->eoi_level(vl, vector);
	if (vlapic_pending_vector(vl) >= 0)
		vl->ops->kick(vl->vcpu);
	return vector;
}

/* SDM 11.5.1: the timer and error entries have no delivery-mode field: always fixed. */
static uint32_t lvt_delivery_mode(uint32_t lvt_off, uint32_t lvt)
{
	if (lvt_off == APIC_OFF_LVT_TIMER || lvt_off == APIC_OFF_LVT_ERROR)
		return APIC_DM_FIXED;
	return (lvt & APIC_LVT_DELIVERY_MODE) >> 8;
}

/* SDM 11.5.1: only LINT0 and LINT1 have a trigger-mode bit; every other entry is edge triggered. */
static bool lvt_level(uint32_t lvt_off, uint32_t lvt)
{
	return (lvt_off == APIC_OFF_LVT_LINT0 || lvt_off == APIC_OFF_LVT_LINT1) && (lvt & APIC_LVT_LEVEL);
}

int vlapic_raise_lvt(struct vlapic *vl, uint32_t lvt_off)
{
	if (!lvt_offset_valid(lvt_off))
		return -HV_EINVAL;
	if (!vlapic_enabled(vl))
		return -HV_EPERM;
	uint32_t lvt = reg_get(vl, lvt_off);
	if (lvt & APIC_LVT_MASKED)
		return 0;
	switch (lvt_delivery_mode(lvt_off, lvt)) {
	case APIC_DM_FIXED: {
		int rc = vlapic_accept_intr(vl, (uint8_t)(lvt & APIC_LVT_VECTOR), lvt_level(lvt_off, lvt));
		return rc == -HV_EPERM ? 0 : rc;
	}
	case APIC_DM_NMI:
		vl->ops->inject_nmi(vl->vcpu);
		return 0;
	default:
		return -HV_ENOSYS; /* SMI, INIT, ExtINT: the core's business */
	}
}

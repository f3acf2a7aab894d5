/* SPDX-License-Identifier: BSD-3-Clause */
/* APICv assists: what hardware may virtualize, and the exits it leaves to us (SDM 29). */
#include "vlapic_priv.h"

/* SDM 29.4.3.1: the writes virtualized with APIC-register virtualization. */
static const uint64_t write_virtualized_arv = R(APIC_OFF_ID) | R(APIC_OFF_TPR) | R(APIC_OFF_EOI) |
	R(APIC_OFF_LDR) | R(APIC_OFF_DFR) | R(APIC_OFF_SVR) | R(APIC_OFF_ESR) | R(APIC_OFF_ICR_LOW) |
	R(APIC_OFF_ICR_HIGH) | R(APIC_OFF_TIMER_ICR) | R(APIC_OFF_TIMER_DCR) | LVT_NO_CMCI;

/* SDM 29.5: with APIC-register virtualization RDMSR reads the page at the MSR's offset. Only registers that
 * exist in x2APIC mode and whose page value is current may pass: not the current count (computed), not
 * write-only EOI/SELF IPI, not xAPIC-only ones; PPR only when hardware maintains it (VID, below). The 64-bit
 * ICR is kept intercepted: reads are rare and its page halves are 16 bytes apart. */
static const uint64_t x2apic_read_passthrough = R(APIC_OFF_ID) | R(APIC_OFF_VERSION) | R(APIC_OFF_TPR) |
	R(APIC_OFF_LDR) | R(APIC_OFF_SVR) | R(APIC_OFF_ESR) | R(APIC_OFF_TIMER_ICR) | R(APIC_OFF_TIMER_DCR) |
	R(APIC_OFF_LVT_CMCI) | VEC_ARRAYS | LVT_NO_CMCI;

bool vlapic_apicv_write_virtualized(uint32_t offset, bool arv, bool vid)
{
	/* SDM 29.4.3.1: without APIC-register virtualization only TPR, and EOI and ICR low with VID. */
	if (!arv)
		return offset == APIC_OFF_TPR ||
		       (vid && (offset == APIC_OFF_EOI || offset == APIC_OFF_ICR_LOW));
	return in_set(write_virtualized_arv, offset);
}

bool vlapic_apicv_x2apic_read_passthrough(uint32_t msr, bool vid)
{
	if (msr < MSR_X2APIC_FIRST || msr > MSR_X2APIC_LAST)
		return false;
	uint32_t off = (msr - MSR_X2APIC_FIRST) << 4;
	return in_set(x2apic_read_passthrough, off) || (off == APIC_OFF_PPR && vid);
}

bool vlapic_apicv_x2apic_write_passthrough(uint32_t msr, bool vid)
{
	/* SDM 29.5: WRMSR is virtualized for TPR always (TPR shadow), and for EOI and
	 * SELF IPI with virtual-interrupt delivery. */
	if (msr == X2APIC_MSR(APIC_OFF_TPR))
		return true;
	return vid && (msr == X2APIC_MSR(APIC_OFF_EOI) || msr == MSR_X2APIC_SELF_IPI);
}

static unsigned int at_most_two(uint32_t w)
{
	return w == 0 ? 0u : (w & (w - 1)) != 0 ? 2u : 1u;
}

/* Scanning vector words from the highest down: the first vector found stays the highest. */
static int highest_so_far(int found, uint32_t w, unsigned int i)
{
	return found >= 0 ? found : word_highest(w, i);
}

/* SDM 29.1.1: guest interrupt status, RVI in bits 7:0 and SVI in bits 15:8 (0 where nothing is set). */
static uint16_t intr_status(int rvi, int svi)
{
	return (uint16_t)((svi < 0 ? 0u : (unsigned int)svi << 8) | (rvi < 0 ? 0u : (unsigned int)rvi));
}

void vlapic_apicv_entry_state(const struct vlapic *vl, struct vlapic_apicv_entry *e)
{
	int rvi = -1, svi = -1;
	unsigned int held = 0;
	uint32_t any[8];
	for (unsigned int i = 0; i < 4; i++)
		e->eoi_exit[i] = 0;
	for (unsigned int i = 8; i-- > 0;) {
		uint32_t irr = reg_get(vl, APIC_OFF_IRR0 + i * 16), isr = reg_get(vl, APIC_OFF_ISR0 + i * 16);
		uint32_t level = reg_get(vl, APIC_OFF_TMR0 + i * 16) | vl->eoi_exit_extra[i];
		rvi = highest_so_far(rvi, irr, i);
		svi = highest_so_far(svi, isr, i);
		held += at_most_two(irr) + at_most_two(isr);
		any[i] = irr | isr;
		e->eoi_exit[i / 2] |= (uint64_t)level << (32 * (i & 1));
	}
	/* Level vectors as vlapic_apicv_eoi_exit_bitmap; then, while IRR and ISR together hold two
	 * or more vectors, all of them: an EOI lowers PPR (SDM 11.8.3.1) and can make a waiting
	 * vector deliverable. */
	for (unsigned int i = 0; held >= 2 && i < 4; i++)
		e->eoi_exit[i] |= (uint64_t)any[2 * i + 1] << 32 | any[2 * i];
	e->intr_status = intr_status(rvi, svi);
	/* SDM 11.8.3.1: a vector is delivered only if its priority class exceeds PPR[7:4]. */
	uint32_t ppr = ppr_of(reg_get(vl, APIC_OFF_TPR), svi);
	e->deliverable = vlapic_sw_enabled(vl) && rvi >= 0 && ((uint32_t)rvi & 0xF0) > (ppr & 0xF0);
}

int vlapic_apicv_write_exit(struct vlapic *vl, uint32_t offset)
{
	bool x2 = vlapic_x2apic_mode(vl);
	if (!vlapic_enabled(vl))
		return -HV_EINVAL;
	/* SDM 29.4.3.3 / 29.5: trap-like; the value is already on the page. */
	if (x2) {
		if (offset == APIC_OFF_SELF_IPI) {
			vlapic_self_ipi(vl, (uint8_t)reg_get(vl, offset));
			return 0;
		}
		if (offset == APIC_OFF_ICR_LOW) {
			uint32_t low = reg_get(vl, APIC_OFF_ICR_LOW) & APIC_ICR_LOW_WMASK;
			reg_set(vl, APIC_OFF_ICR_LOW, low);
			vlapic_send_icr(vl, low, reg_get(vl, APIC_OFF_ICR_HIGH));
			return 0;
		}
		return -HV_EINVAL;
	}
	if (!vlapic_apicv_write_virtualized(offset, true, true))
		return -HV_EINVAL;
	uint32_t val = reg_get(vl, offset);
	if (offset == APIC_OFF_EOI) {
		reg_set(vl, offset, 0);
		vlapic_eoi(vl);
		return 0;
	}
	return vlapic_reg_write(vl, offset, val, false);
}

int vlapic_apicv_eoi_exit(struct vlapic *vl, uint8_t vector)
{
	if (vector < 16)
		return -HV_EINVAL;
	/* SDM 29.1.2: EOI virtualization already cleared the ISR bit and updated SVI/PPR. */
	vec_clear(vl, APIC_OFF_ISR0, vector);
	vlapic_update_ppr(vl);
	if (vec_test(vl, APIC_OFF_TMR0, vector) && !(vl->svr & APIC_SVR_EOI_SUPPRESS))
		vl->ops->eoi_level(vl, vector);
	return 0;
}

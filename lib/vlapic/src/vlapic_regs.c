/* SPDX-License-Identifier: BSD-3-Clause */
/* Register semantics common to the xAPIC (MMIO) and x2APIC (MSR) interfaces. */
#include <string.h>

#include "vlapic_priv.h"

uint32_t vlapic_ldr_x2apic(uint32_t x2apic_id)
{
	/* SDM 11.12.10.2: logical x2APIC ID = cluster (ID[19:4]) << 16 | 1 << ID[3:0]. */
	return ((x2apic_id >> 4) << 16) | (1u << (x2apic_id & 0xF));
}

void vlapic_update_ppr(struct vlapic *vl)
{
	reg_set(vl, APIC_OFF_PPR, ppr_of(reg_get(vl, APIC_OFF_TPR), vec_highest(vl, APIC_OFF_ISR0)));
}

static uint32_t compute_apr(struct vlapic *vl)
{
	uint32_t tpr = reg_get(vl, APIC_OFF_TPR) & 0xFF;
	int irrv = vec_highest(vl, APIC_OFF_IRR0), isrv = vec_highest(vl, APIC_OFF_ISR0);
	uint32_t irr_c = irrv < 0 ? 0 : (uint32_t)irrv & 0xF0;
	uint32_t isr_c = isrv < 0 ? 0 : (uint32_t)isrv & 0xF0;
	/* SDM 11.8.3 (arbitration priority). */
	if ((tpr & 0xF0) >= irr_c && (tpr & 0xF0) > isr_c)
		return tpr;
	uint32_t m = tpr & 0xF0;
	if (isr_c > m)
		m = isr_c;
	if (irr_c > m)
		m = irr_c;
	return m;
}

static const uint32_t lvt_offsets[APIC_NUM_LVT] = {
	APIC_OFF_LVT_CMCI, APIC_OFF_LVT_TIMER, APIC_OFF_LVT_THERMAL, APIC_OFF_LVT_PMC,
	APIC_OFF_LVT_LINT0, APIC_OFF_LVT_LINT1, APIC_OFF_LVT_ERROR,
};

static uint32_t lvt_wmask(uint32_t off)
{
	switch (off) {
	case APIC_OFF_LVT_TIMER: return APIC_LVT_TIMER_WMASK;
	case APIC_OFF_LVT_CMCI: return APIC_LVT_CMCI_WMASK;
	case APIC_OFF_LVT_THERMAL: return APIC_LVT_THERMAL_WMASK;
	case APIC_OFF_LVT_PMC: return APIC_LVT_PMC_WMASK;
	case APIC_OFF_LVT_LINT0:
	case APIC_OFF_LVT_LINT1: return APIC_LVT_LINT_WMASK;
	default: return APIC_LVT_ERROR_WMASK;
	}
}

/* SDM 11.4.7.1 / 11.12.5.1: reset values. ID is kept (set by the caller). */
void vlapic_reset_regs(struct vlapic *vl)
{
	uint32_t id = reg_get(vl, APIC_OFF_ID);
	vlapic_timer_reset(vl);
	memset(vl->page, 0, PLAT_PAGE_SIZE);
	reg_set(vl, APIC_OFF_ID, id);
	reg_set(vl, APIC_OFF_VERSION, APIC_VERSION_VALUE | ((APIC_NUM_LVT - 1) << APIC_VERSION_MAX_LVT_SHIFT) |
					      APIC_VERSION_EOI_SUPPRESS);
	reg_set(vl, APIC_OFF_DFR, vlapic_x2apic_mode(vl) ? 0 : 0xFFFFFFFFu);
	if (vlapic_x2apic_mode(vl))
		reg_set(vl, APIC_OFF_LDR, vlapic_ldr_x2apic(vl->apic_id));
	vl->svr = 0xFF;
	reg_set(vl, APIC_OFF_SVR, vl->svr);
	for (unsigned int i = 0; i < APIC_NUM_LVT; i++)
		reg_set(vl, lvt_offsets[i], APIC_LVT_MASKED);
	vl->esr_pending = 0;
	memset(vl->eoi_exit_extra, 0, sizeof(vl->eoi_exit_extra));
	vlapic_changed(vl);
}

static bool in_vec_array(uint32_t off)
{
	return off >= APIC_OFF_ISR0 && off < APIC_OFF_IRR0 + 0x80 && (off & 0xF) == 0;
}

int vlapic_reg_read(struct vlapic *vl, uint32_t off, uint32_t *val, bool x2apic)
{
	switch (off) {
	case APIC_OFF_ID:
	case APIC_OFF_VERSION:
	case APIC_OFF_TPR:
	case APIC_OFF_LDR:
	case APIC_OFF_SVR:
	case APIC_OFF_ESR:
	case APIC_OFF_ICR_LOW:
	case APIC_OFF_TIMER_ICR:
	case APIC_OFF_TIMER_DCR:
		*val = reg_get(vl, off);
		return 0;
	case APIC_OFF_PPR:
		vlapic_update_ppr(vl);
		*val = reg_get(vl, off);
		return 0;
	case APIC_OFF_TIMER_CCR:
		*val = vlapic_timer_read_ccr(vl);
		return 0;
	case APIC_OFF_APR:
	case APIC_OFF_RRD:
	case APIC_OFF_DFR:
	case APIC_OFF_ICR_HIGH:
		/* SDM 11.12.1.2: APR, RRD, DFR and a separate ICR high are xAPIC only. */
		if (x2apic)
			return VLAPIC_GP;
		*val = off == APIC_OFF_APR ? compute_apr(vl) : off == APIC_OFF_RRD ? 0 : reg_get(vl, off);
		return 0;
	case APIC_OFF_EOI:
		if (x2apic)
			return VLAPIC_GP; /* write-only in x2APIC mode */
		*val = 0;
		return 0;
	case APIC_OFF_SELF_IPI:
		if (x2apic)
			return VLAPIC_GP; /* write-only */
		break;
	default:
		if (in_vec_array(off) || lvt_offset_valid(off)) {
			*val = reg_get(vl, off);
			return 0;
		}
		break;
	}
	if (x2apic)
		return VLAPIC_GP;
	/* SDM 11.5.3: xAPIC access to a reserved register: "illegal register address". */
	vlapic_set_error(vl, APIC_ESR_ILLEGAL_REGISTER);
	*val = 0;
	return 0;
}

static int write_svr(struct vlapic *vl, uint32_t val, bool x2apic)
{
	const uint32_t wmask = APIC_SVR_VECTOR | APIC_SVR_ENABLE | APIC_SVR_EOI_SUPPRESS;
	if (x2apic && (val & ~wmask))
		return VLAPIC_GP;
	vl->svr = val & wmask;
	reg_set(vl, APIC_OFF_SVR, vl->svr);
	if (!(vl->svr & APIC_SVR_ENABLE)) {
		/* SDM 11.4.7.2: software disable sets every LVT mask bit. */
		for (unsigned int i = 0; i < APIC_NUM_LVT; i++)
			reg_set(vl, lvt_offsets[i], reg_get(vl, lvt_offsets[i]) | APIC_LVT_MASKED);
		vl->timer.lvt |= APIC_LVT_MASKED;
	}
	return 0;
}

static int write_lvt(struct vlapic *vl, uint32_t off, uint32_t val, bool x2apic)
{
	uint32_t wmask = lvt_wmask(off);
	if (x2apic && (val & ~wmask))
		return VLAPIC_GP;
	uint32_t v = val & wmask;
	if (off == APIC_OFF_LVT_TIMER && (v & APIC_LVT_TIMER_MODE) == APIC_LVT_TIMER_MODE) {
		/* Timer mode 11b is reserved (SDM 11.5.1): #GP in x2APIC, mode kept in xAPIC. */
		if (x2apic)
			return VLAPIC_GP;
		v = (v & ~APIC_LVT_TIMER_MODE) | (vl->timer.lvt & APIC_LVT_TIMER_MODE);
	}
	/* SDM 11.4.7.2: while software-disabled the mask bits cannot be cleared. */
	if (!(vl->svr & APIC_SVR_ENABLE))
		v |= APIC_LVT_MASKED;
	reg_set(vl, off, v);
	if (off == APIC_OFF_LVT_TIMER)
		vlapic_timer_write_lvt(vl, v);
	return 0;
}

int vlapic_reg_write(struct vlapic *vl, uint32_t off, uint32_t val, bool x2apic)
{
	switch (off) {
	case APIC_OFF_ID:
		if (x2apic)
			return VLAPIC_GP; /* x2APIC ID is read-only (SDM 11.12.5.1) */
		reg_set(vl, off, val & 0xFF000000u);
		return 0;
	case APIC_OFF_TPR:
		if (x2apic && (val & ~0xFFu))
			return VLAPIC_GP;
		reg_set(vl, off, val & 0xFF);
		vlapic_update_ppr(vl);
		return 0;
	case APIC_OFF_EOI:
		/* SDM 11.12.1.3: a non-zero write to EOI in x2APIC mode faults. */
		if (x2apic && val != 0)
			return VLAPIC_GP;
		vlapic_eoi(vl);
		return 0;
	case APIC_OFF_LDR:
		if (x2apic)
			return VLAPIC_GP; /* derived from the x2APIC ID, read-only */
		reg_set(vl, off, val & 0xFF000000u);
		return 0;
	case APIC_OFF_DFR:
		if (x2apic)
			return VLAPIC_GP;
		reg_set(vl, off, val | APIC_DFR_RESERVED_ONES);
		return 0;
	case APIC_OFF_SVR:
		return write_svr(vl, val, x2apic);
	case APIC_OFF_ESR:
		/* SDM 11.5.3: a write loads the errors found since the last write and
		 * clears them; x2APIC requires the value 0. */
		if (x2apic && val != 0)
			return VLAPIC_GP;
		reg_set(vl, off, __atomic_exchange_n(&vl->esr_pending, 0u, __ATOMIC_SEQ_CST));
		return 0;
	case APIC_OFF_ICR_LOW:
		if (x2apic)
			return VLAPIC_GP; /* 64-bit MSR 0x830, see vlapic_msr.c */
		reg_set(vl, off, val & APIC_ICR_LOW_WMASK);
		vlapic_send_icr(vl, val & APIC_ICR_LOW_WMASK, reg_get(vl, APIC_OFF_ICR_HIGH) >> 24);
		return 0;
	case APIC_OFF_ICR_HIGH:
		if (x2apic)
			return VLAPIC_GP;
		reg_set(vl, off, val & APIC_ICR_HIGH_XAPIC_WMASK);
		return 0;
	case APIC_OFF_TIMER_ICR:
		vlapic_timer_write_icr(vl, val);
		return 0;
	case APIC_OFF_TIMER_DCR:
		if (x2apic && (val & ~APIC_TIMER_DCR_WMASK))
			return VLAPIC_GP;
		vlapic_timer_write_dcr(vl, val & APIC_TIMER_DCR_WMASK);
		return 0;
	case APIC_OFF_SELF_IPI:
		if (!x2apic)
			break; /* reserved in xAPIC mode */
		if (val & ~0xFFu)
			return VLAPIC_GP;
		vlapic_self_ipi(vl, (uint8_t)val);
		return 0;
	case APIC_OFF_VERSION:
	case APIC_OFF_PPR:
	case APIC_OFF_TIMER_CCR:
		if (x2apic)
			return VLAPIC_GP; /* read-only */
		return 0;
	case APIC_OFF_APR:
	case APIC_OFF_RRD:
		if (x2apic)
			return VLAPIC_GP;
		return 0;
	default:
		if (lvt_offset_valid(off))
			return write_lvt(vl, off, val, x2apic);
		if (in_vec_array(off)) {
			if (x2apic)
				return VLAPIC_GP; /* ISR/TMR/IRR are read-only */
			return 0;
		}
		break;
	}
	if (x2apic)
		return VLAPIC_GP;
	vlapic_set_error(vl, APIC_ESR_ILLEGAL_REGISTER);
	return 0;
}

static int mmio_check(struct vlapic *vl, uint64_t gpa, unsigned int size, uint32_t *off)
{
	if (!vlapic_enabled(vl) || vlapic_x2apic_mode(vl))
		return -HV_ENOENT; /* SDM 11.12.2: no MMIO interface in x2APIC mode */
	uint64_t base = vlapic_mmio_base(vl);
	if (gpa < base || gpa - base >= PLAT_PAGE_SIZE)
		return -HV_ENOENT;
	*off = (uint32_t)(gpa - base);
	/* SDM 11.4.1: registers are accessed as 32-bit loads/stores at 16-byte boundaries. */
	if (size != 4 || (*off & 0xF) != 0)
		return -HV_EINVAL;
	return 0;
}

int vlapic_mmio_read(struct vlapic *vl, uint64_t gpa, unsigned int size, uint32_t *val)
{
	uint32_t off;
	int rc = mmio_check(vl, gpa, size, &off);
	if (rc != 0)
		return rc;
	return vlapic_reg_read(vl, off, val, false);
}

int vlapic_mmio_write(struct vlapic *vl, uint64_t gpa, unsigned int size, uint32_t val)
{
	uint32_t off;
	int rc = mmio_check(vl, gpa, size, &off);
	if (rc != 0)
		return rc;
	return vlapic_reg_write(vl, off, val, false);
}

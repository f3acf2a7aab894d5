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

/*
 * Register reads and writes go through one table per direction, indexed by offset / 16 (the APIC page
 * holds 64 registers, SDM Vol. 3A table 11-1). An offset with no entry, or not 16-byte aligned, is
 * reserved: #GP in x2APIC mode, "illegal register address" in the ESR in xAPIC mode (SDM 11.5.3).
 */
#define APIC_REGS 64u
#define REG(off) ((off) >> 4)

typedef int (*reg_read_fn)(struct vlapic *vl, uint32_t off, uint32_t *val, bool x2apic);
typedef int (*reg_write_fn)(struct vlapic *vl, uint32_t off, uint32_t val, bool x2apic);

static int read_reserved(struct vlapic *vl, uint32_t off, uint32_t *val, bool x2apic)
{
	(void)off;
	if (x2apic)
		return VLAPIC_GP;
	vlapic_set_error(vl, APIC_ESR_ILLEGAL_REGISTER);
	*val = 0;
	return 0;
}

static int read_plain(struct vlapic *vl, uint32_t off, uint32_t *val, bool x2apic)
{
	(void)x2apic;
	*val = reg_get(vl, off);
	return 0;
}

static int read_ppr(struct vlapic *vl, uint32_t off, uint32_t *val, bool x2apic)
{
	vlapic_update_ppr(vl);
	return read_plain(vl, off, val, x2apic);
}

static int read_timer_ccr(struct vlapic *vl, uint32_t off, uint32_t *val, bool x2apic)
{
	(void)off, (void)x2apic;
	*val = vlapic_timer_read_ccr(vl);
	return 0;
}

/* SDM 11.12.1.2: APR, RRD, DFR and a separate ICR high are xAPIC only. */
static int read_xapic_only(struct vlapic *vl, uint32_t off, uint32_t *val, bool x2apic)
{
	if (x2apic)
		return VLAPIC_GP;
	*val = off == APIC_OFF_APR ? compute_apr(vl) : off == APIC_OFF_RRD ? 0 : reg_get(vl, off);
	return 0;
}

/* EOI reads as 0 in xAPIC mode and is write-only in x2APIC mode. */
static int read_eoi(struct vlapic *vl, uint32_t off, uint32_t *val, bool x2apic)
{
	(void)vl, (void)off;
	if (x2apic)
		return VLAPIC_GP;
	*val = 0;
	return 0;
}

/* SELF IPI: write-only in x2APIC mode, reserved in xAPIC mode. */
static int read_self_ipi(struct vlapic *vl, uint32_t off, uint32_t *val, bool x2apic)
{
	return x2apic ? VLAPIC_GP : read_reserved(vl, off, val, x2apic);
}

/* Registers read as they stand on the page: ID, version, TPR, LDR, SVR, ESR, ICR low, the timer's initial count
 * and divide configuration, the LVT, ISR, TMR and IRR. */
static const uint64_t read_as_stored = R(APIC_OFF_ID) | R(APIC_OFF_VERSION) | R(APIC_OFF_TPR) | R(APIC_OFF_LDR) |
	R(APIC_OFF_SVR) | R(APIC_OFF_ESR) | R(APIC_OFF_ICR_LOW) | R(APIC_OFF_TIMER_ICR) | R(APIC_OFF_TIMER_DCR) |
	R(APIC_OFF_LVT_CMCI) | LVT_NO_CMCI | VEC_ARRAYS;

static const reg_read_fn readers[APIC_REGS] = {
	[REG(APIC_OFF_PPR)] = read_ppr, [REG(APIC_OFF_TIMER_CCR)] = read_timer_ccr,
	[REG(APIC_OFF_APR)] = read_xapic_only, [REG(APIC_OFF_RRD)] = read_xapic_only,
	[REG(APIC_OFF_DFR)] = read_xapic_only, [REG(APIC_OFF_ICR_HIGH)] = read_xapic_only,
	[REG(APIC_OFF_EOI)] = read_eoi, [REG(APIC_OFF_SELF_IPI)] = read_self_ipi,
};

/* The reader of a register: as stored, its own, or (no entry, or not 16-byte aligned) reserved. */
static reg_read_fn reader_of(uint32_t off)
{
	if (in_set(read_as_stored, off))
		return read_plain;
	reg_read_fn fn = (off & 0xF) == 0 && REG(off) < APIC_REGS ? readers[REG(off)] : NULL;
	return fn ? fn : read_reserved;
}

int vlapic_reg_read(struct vlapic *vl, uint32_t off, uint32_t *val, bool x2apic)
{
	return reader_of(off)(vl, off, val, x2apic);
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

/* Read-only LVT bits (SDM 11.5.1, figure "Local Vector Table"): delivery status in every entry, remote IRR in LINT0/1.
 * A write of them is ignored, not a reserved-bit #GP, in x2APIC mode too: Linux's disconnect_bsp_APIC writes LINT0
 * with both set on every power-off. */
static uint32_t lvt_read_only(uint32_t off)
{
	const uint32_t lint = off == APIC_OFF_LVT_LINT0 || off == APIC_OFF_LVT_LINT1;
	return APIC_LVT_DELIVERY_STATUS | (lint ? APIC_LVT_REMOTE_IRR : 0u);
}

static int write_lvt(struct vlapic *vl, uint32_t off, uint32_t val, bool x2apic)
{
	uint32_t wmask = lvt_wmask(off);
	if (x2apic && (val & ~(wmask | lvt_read_only(off))))
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

static int write_reserved(struct vlapic *vl, uint32_t off, uint32_t val, bool x2apic)
{
	(void)off, (void)val;
	if (x2apic)
		return VLAPIC_GP;
	vlapic_set_error(vl, APIC_ESR_ILLEGAL_REGISTER);
	return 0;
}

/* Read-only registers (version, PPR, current count, APR, RRD, ISR/TMR/IRR): #GP in x2APIC mode, a write
 * ignored in xAPIC mode. */
static int write_read_only(struct vlapic *vl, uint32_t off, uint32_t val, bool x2apic)
{
	(void)vl, (void)off, (void)val;
	return x2apic ? VLAPIC_GP : 0;
}

/* ID and LDR: bits 31:24 writable in xAPIC mode; read-only in x2APIC mode (SDM 11.12.5.1, the LDR derived
 * from the x2APIC ID). */
static int write_id_ldr(struct vlapic *vl, uint32_t off, uint32_t val, bool x2apic)
{
	if (x2apic)
		return VLAPIC_GP;
	reg_set(vl, off, val & 0xFF000000u);
	return 0;
}

static int write_tpr(struct vlapic *vl, uint32_t off, uint32_t val, bool x2apic)
{
	if (x2apic && (val & ~0xFFu))
		return VLAPIC_GP;
	reg_set(vl, off, val & 0xFF);
	vlapic_update_ppr(vl);
	return 0;
}

/* SDM 11.12.1.3: a non-zero write to EOI in x2APIC mode faults. */
static int write_eoi(struct vlapic *vl, uint32_t off, uint32_t val, bool x2apic)
{
	(void)off;
	if (x2apic && val != 0)
		return VLAPIC_GP;
	vlapic_eoi(vl);
	return 0;
}

static int write_dfr(struct vlapic *vl, uint32_t off, uint32_t val, bool x2apic)
{
	if (x2apic)
		return VLAPIC_GP;
	reg_set(vl, off, val | APIC_DFR_RESERVED_ONES);
	return 0;
}

static int write_svr_reg(struct vlapic *vl, uint32_t off, uint32_t val, bool x2apic)
{
	(void)off;
	return write_svr(vl, val, x2apic);
}

/* SDM 11.5.3: a write loads the errors found since the last write and clears them; x2APIC requires 0. */
static int write_esr(struct vlapic *vl, uint32_t off, uint32_t val, bool x2apic)
{
	if (x2apic && val != 0)
		return VLAPIC_GP;
	reg_set(vl, off, __atomic_exchange_n(&vl->esr_pending, 0u, __ATOMIC_SEQ_CST));
	return 0;
}

/* The xAPIC ICR: a write to the low half sends. In x2APIC mode it is the 64-bit MSR 0x830 (vlapic_msr.c). */
static int write_icr_low(struct vlapic *vl, uint32_t off, uint32_t val, bool x2apic)
{
	if (x2apic)
		return VLAPIC_GP;
	reg_set(vl, off, val & APIC_ICR_LOW_WMASK);
	vlapic_send_icr(vl, val & APIC_ICR_LOW_WMASK, reg_get(vl, APIC_OFF_ICR_HIGH) >> 24);
	return 0;
}

static int write_icr_high(struct vlapic *vl, uint32_t off, uint32_t val, bool x2apic)
{
	if (x2apic)
		return VLAPIC_GP;
	reg_set(vl, off, val & APIC_ICR_HIGH_XAPIC_WMASK);
	return 0;
}

static int write_timer_icr(struct vlapic *vl, uint32_t off, uint32_t val, bool x2apic)
{
	(void)off, (void)x2apic;
	vlapic_timer_write_icr(vl, val);
	return 0;
}

static int write_timer_dcr(struct vlapic *vl, uint32_t off, uint32_t val, bool x2apic)
{
	(void)off;
	if (x2apic && (val & ~APIC_TIMER_DCR_WMASK))
		return VLAPIC_GP;
	vlapic_timer_write_dcr(vl, val & APIC_TIMER_DCR_WMASK);
	return 0;
}

/* SELF IPI: x2APIC only (reserved in xAPIC mode); vector in bits 7:0, the rest reserved. */
static int write_self_ipi(struct vlapic *vl, uint32_t off, uint32_t val, bool x2apic)
{
	if (!x2apic)
		return write_reserved(vl, off, val, x2apic);
	if (val & ~0xFFu)
		return VLAPIC_GP;
	vlapic_self_ipi(vl, (uint8_t)val);
	return 0;
}

/* Read-only registers: version, PPR, current count, APR, RRD, ISR, TMR and IRR. */
static const uint64_t read_only = R(APIC_OFF_VERSION) | R(APIC_OFF_PPR) | R(APIC_OFF_TIMER_CCR) | R(APIC_OFF_APR) |
	R(APIC_OFF_RRD) | VEC_ARRAYS;

static const reg_write_fn writers[APIC_REGS] = {
	[REG(APIC_OFF_ID)] = write_id_ldr, [REG(APIC_OFF_LDR)] = write_id_ldr, [REG(APIC_OFF_TPR)] = write_tpr,
	[REG(APIC_OFF_EOI)] = write_eoi, [REG(APIC_OFF_DFR)] = write_dfr, [REG(APIC_OFF_SVR)] = write_svr_reg,
	[REG(APIC_OFF_ESR)] = write_esr, [REG(APIC_OFF_ICR_LOW)] = write_icr_low,
	[REG(APIC_OFF_ICR_HIGH)] = write_icr_high, [REG(APIC_OFF_TIMER_ICR)] = write_timer_icr,
	[REG(APIC_OFF_TIMER_DCR)] = write_timer_dcr, [REG(APIC_OFF_SELF_IPI)] = write_self_ipi,
	[REG(APIC_OFF_LVT_CMCI)] = write_lvt, [REG(APIC_OFF_LVT_TIMER)] = write_lvt,
	[REG(APIC_OFF_LVT_THERMAL)] = write_lvt, [REG(APIC_OFF_LVT_PMC)] = write_lvt,
	[REG(APIC_OFF_LVT_LINT0)] = write_lvt, [REG(APIC_OFF_LVT_LINT1)] = write_lvt,
	[REG(APIC_OFF_LVT_ERROR)] = write_lvt,
};

/* The writer of a register: read-only, its own, or (no entry, or not 16-byte aligned) reserved. */
static reg_write_fn writer_of(uint32_t off)
{
	if (in_set(read_only, off))
		return write_read_only;
	reg_write_fn fn = (off & 0xF) == 0 && REG(off) < APIC_REGS ? writers[REG(off)] : NULL;
	return fn ? fn : write_reserved;
}

int vlapic_reg_write(struct vlapic *vl, uint32_t off, uint32_t val, bool x2apic)
{
	return writer_of(off)(vl, off, val, x2apic);
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

/* SPDX-License-Identifier: BSD-3-Clause */
/* Private helpers shared by the vlapic sources. */
#ifndef VLAPIC_PRIV_H
#define VLAPIC_PRIV_H

#include <hvkit/platform.h>
#include <vlapic/vlapic.h>

static inline uint32_t reg_get(const struct vlapic *vl, uint32_t off)
{
	return __atomic_load_n((const uint32_t *)(vl->page + off), __ATOMIC_RELAXED);
}

/* Every software change to the vLAPIC's state ends with this: the change first, then the count, so
 * that a reader who sees the new count also sees the change (vlapic_generation). */
static inline void vlapic_changed(struct vlapic *vl)
{
	__atomic_add_fetch(&vl->gen, 1u, __ATOMIC_RELEASE);
}

static inline void reg_set(struct vlapic *vl, uint32_t off, uint32_t val)
{
	__atomic_store_n((uint32_t *)(vl->page + off), val, __ATOMIC_RELAXED);
	vlapic_changed(vl);
}

/* IRR/ISR/TMR: 256 bits as eight 32-bit words, one per 16 bytes (SDM 11.8.4). */
static inline uint32_t *vec_word(struct vlapic *vl, uint32_t base, uint8_t vector)
{
	return (uint32_t *)(vl->page + base + ((uint32_t)(vector >> 5) << 4));
}

static inline bool vec_test(const struct vlapic *vl, uint32_t base, uint8_t vector)
{
	return (reg_get(vl, base + ((uint32_t)(vector >> 5) << 4)) >> (vector & 31)) & 1u;
}

static inline void vec_set(struct vlapic *vl, uint32_t base, uint8_t vector)
{
	__atomic_fetch_or(vec_word(vl, base, vector), 1u << (vector & 31), __ATOMIC_SEQ_CST);
	vlapic_changed(vl);
}

static inline void vec_clear(struct vlapic *vl, uint32_t base, uint8_t vector)
{
	__atomic_fetch_and(vec_word(vl, base, vector), ~(1u << (vector & 31)), __ATOMIC_SEQ_CST);
	vlapic_changed(vl);
}

/* Highest set vector in word i (vectors 32i..32i+31) of a 256-bit array, or -1. */
static inline int word_highest(uint32_t w, unsigned int i)
{
	return w == 0 ? -1 : (int)(i * 32 + 31 - (unsigned int)__builtin_clz(w));
}

/* Highest set vector of a 256-bit array, or -1. */
static inline int vec_highest(const struct vlapic *vl, uint32_t base)
{
	for (unsigned int i = 8; i-- > 0;) {
		int v = word_highest(reg_get(vl, base + (i << 4)), i);
		if (v >= 0)
			return v;
	}
	return -1;
}

/* SDM 11.8.3.1: PPR = TPR if TPR[7:4] >= ISRV[7:4], else ISRV[7:4] << 4 (isrv: the highest
 * in-service vector, -1 if none). */
static inline uint32_t ppr_of(uint32_t tpr, int isrv)
{
	uint32_t isr_class = isrv < 0 ? 0 : (uint32_t)isrv & 0xF0;
	return (tpr & 0xF0) >= isr_class ? tpr & 0xFF : isr_class;
}

static inline bool lvt_offset_valid(uint32_t off)
{
	return off == APIC_OFF_LVT_CMCI || (off >= APIC_OFF_LVT_TIMER && off <= APIC_OFF_LVT_ERROR &&
					    (off & 0xF) == 0);
}

/* Sets of APIC registers as 64-bit masks, one bit per 16-byte register of the page (offset / 16). */
#define R(off) (1ull << ((off) >> 4))
#define REG_RANGE(first, last) ((R(last) << 1) - R(first)) /* registers first..last */
#define VEC_ARRAYS REG_RANGE(APIC_OFF_ISR0, APIC_OFF_IRR0 + 0x70)          /* ISR, TMR, IRR */
#define LVT_NO_CMCI REG_RANGE(APIC_OFF_LVT_TIMER, APIC_OFF_LVT_ERROR)

static inline bool in_set(uint64_t set, uint32_t off)
{
	return (off & 0xF) == 0 && off < 64u * 16u && ((set >> (off >> 4)) & 1u);
}

/* vlapic_regs.c */
void vlapic_update_ppr(struct vlapic *vl);
uint32_t vlapic_ldr_x2apic(uint32_t x2apic_id);
/* Register write after mode/reserved checks; x2apic tells the access path. Returns 0
 * or VLAPIC_GP. */
int vlapic_reg_write(struct vlapic *vl, uint32_t off, uint32_t val, bool x2apic);
int vlapic_reg_read(struct vlapic *vl, uint32_t off, uint32_t *val, bool x2apic);
void vlapic_reset_regs(struct vlapic *vl);

/* vlapic_core.c */
int vlapic_write_apic_base(struct vlapic *vl, uint64_t val);

/* vlapic_ipi.c */
void vlapic_send_icr(struct vlapic *vl, uint32_t icr_low, uint32_t dest);
void vlapic_self_ipi(struct vlapic *vl, uint8_t vector);

/* vlapic_timer.c */
void vlapic_timer_reset(struct vlapic *vl);
void vlapic_timer_write_lvt(struct vlapic *vl, uint32_t lvt);
void vlapic_timer_write_icr(struct vlapic *vl, uint32_t count);
void vlapic_timer_write_dcr(struct vlapic *vl, uint32_t dcr);
uint32_t vlapic_timer_read_ccr(struct vlapic *vl);
uint64_t vlapic_timer_read_deadline(struct vlapic *vl);
void vlapic_timer_write_deadline(struct vlapic *vl, uint64_t guest_tsc);

/* vlapic_pi.c, or vlapic_pi_none.c where no descriptor can be attached (vl->pi stays NULL, so neither is reached):
 * post vector through pi (SDM 29.6) and notify; move PIR into IRR. */
void vlapic_pi_deliver(struct vlapic *vl, struct vlapic_pi_desc *pi, uint8_t vector);
int vlapic_pi_sync(struct vlapic *vl);

#endif

/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * The APIC timer (SDM 11.5.4): one-shot, periodic and TSC-deadline modes.
 *
 * The timer's input clock is the TSC divided by vm->cfg.tsc_per_bus_tick; the
 * divide configuration divides it further. The counter is never stepped: the
 * current count is computed from the host TSC elapsed since the count started,
 * and expiry is a host-TSC deadline armed through ops->timer_arm.
 */
#include "vlapic_priv.h"

static unsigned int timer_mode(const struct vlapic *vl)
{
	return (vl->timer.lvt & APIC_LVT_TIMER_MODE) >> APIC_LVT_TIMER_MODE_SHIFT;
}

/* SDM Figure 11-10: DCR bits 3,1:0 = 000b..110b divide by 2..128, 111b by 1. */
static uint32_t dcr_divide(uint32_t dcr)
{
	uint32_t v = (dcr & 3u) | ((dcr >> 1) & 4u);
	return v == 7 ? 1 : 2u << v;
}

static uint64_t tsc_per_count(const struct vlapic *vl)
{
	return (uint64_t)vl->timer.divide * vl->vm->cfg.tsc_per_bus_tick;
}

static void disarm(struct vlapic *vl)
{
	if (vl->timer.armed) {
		vl->timer.armed = false;
		vl->ops->timer_cancel(vl);
	}
}

static void arm(struct vlapic *vl, uint64_t deadline)
{
	vl->timer.armed = true;
	vl->timer.deadline = deadline;
	vl->ops->timer_arm(vl, deadline);
}

static void raise_timer(struct vlapic *vl)
{
	vlapic_raise_lvt(vl, APIC_OFF_LVT_TIMER);
}

void vlapic_timer_reset(struct vlapic *vl)
{
	disarm(vl);
	vl->timer.lvt = APIC_LVT_MASKED;
	vl->timer.start = 0;
	vl->timer.deadline = 0;
	vl->timer.period = 0;
	vl->timer.tsc_deadline = 0;
	vl->timer.divide = dcr_divide(0);
}

void vlapic_timer_write_lvt(struct vlapic *vl, uint32_t lvt)
{
	unsigned int old = timer_mode(vl);
	vl->timer.lvt = lvt;
	unsigned int mode = timer_mode(vl);
	/* SDM 11.5.4.1: a transition to or from TSC-deadline mode disarms the timer. */
	if (old != mode && (old == APIC_TIMER_TSC_DEADLINE || mode == APIC_TIMER_TSC_DEADLINE)) {
		disarm(vl);
		vl->timer.tsc_deadline = 0;
	}
}

/*
 * A periodic timer fires at most once per cfg.min_period_tsc (0: no floor). A real APIC has no
 * floor, but an emulated one must: a guest that programs a period of one bus tick would otherwise
 * keep its vCPU exiting for the timer forever, making no progress (KVM's floor is 200 us).
 */
static uint64_t periodic_floor(const struct vlapic *vl, uint64_t period)
{
	uint64_t floor = vl->vm->cfg.min_period_tsc;
	return period < floor ? floor : period;
}

static void start_count(struct vlapic *vl, uint32_t count, uint64_t now)
{
	vl->timer.period = (uint64_t)count * tsc_per_count(vl);
	if (timer_mode(vl) == APIC_TIMER_PERIODIC)
		vl->timer.period = periodic_floor(vl, vl->timer.period);
	vl->timer.start = now;
	arm(vl, now + vl->timer.period);
}

void vlapic_timer_write_icr(struct vlapic *vl, uint32_t count)
{
	/* SDM 11.5.4.1: in TSC-deadline mode writes to the initial count are ignored. */
	if (timer_mode(vl) == APIC_TIMER_TSC_DEADLINE)
		return;
	reg_set(vl, APIC_OFF_TIMER_ICR, count);
	disarm(vl);
	/* SDM 11.5.4: writing the initial count starts the count; 0 stops the timer. */
	if (count != 0)
		start_count(vl, count, plat_tsc());
}

uint32_t vlapic_timer_read_ccr(struct vlapic *vl)
{
	/* SDM 11.5.4.1: the current count reads 0 in TSC-deadline mode; a stopped or
	 * expired one-shot count reads 0. */
	if (timer_mode(vl) == APIC_TIMER_TSC_DEADLINE || !vl->timer.armed)
		return 0;
	uint32_t initial = reg_get(vl, APIC_OFF_TIMER_ICR);
	uint64_t ticks = (plat_tsc() - vl->timer.start) / tsc_per_count(vl);
	if (timer_mode(vl) == APIC_TIMER_PERIODIC)
		return initial - (uint32_t)(ticks % initial);
	return ticks >= initial ? 0 : initial - (uint32_t)ticks;
}

void vlapic_timer_write_dcr(struct vlapic *vl, uint32_t dcr)
{
	uint32_t remaining = vlapic_timer_read_ccr(vl);
	uint32_t initial = reg_get(vl, APIC_OFF_TIMER_ICR);
	reg_set(vl, APIC_OFF_TIMER_DCR, dcr);
	vl->timer.divide = dcr_divide(dcr);
	if (!vl->timer.armed || timer_mode(vl) == APIC_TIMER_TSC_DEADLINE || remaining == 0)
		return;
	/* The counts already elapsed stand; the rest run at the new rate. */
	uint64_t now = plat_tsc(), tpc = tsc_per_count(vl);
	vl->timer.period = (uint64_t)initial * tpc;
	vl->timer.start = now - (uint64_t)(initial - remaining) * tpc;
	arm(vl, now + (uint64_t)remaining * tpc);
}

uint64_t vlapic_timer_read_deadline(struct vlapic *vl)
{
	/* SDM 11.5.4.1: IA32_TSC_DEADLINE reads 0 outside TSC-deadline mode. */
	return timer_mode(vl) == APIC_TIMER_TSC_DEADLINE ? vl->timer.tsc_deadline : 0;
}

void vlapic_timer_write_deadline(struct vlapic *vl, uint64_t guest_tsc)
{
	/* SDM 11.5.4.1: writes are ignored outside TSC-deadline mode; 0 disarms. */
	if (timer_mode(vl) != APIC_TIMER_TSC_DEADLINE)
		return;
	disarm(vl);
	vl->timer.tsc_deadline = guest_tsc;
	if (guest_tsc == 0)
		return;
	uint64_t host = guest_tsc - vl->tsc_offset, now = plat_tsc();
	if ((int64_t)(host - now) <= 0) {
		/* A deadline already passed fires at once and reads back as 0. */
		vl->timer.tsc_deadline = 0;
		raise_timer(vl);
		return;
	}
	arm(vl, host);
}

int vlapic_timer_expired(struct vlapic *vl)
{
	if (!vl->timer.armed)
		return -HV_ENOENT;
	uint64_t now = plat_tsc();
	if ((int64_t)(now - vl->timer.deadline) < 0) {
		vl->ops->timer_arm(vl, vl->timer.deadline);
		return -HV_EBUSY;
	}
	switch (timer_mode(vl)) {
	case APIC_TIMER_PERIODIC: {
		/* Re-arm on the period grid; periods the host missed are not replayed. */
		uint64_t period = periodic_floor(vl, vl->timer.period);
		vl->timer.period = period;
		uint64_t missed = (now - vl->timer.deadline) / period;
		uint64_t next = vl->timer.deadline + (missed + 1) * period;
		vl->timer.start = next - period;
		arm(vl, next);
		break;
	}
	case APIC_TIMER_TSC_DEADLINE:
		vl->timer.armed = false;
		vl->timer.tsc_deadline = 0;
		break;
	default:
		vl->timer.armed = false;
		break;
	}
	raise_timer(vl);
	return 0;
}

uint64_t vlapic_timer_hz(const struct vlapic *vl)
{
	return plat_tsc_hz() / vl->vm->cfg.tsc_per_bus_tick;
}

void vlapic_set_tsc_offset(struct vlapic *vl, uint64_t tsc_offset)
{
	vl->tsc_offset = tsc_offset;
	if (timer_mode(vl) == APIC_TIMER_TSC_DEADLINE && vl->timer.tsc_deadline != 0)
		vlapic_timer_write_deadline(vl, vl->timer.tsc_deadline);
}

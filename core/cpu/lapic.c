/* SPDX-License-Identifier: BSD-3-Clause */
/* Host LAPIC driver over the register access its image links (lapic_regs.h). */
#include <core/console.h>
#include <core/lapic.h>
#include <core/tsc.h>
#include <core/x86.h>

#include "lapic_regs.h"

static bool use_tsc_deadline;
static uint64_t timer_ticks_per_tsc_shift16; /* LAPIC timer ticks per TSC tick, 16.16 fixed point */
static uint64_t timer_rate_hz;               /* LAPIC timer ticks per second at divide by 1 */

/* The LVT registers, in the order the version register's Max LVT Entry counts them in practice:
 * timer, LINT0, LINT1, error always; performance counters from 4, thermal sensor from 5, CMCI from 6
 * (SDM Vol. 3A 11.4.8, 11.5.1). Reading or writing one the CPU lacks faults in x2APIC mode. */
static const unsigned int lvt_regs[] = {
	REG_LVT_TIMER, REG_LVT_LINT0, REG_LVT_LINT1, REG_LVT_ERROR, REG_LVT_PERF, REG_LVT_THERMAL, REG_LVT_CMCI,
};
static const char *const lvt_names[] = { "timer", "LINT0", "LINT1", "error", "performance", "thermal", "CMCI" };

static unsigned int lapic_lvt_count(void)
{
	unsigned int max = (lapic_read(REG_VERSION) >> 16) & 0xff; /* Max LVT Entry: entries - 1 */
	unsigned int n = max + 1 < 4 ? 4 : max + 1;
	return n > 7 ? 7 : n;
}

void lapic_mask_lvts(void)
{
	for (unsigned int i = 0; i < lapic_lvt_count(); i++)
		lapic_write(lvt_regs[i], APIC_LVT_MASKED);
}

const char *lapic_unmasked_lvt(void)
{
	for (unsigned int i = 0; i < lapic_lvt_count(); i++)
		if (!(lapic_read(lvt_regs[i]) & APIC_LVT_MASKED))
			return lvt_names[i];
	return NULL;
}

void lapic_init(void)
{
	uint32_t a, b, c, d;
	cpuid(1, 0, &a, &b, &c, &d);
	lapic_enable(c);
	use_tsc_deadline = (c & CPUID_1_ECX_TSC_DEADLINE) != 0;
	lapic_write(REG_TPR, 0);
	lapic_mask_lvts(); /* the timer's own is set by lapic_timer_init */
	lapic_write(REG_ESR, 0);
	lapic_write(REG_ESR, 0);
	lapic_write(REG_SVR, 0x100 | 0xff); /* software enable, spurious vector 0xff */
}

void lapic_eoi(void)
{
	lapic_write(REG_EOI, 0);
}

void lapic_timer_init(uint8_t vector)
{
	/*
	 * Calibrate the timer's count rate (divide by 1) against the TSC over about 10 ms, also where
	 * TSC-deadline mode makes the count unused here: a guest that owns this LAPIC (lapic_pt) is
	 * told its rate in CPUID 15H. Each end reads the count and the TSC back to back.
	 */
	lapic_write(REG_TIMER_DIV, 0xb);
	lapic_write(REG_LVT_TIMER, vector | (1u << 16));
	lapic_write(REG_TIMER_INIT, 0xffffffffu);
	uint64_t t0 = rdtsc();
	tsc_delay_us(10000);
	uint32_t elapsed = 0xffffffffu - lapic_read(REG_TIMER_CUR);
	uint64_t tsc_elapsed = rdtsc() - t0;
	lapic_write(REG_TIMER_INIT, 0);
	timer_ticks_per_tsc_shift16 = ((uint64_t)elapsed << 16) / (tsc_elapsed ? tsc_elapsed : 1);
	if (timer_rate_hz == 0) /* the boot CPU's; the others are taken to be alike */
		timer_rate_hz = (uint64_t)elapsed * tsc_hz() / (tsc_elapsed ? tsc_elapsed : 1);
	if (use_tsc_deadline)
		lapic_write(REG_LVT_TIMER, vector | (2u << 17)); /* TSC-deadline mode */
	else
		lapic_write(REG_LVT_TIMER, vector);
}

uint64_t lapic_timer_hz(void)
{
	return timer_rate_hz;
}

void lapic_timer_arm_tsc(uint64_t deadline)
{
	if (use_tsc_deadline) {
		wrmsr(IA32_TSC_DEADLINE, deadline);
		return;
	}
	uint64_t now = rdtsc();
	uint64_t delta = deadline > now ? deadline - now : 1;
	uint64_t count = (delta * timer_ticks_per_tsc_shift16) >> 16;
	lapic_write(REG_TIMER_INIT, count ? (count > 0xffffffffu ? 0xffffffffu : (uint32_t)count) : 1);
}

const char *lapic_timer_mode(void)
{
	return use_tsc_deadline ? "tsc-deadline" : "one-shot";
}

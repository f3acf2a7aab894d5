/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * apic_timer: the local APIC timer as a guest OS uses it, through x2APIC MSRs (`mode=x2apic`, default) or the
 * xAPIC page at 0xFEE00000 (`mode=xapic`). Timer interrupts come in on vector 0x40 to this guest's own IDT
 * handler, which stamps the TSC, counts, and EOIs to the local APIC. Checks, in order:
 *   1. divide configuration register reads back what was written (÷16, ÷4, ÷1);
 *   2. current count decreases: masked one-shot from 0xFFFFFFFF at ÷16, three reads of the current-count
 *      register 100000 TSC ticks apart are strictly decreasing (this also gives a rough timer rate);
 *   3. calibration: the rate of the timer relative to the TSC is not architectural, so it is measured with two
 *      one-shots of C and 2C counts at ÷16 (each timed from the initial-count write to the handler, the
 *      shortest of 3 runs of each, since delivery delay only ever adds); their
 *      difference cancels the constant delivery cost: rate = (T(2C) - T(C)) / (16 C) TSC ticks per timer
 *      input clock (printed in 1/65536ths). The rough and the calibrated rate must agree within 5 %; each
 *      one-shot fires exactly once, never before its count has elapsed, and leaves the current count at 0;
 *   4. periodic at ÷4 (a different divider than the calibration: a divider that is ignored shows up as a 4x
 *      error): 12 interrupts, the 11 intervals between handler entries are compared with count * 4 * rate.
 *      Tolerances: the mean interval within 2 % (it spans 11 periods, so a delivery-latency spread of even
 *      20 % of one period moves it by < 2 %; a timer that drifts because it is re-armed from the time of
 *      injection rather than from its own expiry shows up here, as does a wrong divider or rate); every
 *      single interval within 50-150 % (an interval outside that means a lost or doubled period, whatever the
 *      latency jitter); then writing initial count 0 stops it: nothing more in 3 periods;
 *   5. masked: a one-shot with the LVT mask bit set counts down to 0 and delivers nothing (5 x its time);
 *   6. TSC-deadline (only if CPUID.1:ECX[24]): fires at or after the deadline and within half the armed
 *      interval of it, clears IA32_TSC_DEADLINE to 0; writing 0 disarms; a deadline in the past fires at once;
 *      the current-count register reads 0 in this mode.
 * BENCH timer_period_ticks: the mean measured periodic interval in TSC ticks (and timer_rate_fp16: TSC ticks
 * per timer input clock x 65536, timer_oneshot_overhead_ticks: delivery cost T(C) - C*16*rate).
 * Command line: mode=x2apic|xapic, period=<TSC ticks> (periodic target, 200000), cpus=N (informational),
 * quirks=bochs (native Bochs runs: its IA32_TSC_DEADLINE is not cleared on firing, reported as a NOTE).
 */
#include "../apiclib/apiclib.h"

const char guest_name[] = "apic_timer";

#define TIMER_VEC 0x40u
#define MAX_STAMPS 64u
#define FP 16

static volatile uint32_t tcount;
static volatile uint64_t tstamp[MAX_STAMPS];

static void timer_irq(struct trap_frame *f)
{
	(void)f;
	uint64_t t = rdtsc();
	uint32_t n = tcount;
	if (n < MAX_STAMPS)
		tstamp[n] = t;
	tcount = n + 1;
	lapic_eoi();
}

/* DCR encodings (SDM Vol. 3A 10.5.4): bits 3,1,0. */
static uint32_t dcr_code(unsigned div)
{
	switch (div) {
	case 1: return 0xB;
	case 2: return 0x0;
	case 4: return 0x1;
	case 8: return 0x2;
	case 16: return 0x3;
	case 32: return 0x8;
	case 64: return 0x9;
	default: return 0xA; /* 128 */
	}
}

static void timer_stop(void)
{
	lapic_write(LAPIC_LVT_TIMER, LAPIC_LVT_MASKED | TIMER_VEC);
	lapic_write(LAPIC_TIMER_ICR, 0);
}

/* Interrupts stay enabled while waiting; returns the final count. */
static uint32_t wait_ticks(uint64_t ticks)
{
	uint64_t t0 = rdtsc();
	while (rdtsc() - t0 < ticks)
		irq_window();
	return tcount;
}

/* Counts of the timer (at `div`) that take about `ticks` TSC ticks at rate_fp. */
static uint32_t counts_for(uint64_t ticks, unsigned div, uint64_t rate_fp)
{
	uint64_t c = (ticks << FP) / (rate_fp * div);
	if (c < 16)
		c = 16;
	if (c > 0xFFFFFFFFull)
		c = 0xFFFFFFFFull;
	return (uint32_t)c;
}

static uint64_t ticks_for(uint64_t count, unsigned div, uint64_t rate_fp)
{
	return (count * div * rate_fp) >> FP;
}

/* One-shot of `count` at `div`; ticks from the initial-count write to the handler, or 0 if none came. */
static uint64_t one_shot(uint32_t count, unsigned div, uint64_t timeout, uint32_t *fired_after)
{
	tcount = 0;
	lapic_write(LAPIC_TIMER_DCR, dcr_code(div));
	lapic_write(LAPIC_LVT_TIMER, LAPIC_TIMER_ONESHOT | TIMER_VEC);
	uint64_t t0 = rdtsc();
	lapic_write(LAPIC_TIMER_ICR, count);
	wait_count(&tcount, 1, timeout);
	uint64_t dt = tcount ? tstamp[0] - t0 : 0;
	/* a one-shot fires once: give it 3x as long again to misbehave */
	wait_ticks(3 * (dt ? dt : timeout / 4));
	*fired_after = tcount;
	return dt;
}

static bool test_dcr(void)
{
	bool ok = true;
	static const unsigned divs[] = { 16, 4, 1, 128 };
	for (unsigned i = 0; i < sizeof(divs) / sizeof(divs[0]); i++) {
		lapic_write(LAPIC_TIMER_DCR, dcr_code(divs[i]));
		uint32_t got = lapic_read(LAPIC_TIMER_DCR) & 0xB;
		if (got != dcr_code(divs[i])) {
			fail("divide configuration reads back", "expected 0x%x (div %u), got 0x%x", dcr_code(divs[i]),
			     divs[i], got);
			ok = false;
		}
	}
	if (ok)
		pass("divide configuration reads back (div 16, 4, 1, 128)");
	return ok;
}

/* Step 2: returns a rough rate (TSC ticks per timer input clock, 16.16), 0 when the timer does not count. */
static uint64_t test_current_count(void)
{
	timer_stop();
	lapic_write(LAPIC_TIMER_DCR, dcr_code(16));
	lapic_write(LAPIC_LVT_TIMER, LAPIC_LVT_MASKED | LAPIC_TIMER_ONESHOT | TIMER_VEC);
	lapic_write(LAPIC_TIMER_ICR, 0xFFFFFFFFu);
	uint64_t t1 = rdtsc();
	uint32_t c1 = lapic_read(LAPIC_TIMER_CCR);
	tsc_delay(100000);
	uint32_t c2 = lapic_read(LAPIC_TIMER_CCR);
	tsc_delay(100000);
	uint64_t t3 = rdtsc();
	uint32_t c3 = lapic_read(LAPIC_TIMER_CCR);
	timer_stop();
	char got[96];
	gsnprintf(got, sizeof(got), "0x%x, 0x%x, 0x%x", c1, c2, c3);
	if (!check_true("current count decreases", c1 > c2 && c2 > c3 && c3 > 0, "three decreasing values", got))
		return 0;
	uint64_t rate = ((t3 - t1) << FP) / ((uint64_t)(c1 - c3) * 16u);
	gprintf("apic_timer: rough rate %llu/65536 TSC ticks per timer clock (%u counts at div 16 in %llu ticks)\n",
		(unsigned long long)rate, c1 - c3, (unsigned long long)(t3 - t1));
	return rate ? rate : 1;
}

/* Step 3: the calibrated rate (16.16), 0 on failure. */
static uint64_t calibrate(uint64_t rough)
{
	uint32_t c = counts_for(400000, 16, rough);
	uint64_t timeout = 20 * ticks_for(2ull * c, 16, rough) + 1000000;
	/* the shortest of 3 of each: delivery delay only ever adds, so the minimum is the least disturbed */
	uint32_t n1 = 0, n2 = 0, ccr_after = 0;
	uint64_t t1 = ~0ull, t2 = ~0ull;
	for (int i = 0; i < 3; i++) {
		uint32_t k;
		uint64_t t = one_shot(c, 16, timeout, &k);
		if (!i)
			ccr_after = lapic_read(LAPIC_TIMER_CCR);
		t1 = t < t1 ? t : t1;
		n1 = k > n1 ? k : n1;
		t = one_shot(2 * c, 16, timeout, &k);
		t2 = t < t2 ? t : t2;
		n2 = k > n2 ? k : n2;
	}
	timer_stop();
	if (!t1 || !t2) {
		fail("one-shot fires", "expected an interrupt within %llu ticks, got none (count %u%s)",
		     (unsigned long long)timeout, t1 ? 2 * c : c, t1 ? ", the second one-shot" : "");
		return 0;
	}
	pass("one-shot fires");
	check_dec("one-shot fires exactly once", 1, n1 > n2 ? n1 : n2);
	check_hex("one-shot leaves current count 0", 0, ccr_after);
	if (t2 <= t1) {
		fail("calibration", "expected T(2C) > T(C), got %llu <= %llu", (unsigned long long)t2,
		     (unsigned long long)t1);
		return 0;
	}
	uint64_t rate = ((t2 - t1) << FP) / ((uint64_t)c * 16u);
	gprintf("apic_timer: calibrated: T(%u) = %llu, T(%u) = %llu ticks at div 16: rate %llu/65536\n", c,
		(unsigned long long)t1, 2 * c, (unsigned long long)t2, (unsigned long long)rate);
	char got[96];
	uint64_t diff = rate > rough ? rate - rough : rough - rate;
	gsnprintf(got, sizeof(got), "rough %llu, calibrated %llu (/65536)", (unsigned long long)rough,
		  (unsigned long long)rate);
	check_true("calibrated rate matches the current-count rate within 5%", diff * 20 <= rate, "within 5%", got);
	/* never early: T(C) must cover C*16 timer clocks; the constant excess is the delivery cost */
	uint64_t nominal = ticks_for(c, 16, rate);
	gsnprintf(got, sizeof(got), "%llu ticks for %llu nominal", (unsigned long long)t1,
		  (unsigned long long)nominal);
	check_true("one-shot not early", t1 + nominal / 100 >= nominal, ">= nominal - 1%", got);
	bench("timer_rate_fp16", rate);
	bench("timer_oneshot_overhead_ticks", t1 > nominal ? t1 - nominal : 0);
	return rate;
}

static void test_periodic(uint64_t rate, uint64_t target)
{
	enum { N = 12 };
	const unsigned div = 4;
	uint32_t count = counts_for(target, div, rate);
	uint64_t expect = ticks_for(count, div, rate);
	uint64_t timeout = (N + 4) * expect * 3 + 1000000;

	tcount = 0;
	lapic_write(LAPIC_TIMER_DCR, dcr_code(div));
	lapic_write(LAPIC_LVT_TIMER, LAPIC_TIMER_PERIODIC | TIMER_VEC);
	uint64_t t0 = rdtsc();
	lapic_write(LAPIC_TIMER_ICR, count);
	wait_count(&tcount, N / 2, timeout);
	uint32_t ccr_mid = lapic_read(LAPIC_TIMER_CCR); /* reloads: always within (0, count] */
	uint32_t got_n = wait_count(&tcount, N, timeout);
	lapic_write(LAPIC_TIMER_ICR, 0); /* stops the timer */
	uint32_t at_stop = tcount;
	wait_ticks(3 * expect);
	uint32_t after_stop = tcount;
	timer_stop();

	if (got_n < N) {
		fail("periodic interrupts", "expected %u within %llu ticks, got %u", N, (unsigned long long)timeout,
		     got_n);
		return;
	}
	pass("periodic interrupts (%u)", N);
	char got[128];
	gsnprintf(got, sizeof(got), "%u (count %u)", ccr_mid, count);
	check_true("periodic current count within (0, initial]", ccr_mid > 0 && ccr_mid <= count, "in (0, initial]",
		   got);

	uint64_t min = ~0ull, max = 0;
	for (unsigned i = 1; i < N; i++) {
		uint64_t d = tstamp[i] - tstamp[i - 1];
		if (d < min)
			min = d;
		if (d > max)
			max = d;
	}
	uint64_t mean = (tstamp[N - 1] - tstamp[0]) / (N - 1);
	gprintf("apic_timer: periodic count %u div %u: expected %llu ticks, mean %llu, min %llu, max %llu, first %llu\n",
		count, div, (unsigned long long)expect, (unsigned long long)mean, (unsigned long long)min,
		(unsigned long long)max, (unsigned long long)(tstamp[0] - t0));
	uint64_t dev = mean > expect ? mean - expect : expect - mean;
	gsnprintf(got, sizeof(got), "mean %llu ticks for %llu expected", (unsigned long long)mean,
		  (unsigned long long)expect);
	check_true("periodic mean interval within 2% of count*div*rate", dev * 50 <= expect, "within 2%", got);
	gsnprintf(got, sizeof(got), "min %llu, max %llu for %llu", (unsigned long long)min, (unsigned long long)max,
		  (unsigned long long)expect);
	check_true("every periodic interval within 50-150%", min * 2 >= expect && max * 2 <= expect * 3,
		   "each in [50%, 150%]", got);
	gsnprintf(got, sizeof(got), "%u more", after_stop - at_stop);
	check_true("initial count 0 stops the periodic timer", after_stop == at_stop, "no interrupt in 3 periods",
		   got);
	bench("timer_period_ticks", mean);
}

static void test_masked(uint64_t rate)
{
	uint32_t count = counts_for(100000, 16, rate);
	uint64_t span = ticks_for(count, 16, rate);
	tcount = 0;
	lapic_write(LAPIC_TIMER_DCR, dcr_code(16));
	lapic_write(LAPIC_LVT_TIMER, LAPIC_LVT_MASKED | LAPIC_TIMER_ONESHOT | TIMER_VEC);
	lapic_write(LAPIC_TIMER_ICR, count);
	uint32_t n = wait_ticks(5 * span + 100000);
	uint32_t ccr = lapic_read(LAPIC_TIMER_CCR);
	timer_stop();
	check_dec("masked one-shot delivers nothing", 0, n);
	check_hex("masked one-shot still counts down to 0", 0, ccr);
	/* unmasking after the expiry must not deliver a stale interrupt either */
	lapic_write(LAPIC_LVT_TIMER, LAPIC_TIMER_ONESHOT | TIMER_VEC);
	n = wait_ticks(span);
	timer_stop();
	check_dec("unmasking an expired one-shot delivers nothing", 0, n);
}

static void test_tsc_deadline(void)
{
	if (!(cpuid(1, 0).ecx & (1u << 24))) {
		gprintf("apic_timer: TSC-deadline mode not offered (cpuid.1:ecx[24] clear): not tested\n");
		return;
	}
	pass("tsc-deadline offered");
	const uint64_t delta = 200000;
	char got[128];

	tcount = 0;
	lapic_write(LAPIC_LVT_TIMER, LAPIC_TIMER_TSC_DEADLINE | TIMER_VEC);
	__asm__ __volatile__("mfence" ::: "memory"); /* SDM 10.5.4.1: order the LVT write before the WRMSR */
	lapic_write(LAPIC_TIMER_ICR, 12345);         /* ignored in TSC-deadline mode */
	uint64_t deadline = rdtsc() + delta;
	wrmsr(MSR_IA32_TSC_DEADLINE, deadline);
	uint32_t ccr = lapic_read(LAPIC_TIMER_CCR);
	wait_count(&tcount, 1, 50 * delta);
	uint64_t msr_after = rdmsr(MSR_IA32_TSC_DEADLINE);
	uint32_t n = wait_ticks(2 * delta);
	if (!n) {
		fail("tsc-deadline fires", "expected an interrupt within %llu ticks, got none",
		     (unsigned long long)(50 * delta));
		wrmsr(MSR_IA32_TSC_DEADLINE, 0);
		timer_stop();
		return;
	}
	pass("tsc-deadline fires");
	check_dec("tsc-deadline fires once", 1, n);
	uint64_t at = tstamp[0];
	gsnprintf(got, sizeof(got), "handler at deadline %s %llu ticks", at >= deadline ? "+" : "-",
		  (unsigned long long)(at >= deadline ? at - deadline : deadline - at));
	check_true("tsc-deadline not early", at >= deadline, "handler TSC >= deadline", got);
	check_true("tsc-deadline on time", at < deadline + delta / 2, "within delta/2 after the deadline", got);
	gsnprintf(got, sizeof(got), "0x%llx", (unsigned long long)msr_after);
	sdm_check("tsc-deadline msr reads 0 after firing", msr_after == 0, "0x0", got);
	check_hex("current count reads 0 in tsc-deadline mode", 0, ccr);
	bench("tsc_deadline_late_ticks", at >= deadline ? at - deadline : 0);

	tcount = 0;
	wrmsr(MSR_IA32_TSC_DEADLINE, rdtsc() + delta);
	wrmsr(MSR_IA32_TSC_DEADLINE, 0);
	n = wait_ticks(3 * delta);
	check_dec("tsc-deadline write 0 disarms", 0, n);

	tcount = 0;
	uint64_t t0 = rdtsc();
	wrmsr(MSR_IA32_TSC_DEADLINE, t0 - 1);
	n = wait_count(&tcount, 1, 50 * delta);
	gsnprintf(got, sizeof(got), "%u interrupts, %llu ticks", n, (unsigned long long)(n ? tstamp[0] - t0 : 0));
	check_true("tsc-deadline in the past fires at once", n == 1 && tstamp[0] - t0 < delta / 2,
		   "1 interrupt within delta/2", got);
	wrmsr(MSR_IA32_TSC_DEADLINE, 0);
	timer_stop();
}

void guest_main(void)
{
	uint64_t cpus = cmdline_uint_or("cpus", 1);
	uint64_t period = cmdline_uint_or("period", 200000);
	gprintf("apic_timer: cmdline \"%s\" (cpus=%llu: the test runs on the boot CPU)\n", guest_cmdline(),
		(unsigned long long)cpus);
	irq_idt_load();
	irq_set_handler(TIMER_VEC, timer_irq);
	if (!lapic_init_mode())
		return;

	test_dcr();
	uint64_t rough = test_current_count();
	if (!rough)
		return;
	uint64_t rate = calibrate(rough);
	if (!rate)
		return;
	test_periodic(rate, period);
	test_masked(rate);
	test_tsc_deadline();
	check_dec("no stray interrupts", 0, irq_stray_count);
}

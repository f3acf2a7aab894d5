/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * latency: timer-interrupt latency and timer-interrupt throughput of a vCPU, local APIC in x2APIC
 * (`mode=x2apic`, default) or xAPIC (`mode=xapic`) mode. Three jobs, chosen on the command line:
 *
 * 1. default - latency: arm the LAPIC timer for a deadline D (TSC-deadline mode if CPUID.1:ECX[24], else a
 *    one-shot whose count is converted from TSC ticks with a measured rate; `timer=oneshot` forces that), wait
 *    (`wait=hlt`, default, or `wait=spin`), and take the interrupt on a gate whose FIRST instruction is RDTSC
 *    (apiclib/irq.S lat_entry): latency = that TSC - D. `samples=N` (1000) runs, each `delta=T` (50000) TSC ticks
 *    ahead. Checks: every interrupt came, none before its deadline (TSC-deadline only: a one-shot's D is an
 *    estimate). BENCH latency_ticks (median), latency_ticks_max, latency_ticks_min.
 * 2. `periodic=1 count=N` (10000): N interrupts of the periodic LAPIC timer at `period=T` TSC ticks (20000),
 *    halting in between. Checks all came. BENCH timer_irqs: N, timer_irqs_ticks: TSC ticks they took,
 *    timer_irq_interval_ticks: the mean interval.
 * 3. `rate=R seconds=S` (e.g. rate=1000 seconds=5): the periodic timer at R Hz for S seconds of TSC time
 *    (TSC Hz from `tsc_khz=`, else PIT channel 2, else CPUID 0x15/0x16), halting in between; prints how many
 *    interrupts it took (BENCH timer_irqs_rate), for counting VM exits per timer interrupt. Checks the count is
 *    R*S within 1 % (+-2): a vLAPIC that loses or adds periodic ticks shows here.
 * Other options: cpus=N (informational; everything runs on the boot CPU); for job 1, `delay=T` waits T TSC
 * ticks before the first sample (hybrid mode: so that the shared side is loaded by then), `exits=1` counts
 * the VM exits of the samples' span (BENCH exits_during_run), `hist=1` prints the samples as a histogram
 * (BENCH latency_hist_le_<N>: samples <= N and above the bucket below; buckets 0, 1, 3, 7, ... 2^k-1), and
 * BENCH run_start_tsc / run_end_tsc frame the span; BENCH latency_ticks_p99 is the 99th percentile.
 */
#include "../apiclib/apiclib.h"

const char guest_name[] = "latency";

#define LAT_VEC 0x41u
#define TICK_VEC 0x42u
#define FP 16
#define MAX_SAMPLES 4096u

static volatile uint32_t lat_done;
static volatile uint32_t ticks;
static uint64_t samples[MAX_SAMPLES];

static void lat_irq(struct trap_frame *f)
{
	(void)f;
	lat_done = 1;
	lapic_eoi();
}

static void tick_irq(struct trap_frame *f)
{
	(void)f;
	ticks++;
	lapic_eoi();
}

/* TSC ticks per LAPIC timer input clock (16.16), from the current-count register over ~1M ticks at ÷1. */
static uint64_t timer_rate(void)
{
	lapic_write(LAPIC_LVT_TIMER, LAPIC_LVT_MASKED | LAPIC_TIMER_ONESHOT | TICK_VEC);
	lapic_write(LAPIC_TIMER_DCR, 0xB); /* ÷1 */
	lapic_write(LAPIC_TIMER_ICR, 0xFFFFFFFFu);
	uint64_t t0 = rdtsc();
	uint32_t c0 = lapic_read(LAPIC_TIMER_CCR);
	tsc_delay(1000000);
	uint64_t t1 = rdtsc();
	uint32_t c1 = lapic_read(LAPIC_TIMER_CCR);
	lapic_write(LAPIC_TIMER_ICR, 0);
	if (c1 >= c0)
		return 0;
	return ((t1 - t0) << FP) / (c0 - c1);
}

static uint32_t counts_for(uint64_t tsc_ticks, uint64_t rate)
{
	uint64_t c = (tsc_ticks << FP) / rate;
	return c < 1 ? 1 : c > 0xFFFFFFFFull ? 0xFFFFFFFFu : (uint32_t)c;
}

/* Wait for lat_done with interrupts open only inside this asm (lat_entry's RDTSC clobbers RAX and RDX). */
static void wait_lat(bool spin)
{
	if (spin)
		__asm__ __volatile__("sti\n"
				     "1: cmpl $0, %0\n"
				     "je 1b\n"
				     "cli"
				     : : "m"(lat_done) : "rax", "rdx", "memory", "cc");
	else
		__asm__ __volatile__("1: sti\n"
				     "hlt\n"
				     "cli\n"
				     "cmpl $0, %0\n"
				     "je 1b"
				     : : "m"(lat_done) : "rax", "rdx", "memory", "cc");
}

static void exits_mark_start(void);
static uint64_t vm_exit_count(void);
static uint64_t exits_before;

/* Power-of-two buckets: 0, 1, 2-3, 4-7, ...; only buckets that hold samples are printed. */
static void print_histogram(const uint64_t *v, unsigned int n)
{
	unsigned int i = 0;
	for (uint64_t hi = 0; i < n; hi = hi * 2 + 1) {
		uint64_t count = 0;
		while (i < n && v[i] <= hi) {
			count++;
			i++;
		}
		if (count) {
			char name[40];
			gsnprintf(name, sizeof(name), "latency_hist_le_%llu", (unsigned long long)hi);
			bench(name, count);
		}
	}
}

static void run_latency(bool use_deadline, uint64_t rate)
{
	uint64_t n = cmdline_uint_or("samples", 1000);
	uint64_t delta = cmdline_uint_or("delta", 50000);
	char w[8] = "hlt";
	cmdline_word("wait", w, sizeof(w));
	bool spin = memcmp(w, "spin", 5) == 0;
	if (n > MAX_SAMPLES)
		n = MAX_SAMPLES;
	if (n == 0)
		n = 1;
	gprintf("latency: %llu samples, deadline %llu ticks ahead, %s timer, waiting with %s\n",
		(unsigned long long)n, (unsigned long long)delta, use_deadline ? "tsc-deadline" : "one-shot",
		spin ? "a spin loop" : "hlt");

	irq_set_raw_gate(LAT_VEC, lat_entry);
	lat_handler = lat_irq;
	if (use_deadline) {
		lapic_write(LAPIC_LVT_TIMER, LAPIC_TIMER_TSC_DEADLINE | LAT_VEC);
		__asm__ __volatile__("mfence" ::: "memory");
	} else {
		lapic_write(LAPIC_TIMER_DCR, 0xB);
		lapic_write(LAPIC_LVT_TIMER, LAPIC_TIMER_ONESHOT | LAT_VEC);
	}
	uint32_t count = use_deadline ? 0 : counts_for(delta, rate);
	uint64_t oneshot_ticks = use_deadline ? 0 : ((uint64_t)count * rate) >> FP;

	unsigned early = 0, got = 0;
	uint64_t worst_early = 0;
	uint64_t delay = cmdline_uint_or("delay", 0);
	if (delay) {
		gprintf("latency: waiting %llu TSC ticks before the first sample\n", (unsigned long long)delay);
		tsc_delay(delay);
	}
	exits_mark_start();
	uint64_t run_start = rdtsc();
	for (unsigned i = 0; i < n; i++) {
		lat_done = 0;
		uint64_t d;
		if (use_deadline) {
			d = rdtsc() + delta;
			wrmsr(MSR_IA32_TSC_DEADLINE, d);
		} else {
			d = rdtsc();
			lapic_write(LAPIC_TIMER_ICR, count);
			d += oneshot_ticks;
		}
		wait_lat(spin);
		uint64_t t = lat_entry_tsc;
		if (t < d) {
			early++;
			if (d - t > worst_early)
				worst_early = d - t;
			samples[got++] = 0;
		} else {
			samples[got++] = t - d;
		}
	}
	uint64_t run_end = rdtsc();
	/* The second VMCALL is itself one exit: it is not the run's. */
	uint64_t run_exits = cmdline_uint_or("exits", 0) ? vm_exit_count() - exits_before - 1 : 0;
	lapic_write(LAPIC_LVT_TIMER, LAPIC_LVT_MASKED | LAT_VEC);
	if (use_deadline)
		wrmsr(MSR_IA32_TSC_DEADLINE, 0);
	check_dec("timer interrupts taken", n, got);
	if (use_deadline) {
		char g[64];
		gsnprintf(g, sizeof(g), "%u early, by up to %llu ticks", early, (unsigned long long)worst_early);
		check_true("no interrupt before its tsc deadline", early == 0, "0 early", g);
	} else if (early) {
		gprintf("latency: %u one-shot interrupts before the estimated deadline (by up to %llu ticks)\n", early,
			(unsigned long long)worst_early);
	}
	sort_u64(samples, got);
	bench("latency_ticks", samples[got / 2]);
	bench("latency_ticks_p99", samples[(got * 99 + 99) / 100 - 1]); /* the smallest value >= 99% of them */
	bench("latency_ticks_max", samples[got - 1]);
	bench("latency_ticks_min", samples[0]);
	bench("run_start_tsc", run_start);
	bench("run_end_tsc", run_end);
	if (cmdline_uint_or("exits", 0))
		bench("exits_during_run", run_exits);
	if (cmdline_uint_or("hist", 0))
		print_histogram(samples, got);
}

/*
 * With `exits=1` (only under hvkit: VMCALL is #UD on bare metal), hypercall 1 reads the VM's VM-exit
 * count before and after a run, so the run's own exits are known: the figure lapic_pt must keep at 0.
 */
static uint64_t vm_exit_count(void)
{
	uint64_t rax = 1;
	__asm__ volatile("vmcall" : "+a"(rax) : : "memory");
	return rax;
}

static void exits_mark_start(void)
{
	if (cmdline_uint_or("exits", 0))
		exits_before = vm_exit_count();
}

/* The second VMCALL is itself one exit: it is not the run's. */
static void exits_mark_end(uint64_t irqs)
{
	if (!cmdline_uint_or("exits", 0) || irqs == 0)
		return;
	uint64_t exits = vm_exit_count() - exits_before - 1;
	bench("exits_during_timer_irqs", exits);
	bench("exits_per_1000_timer_irqs", exits * 1000 / irqs);
	bench("exits_per_timer_irq", (exits + irqs / 2) / irqs);
}

/* Periodic timer at `period` TSC ticks until `stop` says so; returns interrupts taken and *elapsed ticks. */
static void start_periodic(uint64_t period, uint64_t rate)
{
	ticks = 0;
	lapic_write(LAPIC_TIMER_DCR, 0xB);
	lapic_write(LAPIC_LVT_TIMER, LAPIC_TIMER_PERIODIC | TICK_VEC);
	lapic_write(LAPIC_TIMER_ICR, counts_for(period, rate));
}

static void stop_periodic(void)
{
	lapic_write(LAPIC_TIMER_ICR, 0);
	lapic_write(LAPIC_LVT_TIMER, LAPIC_LVT_MASKED | TICK_VEC);
}

static void run_periodic_count(uint64_t rate)
{
	uint64_t n = cmdline_uint_or("count", 10000);
	uint64_t period = cmdline_uint_or("period", 20000);
	uint64_t limit = n * period * 4 + 100000000ull;
	gprintf("latency: %llu periodic interrupts every %llu ticks (count %u at div 1)\n", (unsigned long long)n,
		(unsigned long long)period, counts_for(period, rate));
	exits_mark_start();
	uint64_t t0 = rdtsc(), t1 = t0;
	start_periodic(period, rate);
	while (ticks < n && (t1 = rdtsc()) - t0 < limit)
		irq_wait_hlt();
	t1 = rdtsc();
	stop_periodic();
	uint32_t got = ticks;
	exits_mark_end(got);
	if (!check_dec("periodic interrupts taken", n, got >= n ? n : got))
		return;
	bench("timer_irqs", n);
	bench("timer_irqs_ticks", t1 - t0);
	bench("timer_irq_interval_ticks", (t1 - t0) / n);
}

static void run_rate(uint64_t hz, uint64_t rate)
{
	uint64_t seconds = cmdline_uint_or("seconds", 1);
	const char *src;
	uint64_t tsc_hz = tsc_hz_estimate(&src);
	if (!tsc_hz) {
		fail("tsc frequency", "expected tsc_khz=, a PIT or cpuid 0x15/0x16, got none");
		return;
	}
	uint64_t period = tsc_hz / hz;
	uint64_t span = tsc_hz * seconds;
	gprintf("latency: %llu Hz periodic timer for %llu s: TSC %llu Hz (%s), period %llu ticks, count %u\n",
		(unsigned long long)hz, (unsigned long long)seconds, (unsigned long long)tsc_hz, src,
		(unsigned long long)period, counts_for(period, rate));
	exits_mark_start();
	uint64_t t0 = rdtsc(), t1 = t0;
	start_periodic(period, rate);
	while ((t1 = rdtsc()) - t0 < span)
		irq_wait_hlt();
	stop_periodic();
	uint32_t got = ticks;
	exits_mark_end(got);
	uint64_t want = hz * seconds;
	gprintf("latency: took %u timer interrupts in %llu s (%llu TSC ticks) at %llu Hz\n", got,
		(unsigned long long)seconds, (unsigned long long)(t1 - t0), (unsigned long long)hz);
	bench("timer_irqs_rate", got);
	bench("timer_irqs_rate_ticks", t1 - t0);
	uint64_t tol = want / 100 + 2;
	char exp[64], g[32];
	gsnprintf(exp, sizeof(exp), "%llu +- %llu", (unsigned long long)want, (unsigned long long)tol);
	gsnprintf(g, sizeof(g), "%u", got);
	check_true("periodic interrupts at the programmed rate", got + tol >= want && got <= want + tol, exp, g);
}

void guest_main(void)
{
	gprintf("latency: cmdline \"%s\" (cpus=%llu: runs on the boot CPU)\n", guest_cmdline(),
		(unsigned long long)cmdline_uint_or("cpus", 1));
	irq_idt_load();
	irq_set_handler(TICK_VEC, tick_irq);
	if (!lapic_init_mode())
		return;
	uint64_t rate = timer_rate();
	if (!check_true("lapic timer counts", rate != 0, "a decreasing current count", "none"))
		return;
	gprintf("latency: timer rate %llu/65536 TSC ticks per timer clock\n", (unsigned long long)rate);

	uint64_t hz;
	if (cmdline_uint("rate", &hz) && hz) {
		run_rate(hz, rate);
	} else if (cmdline_uint_or("periodic", 0)) {
		run_periodic_count(rate);
	} else {
		char t[12] = "";
		cmdline_word("timer", t, sizeof(t));
		bool deadline = (cpuid(1, 0).ecx & (1u << 24)) && memcmp(t, "oneshot", 8) != 0;
		run_latency(deadline, rate);
	}
	check_dec("no stray interrupts", 0, irq_stray_count);
}

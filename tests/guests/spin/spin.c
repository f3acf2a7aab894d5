/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * spin: CPU-bound work, for VMs that share physical CPUs (share mode: post-launched VMs beside the Service VM).
 *   - prints "spin: start iters=N cpus=C forever=F"; C is `cpus=N` from the command line, else the logical
 *     processors CPUID leaf 1 reports (the VM's vCPUs under hvkit), at most 2;
 *   - with 2, starts the AP as tests/guests/smp does (x2APIC INIT-SIPI-SIPI, trampoline at 0x8000);
 *   - each CPU runs `iters` (default 5,000,000; 13 instructions each) steps of xorshift64 and prints
 *     "spin: cpu N: iters=I ticks=T sum=0xS"; the AP's sum must equal the boot CPU's (same work, same result);
 *   - BENCH spin_ticks: the boot CPU's loop in TSC ticks; then DONE and the debug exit (0 when all passed).
 *   - `forever` (or forever=1): never halts and never exits; the boot CPU prints "spin: round K" after each
 *     round of `iters` steps, the AP spins silently. Such a VM ends only when it is destroyed.
 */
#include "guest.h"

const char guest_name[] = "spin";

#define TRAMPOLINE_PAGE 0x8000u
#define INIT_DELAY_TICKS 1000000ull
#define SIPI_DELAY_TICKS 100000ull
#define AP_TIMEOUT_TICKS 500000000ull
#define SEED 0x9e3779b97f4a7c15ull

static uint8_t ap_stack[16384] __attribute__((aligned(16)));
static volatile uint32_t ap_online, ap_done;
static volatile uint64_t ap_sum;
static uint64_t iters = 5000000;
static bool forever;

static uint64_t work(uint64_t n)
{
	uint64_t x = SEED, sum = 0;
	for (uint64_t i = 0; i < n; i++) {
		x ^= x << 13;
		x ^= x >> 7;
		x ^= x << 17;
		sum += x;
	}
	return sum ^ x;
}

/* One CPU's share: the loop, timed, and its result line. */
static uint64_t run(unsigned cpu, uint64_t *ticks_out)
{
	uint64_t t0 = rdtsc();
	uint64_t sum = work(iters);
	uint64_t ticks = rdtsc() - t0;
	*ticks_out = ticks;
	gprintf("spin: cpu %u: iters=%llu ticks=%llu sum=0x%llx\n", cpu, (unsigned long long)iters,
		(unsigned long long)ticks, (unsigned long long)sum);
	if (cpu == 0)
		bench("spin_ticks", ticks);
	return sum;
}

static void spin_forever(bool report)
{
	for (uint64_t round = 1;; round++) {
		(void)work(iters);
		if (report)
			gprintf("spin: round %llu\n", (unsigned long long)round);
	}
}

static void ap_main(void)
{
	x2apic_enable();
	__atomic_store_n(&ap_online, 1u, __ATOMIC_SEQ_CST);
	if (forever)
		spin_forever(false);
	uint64_t ticks;
	ap_sum = run(1, &ticks);
	__atomic_store_n(&ap_done, 1u, __ATOMIC_SEQ_CST);
	halt_forever();
}

static bool wait_flag(volatile uint32_t *flag, uint64_t timeout)
{
	uint64_t t0 = rdtsc();
	while (!__atomic_load_n(flag, __ATOMIC_SEQ_CST) && rdtsc() - t0 < timeout)
		cpu_relax();
	return __atomic_load_n(flag, __ATOMIC_SEQ_CST) != 0;
}

/* INIT, SIPI, SIPI to the other CPU (SDM Vol. 3A 8.4.4.1); true once it runs. */
static bool start_ap(void)
{
	if (!x2apic_supported()) {
		fail("ap started", "expected x2APIC (cpuid.1:ecx bit 21), got none");
		return false;
	}
	x2apic_enable();
	uint32_t target = x2apic_id() == 0 ? 1 : 0;
	uint8_t vector = ap_prepare(TRAMPOLINE_PAGE, ap_main, ap_stack + sizeof(ap_stack));
	x2apic_send_icr(target, APIC_ICR_INIT | APIC_ICR_LEVEL_ASSERT);
	tsc_delay(INIT_DELAY_TICKS);
	for (int i = 0; i < 2 && !__atomic_load_n(&ap_online, __ATOMIC_SEQ_CST); i++) {
		x2apic_send_icr(target, APIC_ICR_STARTUP | APIC_ICR_LEVEL_ASSERT | vector);
		tsc_delay(SIPI_DELAY_TICKS);
	}
	if (!wait_flag(&ap_online, AP_TIMEOUT_TICKS)) {
		fail("ap started", "expected apic_id=%u online within %llu TSC ticks, got no sign of it", target,
		     (unsigned long long)AP_TIMEOUT_TICKS);
		return false;
	}
	pass("ap started apic_id=%u", target);
	return true;
}

/* A bare word on the command line ("forever"), or word=N with N != 0. */
static bool cmdline_flag(const char *word)
{
	uint64_t v;
	if (cmdline_uint(word, &v))
		return v != 0;
	size_t n = strlen(word);
	for (const char *p = guest_cmdline(); *p;) {
		while (*p == ' ')
			p++;
		const char *tok = p;
		while (*p && *p != ' ')
			p++;
		if ((size_t)(p - tok) == n && memcmp(tok, word, n) == 0)
			return true;
	}
	return false;
}

void guest_main(void)
{
	cmdline_uint("iters", &iters);
	forever = cmdline_flag("forever");
	struct cpuid_regs l1 = cpuid(1, 0);
	uint64_t cpus = (l1.edx & (1u << 28)) ? (l1.ebx >> 16) & 0xff : 1;
	cmdline_uint("cpus", &cpus);
	if (cpus < 1)
		cpus = 1;
	if (cpus > 2)
		cpus = 2;
	gprintf("spin: start iters=%llu cpus=%llu forever=%u\n", (unsigned long long)iters,
		(unsigned long long)cpus, forever ? 1u : 0u);

	bool two = cpus == 2 && start_ap();
	if (forever)
		spin_forever(true);
	uint64_t ticks, sum = run(0, &ticks);
	if (!two)
		return;
	/* The AP's share takes about as long as ours; ten times that is a hang. */
	if (!wait_flag(&ap_done, 10 * ticks + AP_TIMEOUT_TICKS)) {
		fail("cpu1 finished", "expected its result within %llu TSC ticks, got none",
		     (unsigned long long)(10 * ticks + AP_TIMEOUT_TICKS));
		return;
	}
	check_hex("cpu1 sum = cpu0 sum", sum, ap_sum);
}

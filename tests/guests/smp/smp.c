/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * smp: starts the VM's second vCPU the way an OS starts an AP on real hardware, then has both CPUs share work.
 *   - the boot CPU switches its local APIC to x2APIC mode (IA32_APIC_BASE EN, then EXTD) and checks it;
 *   - it copies the runtime's real-mode trampoline to a page below 1 MiB and sends INIT, SIPI, SIPI through the
 *     x2APIC ICR (MSR 0x830) to APIC ID 1 (0 if the boot CPU is 1; `ap=N` on the command line overrides);
 *   - the AP goes real -> protected -> long mode on the boot CPU's page tables, enables its own x2APIC, reads
 *     its APIC ID and prints "smp: PASS ap online apic_id=1"; the boot CPU waits for it with a TSC timeout;
 *   - then both increment a shared counter under a spinlock 10000 times each and the boot CPU checks 20000.
 *     (`nolock=1` drops the lock, to show that this check can fail);
 *   - BENCH ap_start_ticks: TSC ticks from the first STARTUP IPI until the AP reported in;
 *   - `ap_spin=1`: the AP ends spinning with interrupts disabled instead of halting, after arming its (masked)
 *     timer to expire at once so that the hypervisor has handled an interrupt of its own while the vCPU keeps
 *     IF = 0 (it never leaves the guest on its own: the hypervisor must still take it out when the VM stops).
 */
#include "guest.h"

const char guest_name[] = "smp";

#define TRAMPOLINE_PAGE 0x8000u /* STARTUP vector 0x08 */
#define INIT_DELAY_TICKS 1000000ull
#define SIPI_DELAY_TICKS 100000ull
#define AP_TIMEOUT_TICKS 500000000ull
#define INCREMENTS 10000u

static uint8_t ap_stack[16384] __attribute__((aligned(16)));
static volatile uint32_t ap_online, ap_ready, ap_done, go;
static volatile uint32_t ap_apic_id;
static uint32_t target_id;

static spinlock_t counter_lock;
static volatile uint64_t counter;
static bool no_lock; /* `nolock=1`: shows that the counter check can fail */
static bool ap_spin;  /* `ap_spin=1`: the AP ends in a CLI spin loop */

static void add_under_lock(void)
{
	for (unsigned i = 0; i < INCREMENTS; i++) {
		if (!no_lock)
			spin_lock(&counter_lock);
		uint64_t v = counter; /* a plain read-modify-write: only the lock keeps it whole */
		/* Widen the window: a branch ends a Bochs trace, where its round-robin may switch CPUs. */
		__asm__ __volatile__("pause; jmp 1f; 1:" ::: "memory");
		counter = v + 1;
		if (!no_lock)
			spin_unlock(&counter_lock);
	}
}

static void ap_main(void)
{
	x2apic_enable();
	uint32_t id = x2apic_id();
	ap_apic_id = id;
	__atomic_store_n(&ap_online, 1u, __ATOMIC_SEQ_CST);

	if (id == target_id)
		pass("ap online apic_id=%u", id);
	else
		fail("ap online", "expected apic_id=%u, got apic_id=%u", target_id, id);
	check_dec("ap cpuid.1:ebx apic id = x2apic id", id, cpuid(1, 0).ebx >> 24);
	serial_flush();
	__atomic_store_n(&ap_ready, 1u, __ATOMIC_SEQ_CST);

	while (!__atomic_load_n(&go, __ATOMIC_SEQ_CST))
		cpu_relax();
	add_under_lock();
	__atomic_store_n(&ap_done, 1u, __ATOMIC_SEQ_CST);
	if (ap_spin) {
		/*
		 * Interrupts off, then a VM exit for the hypervisor's own sake: the timer, masked in its LVT, armed
		 * to expire at once (x2APIC LVT timer = masked, TSC-deadline mode; IA32_TSC_DEADLINE).
		 */
		__asm__ __volatile__("cli" ::: "memory");
		wrmsr(0x832, (1u << 16) | (2u << 17) | 0x40u);
		wrmsr(0x6E0, rdtsc() + 1000);
		for (;;)
			cpu_relax();
	}
	halt_forever();
}

static bool wait_flag(volatile uint32_t *flag, uint64_t timeout)
{
	uint64_t t0 = rdtsc();
	while (!__atomic_load_n(flag, __ATOMIC_SEQ_CST) && rdtsc() - t0 < timeout)
		cpu_relax();
	return __atomic_load_n(flag, __ATOMIC_SEQ_CST) != 0;
}

void guest_main(void)
{
	if (!x2apic_supported()) {
		fail("x2apic available", "expected cpuid.1:ecx bit 21 set, got clear");
		return;
	}
	pass("x2apic available");
	x2apic_enable();
	check_hex("bsp x2apic mode", APIC_BASE_EN | APIC_BASE_EXTD,
		  rdmsr(MSR_IA32_APIC_BASE) & (APIC_BASE_EN | APIC_BASE_EXTD));
	uint32_t bsp_id = x2apic_id();
	check_dec("bsp cpuid.1:ebx apic id = x2apic id", bsp_id, cpuid(1, 0).ebx >> 24);

	uint64_t ap = bsp_id == 0 ? 1 : 0;
	cmdline_uint("ap", &ap);
	target_id = (uint32_t)ap;
	uint64_t nolock = 0;
	cmdline_uint("nolock", &nolock);
	no_lock = nolock != 0;
	uint64_t spin = 0;
	cmdline_uint("ap_spin", &spin);
	ap_spin = spin != 0;
	if (no_lock)
		gprintf("smp: nolock=1: incrementing without the lock\n");

	uint8_t vector = ap_prepare(TRAMPOLINE_PAGE, ap_main, ap_stack + sizeof(ap_stack));
	gprintf("smp: starting apic_id=%u: INIT, SIPI vector 0x%x, SIPI\n", target_id, vector);

	/* SDM Vol. 3A 8.4.4.1: INIT, wait, STARTUP, wait, STARTUP. */
	x2apic_send_icr(target_id, APIC_ICR_INIT | APIC_ICR_LEVEL_ASSERT);
	tsc_delay(INIT_DELAY_TICKS);
	uint64_t t_sipi = rdtsc(), t_online = 0;
	for (int i = 0; i < 2; i++) {
		x2apic_send_icr(target_id, APIC_ICR_STARTUP | APIC_ICR_LEVEL_ASSERT | vector);
		/* wait, noting when the AP reports in (a second SIPI to a running CPU is ignored) */
		for (uint64_t t0 = rdtsc(); rdtsc() - t0 < SIPI_DELAY_TICKS;) {
			if (!t_online && __atomic_load_n(&ap_online, __ATOMIC_SEQ_CST))
				t_online = rdtsc();
			cpu_relax();
		}
	}
	if (!t_online) {
		if (!wait_flag(&ap_online, AP_TIMEOUT_TICKS)) {
			fail("ap online", "expected apic_id=%u online within %llu TSC ticks, got no sign of it",
			     target_id, (unsigned long long)AP_TIMEOUT_TICKS);
			return;
		}
		t_online = rdtsc();
	}
	bench("ap_start_ticks", t_online - t_sipi);

	/* Start both loops together: the AP has finished printing (it waits on the UART like everyone). */
	if (!wait_flag(&ap_ready, AP_TIMEOUT_TICKS)) {
		fail("ap ready", "expected ready within %llu TSC ticks, got still busy",
		     (unsigned long long)AP_TIMEOUT_TICKS);
		return;
	}
	__atomic_store_n(&go, 1u, __ATOMIC_SEQ_CST);
	add_under_lock();
	if (!wait_flag(&ap_done, AP_TIMEOUT_TICKS)) {
		fail("ap finished its increments", "expected done within %llu TSC ticks, got still running",
		     (unsigned long long)AP_TIMEOUT_TICKS);
		return;
	}
	check_dec("shared counter under lock", 2ull * INCREMENTS, counter);
}

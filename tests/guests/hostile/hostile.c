/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * hostile: attacks on the hypervisor from inside a VM, one per run, chosen by `attack=NAME` on the command line.
 * Each is something a buggy or malicious kernel may do; the hypervisor must contain it (a fault for the guest, or
 * its VM stopped and logged) while the neighbour VM finishes and the hypervisor stays up. What the guest can see
 * of the outcome it checks itself (PASS/FAIL lines); the rest (the log, a VM stopped) the emulator case checks.
 *
 *   xsetbv         XSETBV with XCR0 values the SDM forbids (AVX-512 in part, AVX without SSE, x87 off, one of the
 *                  MPX or AMX pair, ECX = 1): each must be #GP in the guest; a valid value must then work
 *   cr8            2 vCPUs: the AP sets CR8 = 15 (masks every interrupt class), enables interrupts and spins; the
 *                  BSP ends the VM: the AP's vCPU must still leave its CPU
 *   nmi_flood      3,000 self-NMIs through the x2APIC ICR, each awaited: all must arrive (and the log stay short)
 *   icr_sweep      every delivery mode through the x2APIC ICR to self, 8 times over: the log stays short
 *   ipi_vectors    self-IPIs on the hypervisor's own vectors (0x40, 0xF0, 0xF1, 0xFE) and self-NMIs: each must
 *                  reach the guest's handler once (under LAPIC pass-through they land on the host in root mode)
 *   timer_livelock a periodic LAPIC timer with initial count 1 and divide by 1: the guest must still make progress
 *   timer_noidt    the same with an empty IDT: the guest must get as far as its triple fault
 *   invd_string_io INVD, then REP OUTSB to the vUART, REP INSB from an unclaimed port (forwards, backwards, across
 *                  a page boundary): string I/O is legal and must be emulated
 *   string_io_refused  (partition, lapic_pt, whose images do not emulate string I/O) INVD, then REP OUTSB to the
 *                  vUART and to an unclaimed port: each must be #GP with RCX and nothing else changed
 *   exit_fault     hypercall 0x7e57: with selftest=exit-fault the hypervisor faults while handling it; the VM must be
 *                  stopped, not the CPU
 *   nmi_spin       2 vCPUs (LAPIC pass-through): the AP points its performance-counter and thermal LVTs at NMI and
 *                  spins in an NMI handler that never returns; the BSP sends it 50 NMIs and ends the VM: the AP's
 *                  vCPU must still leave and its LAPIC come back with every LVT masked
 *   hang_if0       CLI; HLT forever (only a watchdog can stop it)
 *   spin           JMP $ with interrupts on (only a watchdog can stop it)
 *   watchdog_pet   runs longer than its watchdog period, making the watchdog hypercall often enough: must finish
 *   msr_sweep      RDMSR of 256 MSRs nobody allows: each #GP, and the log stays short
 */
#include "../apiclib/apiclib.h"

const char guest_name[] = "hostile";

#define MSR_X2APIC_ICR 0x830u
#define MSR_X2APIC_VERSION 0x803u
#define MSR_X2APIC_LVT_THERMAL 0x833u
#define MSR_X2APIC_LVT_PERF 0x834u
#define ICR_NMI (4u << 8)
#define TRAMPOLINE_PAGE 0x8000u
#define AP_TIMEOUT_TICKS 500000000ull

/* ---- faults the guest expects: the hook resumes at the label the attempt recorded ---- */
static volatile int fault_vector = -1;
static volatile uint64_t resume_rip;

static bool resume_after_fault(struct trap_frame *f)
{
	fault_vector = (int)f->vector;
	f->rip = resume_rip;
	return true;
}

static void expect_faults(void)
{
	trap_set_hook(VEC_GP, resume_after_fault);
	trap_set_hook(VEC_UD, resume_after_fault);
}

/* XSETBV; returns the vector of the fault it raised, or -1. */
static int try_xsetbv(uint32_t index, uint64_t value)
{
	fault_vector = -1;
	__asm__ __volatile__("lea 1f(%%rip), %%r11\n\t"
			     "mov %%r11, %[resume]\n\t"
			     "xsetbv\n"
			     "1:"
			     : [resume] "=m"(resume_rip)
			     : "c"(index), "a"((uint32_t)value), "d"((uint32_t)(value >> 32))
			     : "r11", "memory");
	return fault_vector;
}

static int try_rdmsr(uint32_t msr)
{
	uint32_t lo, hi;
	fault_vector = -1;
	__asm__ __volatile__("lea 1f(%%rip), %%r11\n\t"
			     "mov %%r11, %[resume]\n\t"
			     "rdmsr\n"
			     "1:"
			     : [resume] "=m"(resume_rip), "=a"(lo), "=d"(hi)
			     : "c"(msr)
			     : "r11", "memory");
	return fault_vector;
}

static int try_wrmsr(uint32_t msr, uint64_t value)
{
	fault_vector = -1;
	__asm__ __volatile__("lea 1f(%%rip), %%r11\n\t"
			     "mov %%r11, %[resume]\n\t"
			     "wrmsr\n"
			     "1:"
			     : [resume] "=m"(resume_rip)
			     : "c"(msr), "a"((uint32_t)value), "d"((uint32_t)(value >> 32))
			     : "r11", "memory");
	return fault_vector;
}

/* REP OUTSB of `*count` bytes from `src` to `port`; returns the fault's vector, or -1 (RCX left in *count). */
static int try_rep_outsb_port(uint16_t port, uint64_t src, uint64_t *count)
{
	fault_vector = -1;
	__asm__ __volatile__("lea 1f(%%rip), %%r11\n\t"
			     "mov %%r11, %[resume]\n\t"
			     "cld; rep outsb\n"
			     "1:"
			     : [resume] "=m"(resume_rip), "+S"(src), "+c"(*count)
			     : "d"(port)
			     : "r11", "memory");
	return fault_vector;
}

/* REP OUTSB of `count` bytes from `src` to the unclaimed port 0x2f0; returns the fault's vector, or -1. */
static int try_rep_outsb(uint64_t src, uint64_t count)
{
	return try_rep_outsb_port(0x2f0, src, &count);
}

static bool attack_is(const char *name)
{
	char word[32];
	if (!cmdline_word("attack", word, sizeof(word)))
		return false;
	size_t n = strlen(name);
	return strlen(word) == n && memcmp(word, name, n) == 0;
}

static uint64_t vmcall(uint64_t nr)
{
	uint64_t ret;
	__asm__ __volatile__("vmcall" : "=a"(ret) : "a"(nr) : "memory");
	return ret;
}

/* ---- xsetbv ---- */
static void attack_xsetbv(void)
{
	struct cpuid_regs r = cpuid(1, 0);
	if (!(r.ecx & (1u << 26))) {
		fail("xsetbv: the CPU has XSAVE", "expected CPUID.1:ECX[26] set, got clear");
		return;
	}
	uint64_t cr4;
	__asm__ __volatile__("mov %%cr4, %0" : "=r"(cr4));
	__asm__ __volatile__("mov %0, %%cr4" : : "r"(cr4 | (1ull << 18)) : "memory"); /* CR4.OSXSAVE */
	struct cpuid_regs d = cpuid(0xd, 0);
	uint64_t supported = ((uint64_t)d.edx << 32) | d.eax;
	gprintf("hostile: XCR0 may hold 0x%llx (CPUID.(0DH,0))\n", (unsigned long long)supported);
	static const struct { uint32_t index; uint64_t value; const char *what; } bad[] = {
		{ 0, 0x27, "AVX-512 opmask without ZMM_Hi256 and Hi16_ZMM" },
		{ 0, 0xe3, "AVX-512 without AVX" },
		{ 0, 0x05, "AVX without SSE" },
		{ 0, 0x02, "x87 state off" },
		{ 0, 0x0b, "BNDREGS without BNDCSR" },
		{ 0, 0x20003, "XTILECFG without XTILEDATA" },
		{ 0, 1ull << 63, "a reserved bit" },
		{ 1, 0x03, "ECX = 1 (XCR1 is not writable)" },
	};
	for (unsigned i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		int v = try_xsetbv(bad[i].index, bad[i].value);
		if (v == VEC_GP)
			pass("xsetbv ecx=%u 0x%llx (%s): #GP", bad[i].index, (unsigned long long)bad[i].value, bad[i].what);
		else
			fail("xsetbv refused", "expected #GP for ecx=%u 0x%llx (%s), got %s", bad[i].index,
			     (unsigned long long)bad[i].value, bad[i].what, v < 0 ? "no fault" : "another fault");
	}
	uint64_t good = 0x3 | (supported & 0x4);
	check_dec("xsetbv with a valid XCR0 does not fault", (uint64_t)-1, (uint64_t)(int64_t)try_xsetbv(0, good));
	uint32_t lo, hi;
	__asm__ __volatile__("xgetbv" : "=a"(lo), "=d"(hi) : "c"(0));
	check_hex("xgetbv reads the value set", good, ((uint64_t)hi << 32) | lo);
}

/* ---- two vCPUs ---- */
static uint8_t ap_stack[16384] __attribute__((aligned(16)));
static volatile uint32_t ap_online, ap_ready, nmi_count;

static void start_ap(void (*fn)(void))
{
	uint8_t vector = ap_prepare(TRAMPOLINE_PAGE, fn, ap_stack + sizeof(ap_stack));
	x2apic_send_icr(1, APIC_ICR_INIT | APIC_ICR_LEVEL_ASSERT);
	tsc_delay(1000000);
	for (int i = 0; i < 2 && !__atomic_load_n(&ap_online, __ATOMIC_SEQ_CST); i++) {
		x2apic_send_icr(1, APIC_ICR_STARTUP | APIC_ICR_LEVEL_ASSERT | vector);
		tsc_delay(100000);
	}
}

static bool wait_flag(volatile uint32_t *flag)
{
	uint64_t t0 = rdtsc();
	while (!__atomic_load_n(flag, __ATOMIC_SEQ_CST) && rdtsc() - t0 < AP_TIMEOUT_TICKS)
		cpu_relax();
	return __atomic_load_n(flag, __ATOMIC_SEQ_CST) != 0;
}

static void ap_cr8(void)
{
	x2apic_enable();
	__atomic_store_n(&ap_online, 1u, __ATOMIC_SEQ_CST);
	uint64_t cr8 = 15;
	__asm__ __volatile__("mov %0, %%cr8" : : "r"(cr8) : "memory");
	__asm__ __volatile__("mov %%cr8, %0" : "=r"(cr8));
	check_dec("ap: cr8 reads back 15", 15, cr8);
	serial_flush();
	__atomic_store_n(&ap_ready, 1u, __ATOMIC_SEQ_CST);
	__asm__ __volatile__("sti\n1: jmp 1b" ::: "memory");
}

static void attack_cr8(void)
{
	x2apic_enable();
	start_ap(ap_cr8);
	check_true("ap online and spinning with CR8 = 15 and IF = 1", wait_flag(&ap_ready), "ready", "no sign");
	gprintf("hostile: ending the VM while the AP spins\n");
}

static bool nmi_spins_forever(struct trap_frame *f)
{
	(void)f;
	__atomic_add_fetch(&nmi_count, 1u, __ATOMIC_SEQ_CST);
	for (;;)
		cpu_relax();
	return true;
}

static void ap_nmi_spin(void)
{
	x2apic_enable();
	uint32_t max_lvt = (uint32_t)(rdmsr(MSR_X2APIC_VERSION) >> 16) & 0xff;
	if (max_lvt >= 4)
		wrmsr(MSR_X2APIC_LVT_PERF, ICR_NMI); /* NMI delivery, unmasked */
	if (max_lvt >= 5)
		wrmsr(MSR_X2APIC_LVT_THERMAL, ICR_NMI);
	gprintf("hostile: ap: max LVT %u: performance%s LVT pointed at NMI; waiting in an NMI handler that never "
		"returns\n", max_lvt, max_lvt >= 5 ? " and thermal" : "");
	serial_flush();
	trap_set_hook(2, nmi_spins_forever);
	__atomic_store_n(&ap_online, 1u, __ATOMIC_SEQ_CST);
	__atomic_store_n(&ap_ready, 1u, __ATOMIC_SEQ_CST);
	for (;;)
		cpu_relax();
}

static void attack_nmi_spin(void)
{
	x2apic_enable();
	start_ap(ap_nmi_spin);
	if (!check_true("ap online", wait_flag(&ap_ready), "ready", "no sign"))
		return;
	for (int i = 0; i < 50; i++) {
		x2apic_send_icr(1, ICR_NMI | APIC_ICR_LEVEL_ASSERT);
		tsc_delay(20000);
	}
	check_true("ap took an NMI (and keeps its CPU in the handler)", __atomic_load_n(&nmi_count, __ATOMIC_SEQ_CST) >= 1,
		   ">= 1", "0");
	gprintf("hostile: ending the VM while the AP spins in its NMI handler\n");
}

/* ---- NMIs and IPIs to self ---- */
static bool count_nmi(struct trap_frame *f)
{
	(void)f;
	__atomic_add_fetch(&nmi_count, 1u, __ATOMIC_SEQ_CST);
	return true;
}

/* NMIs to this CPU by its own APIC ID (the "self" shorthand is for fixed interrupts only, SDM Vol. 3A 11.6.1). */
static uint32_t self_nmis(uint32_t n)
{
	uint32_t start = nmi_count, me = x2apic_id();
	for (uint32_t i = 0; i < n; i++) {
		uint32_t want = start + i + 1;
		x2apic_send_icr(me, ICR_NMI | APIC_ICR_LEVEL_ASSERT);
		for (uint64_t t0 = rdtsc(); nmi_count < want && rdtsc() - t0 < 2000000;)
			cpu_relax();
	}
	return nmi_count - start;
}

static void attack_nmi_flood(void)
{
	x2apic_enable();
	trap_set_hook(2, count_nmi);
	check_dec("3000 self-NMIs, each awaited, arrive", 3000, self_nmis(3000));
}

static void attack_icr_sweep(void)
{
	irq_idt_load();
	x2apic_enable();
	lapic_cpu_setup();
	trap_set_hook(2, count_nmi);
	expect_faults();
	unsigned faults = 0;
	for (int round = 0; round < 8; round++)
		for (uint32_t dm = 0; dm < 8; dm++) {
			if (dm == 5 || dm == 6)
				continue; /* INIT and STARTUP to self: not what this attack is about */
			if (try_wrmsr(MSR_X2APIC_ICR, ICR_SHORTHAND_SELF | (dm << 8) | 0x40u) >= 0)
				faults++;
			irq_window();
		}
	gprintf("hostile: icr sweep: %u #GP, %u NMIs, %u stray vectors\n", faults, nmi_count, irq_stray_count);
	pass("icr sweep over every delivery mode survived");
}

static volatile uint32_t vec_count[256];

static void count_vector(struct trap_frame *f)
{
	vec_count[f->vector & 0xff]++;
	lapic_eoi();
}

static void attack_ipi_vectors(void)
{
	irq_idt_load();
	x2apic_enable();
	lapic_cpu_setup();
	trap_set_hook(2, count_nmi);
	static const uint8_t vectors[] = { 0x40, 0xF0, 0xF1, 0xFE };
	for (unsigned i = 0; i < sizeof(vectors); i++)
		irq_set_handler(vectors[i], count_vector);
	for (unsigned round = 0; round < 10; round++)
		for (unsigned i = 0; i < sizeof(vectors); i++) {
			x2apic_send_icr(0, ICR_SHORTHAND_SELF | vectors[i] | APIC_ICR_LEVEL_ASSERT);
			irq_window();
		}
	for (unsigned i = 0; i < sizeof(vectors); i++)
		check_dec("self-IPIs reach the guest's handler (10 each)", 10, vec_count[vectors[i]]);
	check_dec("self-NMIs reach the guest's NMI handler (20, each awaited)", 20, self_nmis(20));
	check_dec("no stray vectors", 0, irq_stray_count);
}

/* ---- timers ---- */
static volatile uint32_t timer_irqs;

static void timer_handler(struct trap_frame *f)
{
	(void)f;
	timer_irqs++;
	lapic_eoi();
}

static void periodic_count_one(void)
{
	lapic_write(LAPIC_TIMER_DCR, 0xB); /* divide by 1 */
	lapic_write(LAPIC_LVT_TIMER, LAPIC_TIMER_PERIODIC | 0x40u);
	lapic_write(LAPIC_TIMER_ICR, 1);
}

static void attack_timer_livelock(void)
{
	irq_idt_load();
	x2apic_enable();
	lapic_cpu_setup();
	irq_set_handler(0x40, timer_handler);
	periodic_count_one();
	irq_on();
	volatile uint64_t work = 0;
	uint64_t t0 = rdtsc();
	for (uint32_t i = 0; i < 200000; i++)
		work += i;
	uint64_t took = rdtsc() - t0;
	irq_off();
	lapic_write(LAPIC_TIMER_ICR, 0);
	gprintf("hostile: 200000 loop iterations took %llu TSC ticks with %u timer interrupts\n",
		(unsigned long long)took, timer_irqs);
	pass("progress under a periodic timer of period 1");
	check_true("the timer fired", timer_irqs > 0, "> 0", "0");
}

static void attack_timer_noidt(void)
{
	x2apic_enable();
	lapic_write(LAPIC_SVR, LAPIC_SVR_ENABLE | 0xFF);
	periodic_count_one();
	static const struct { uint16_t limit; uint64_t base; } __attribute__((packed)) empty = { 0, 0 };
	gprintf("hostile: empty IDT, periodic timer of period 1, interrupts on: expect a triple fault\n");
	serial_flush();
	__asm__ __volatile__("lidt %0\n\tsti\n1: jmp 1b" : : "m"(empty) : "memory");
}

/* ---- INVD and string I/O ---- */
static uint8_t page_pair[8192] __attribute__((aligned(4096)));

static void attack_invd_string_io(void)
{
	__asm__ __volatile__("invd" ::: "memory");
	pass("invd returns");
	static const char msg[] = "hostile: rep outsb says hello\n";
	serial_flush();
	const char *src = msg;
	uint64_t count = sizeof(msg) - 1;
	__asm__ __volatile__("cld; rep outsb" : "+S"(src), "+c"(count) : "d"(0x3f8) : "memory");
	check_dec("rep outsb: rcx counted down", 0, count);
	check_hex("rep outsb: rsi moved past the buffer", (uint64_t)(uintptr_t)(msg + sizeof(msg) - 1),
		  (uint64_t)(uintptr_t)src);
	/* Across a page boundary, from a port nobody claims: every byte reads 0xff. */
	uint8_t *dst = page_pair + 4096 - 5;
	memset(dst, 0, 16);
	uint8_t *di = dst;
	count = 16;
	__asm__ __volatile__("cld; rep insb" : "+D"(di), "+c"(count) : "d"(0x2f0) : "memory");
	bool all = true;
	for (int i = 0; i < 16; i++)
		all &= dst[i] == 0xff;
	check_true("rep insb across a page boundary fills 16 bytes of 0xff", all && count == 0, "all 0xff, rcx 0",
		   "other bytes");
	/* Backwards (DF = 1), one element of 2 bytes at a time. */
	uint16_t words[4] = { 0, 0, 0, 0 };
	uint16_t *wp = &words[3];
	count = 3;
	__asm__ __volatile__("std; rep insw; cld" : "+D"(wp), "+c"(count) : "d"(0x2f0) : "memory");
	check_true("rep insw with DF = 1 fills words 3..1 and leaves word 0", words[0] == 0 && words[1] == 0xffff &&
		   words[2] == 0xffff && words[3] == 0xffff && wp == &words[0], "0, ffff x3", "other words");
	/* Not REP: one element. */
	static const char one[] = "!";
	src = one;
	__asm__ __volatile__("outsb" : "+S"(src) : "d"(0x2f0) : "memory");
	check_hex("outsb without rep moves rsi by 1", 1, (uint64_t)(uintptr_t)src - (uint64_t)(uintptr_t)one);
	/* A buffer the guest's page tables do not map (above the 4 GiB the runtime maps) is the guest's #PF, and
	 * a non-canonical one its #GP, as the CPU would raise them: the hypervisor reads nothing there. */
	expect_faults();
	trap_set_hook(VEC_PF, resume_after_fault);
	check_dec("rep outsb from an unmapped buffer: #PF", VEC_PF, (uint64_t)try_rep_outsb(0x100000000ull, 4));
	check_dec("rep outsb from a non-canonical buffer: #GP", VEC_GP, (uint64_t)try_rep_outsb(0x8000000000000000ull, 4));
}

/* The partition and lapic_pt images refuse INS/OUTS: #GP, the instruction not done (RCX as it was), no byte
 * written. INVD still runs. */
static void attack_string_io_refused(void)
{
	static const char msg[] = "hostile: this line must not appear\n";
	__asm__ __volatile__("invd" ::: "memory");
	pass("invd returns");
	expect_faults();
	serial_flush();
	uint64_t count = sizeof(msg) - 1;
	check_dec("rep outsb to the vUART: #GP", VEC_GP, (uint64_t)try_rep_outsb_port(0x3f8, (uint64_t)(uintptr_t)msg, &count));
	check_dec("rep outsb to the vUART: rcx unchanged", sizeof(msg) - 1, count);
	count = 4;
	check_dec("rep outsb to an unclaimed port: #GP", VEC_GP, (uint64_t)try_rep_outsb_port(0x2f0, (uint64_t)(uintptr_t)msg, &count));
}

/* ---- watchdogs and hangs ---- */
static void attack_watchdog_pet(void)
{
	uint64_t ticks = cmdline_uint_or("ticks", 60000000);
	gprintf("hostile: running %llu TSC ticks, making the watchdog hypercall every 2000000\n",
		(unsigned long long)ticks);
	for (uint64_t t0 = rdtsc(); rdtsc() - t0 < ticks;) {
		uint64_t r = vmcall(2);
		if (r != 0) {
			fail("watchdog hypercall", "expected 0, got 0x%llx", (unsigned long long)r);
			return;
		}
		tsc_delay(2000000);
	}
	pass("ran past the watchdog period, alive");
}

static void attack_msr_sweep(void)
{
	expect_faults();
	unsigned gp = 0;
	for (uint32_t msr = 0x40001000; msr < 0x40001100; msr++)
		gp += try_rdmsr(msr) == VEC_GP;
	check_dec("256 MSRs nobody allows: #GP each", 256, gp);
}

void guest_main(void)
{
	pic_mask_all();
	if (attack_is("xsetbv")) {
		expect_faults();
		attack_xsetbv();
	} else if (attack_is("cr8")) {
		attack_cr8();
	} else if (attack_is("nmi_flood")) {
		attack_nmi_flood();
	} else if (attack_is("icr_sweep")) {
		attack_icr_sweep();
	} else if (attack_is("ipi_vectors")) {
		attack_ipi_vectors();
	} else if (attack_is("timer_livelock")) {
		attack_timer_livelock();
	} else if (attack_is("timer_noidt")) {
		attack_timer_noidt();
	} else if (attack_is("invd_string_io")) {
		attack_invd_string_io();
	} else if (attack_is("string_io_refused")) {
		attack_string_io_refused();
	} else if (attack_is("exit_fault")) {
		gprintf("hostile: hypercall 0x7e57 (the hypervisor faults in its handler with selftest=exit-fault)\n");
		serial_flush();
		uint64_t r = vmcall(0x7e57);
		fail("exit_fault", "expected the VM stopped, got hypercall result 0x%llx", (unsigned long long)r);
	} else if (attack_is("nmi_spin")) {
		attack_nmi_spin();
	} else if (attack_is("hang_if0")) {
		gprintf("hostile: cli; hlt forever\n");
		serial_flush();
		__asm__ __volatile__("cli\n1: hlt\njmp 1b" ::: "memory");
	} else if (attack_is("spin")) {
		gprintf("hostile: jmp $ forever, interrupts on\n");
		serial_flush();
		__asm__ __volatile__("sti\n1: jmp 1b" ::: "memory");
	} else if (attack_is("watchdog_pet")) {
		attack_watchdog_pet();
	} else if (attack_is("msr_sweep")) {
		attack_msr_sweep();
	} else {
		fail("attack", "expected attack=NAME (see hostile.c), got \"%s\"", guest_cmdline());
	}
}

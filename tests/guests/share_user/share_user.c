/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * share_user: the post-launched user guest the service guest (tests/guests/service) runs in share mode. Its
 * serial port and debug-exit port are the service guest's device model (ioreq), not the hypervisor's. What it
 * does is chosen on its command line, which the service guest writes:
 *   run=spin  t0=T t1=T   CPU-bound until TSC t1: the TSC ticks it ran inside [t0, t1) and the intervals it ran
 *                         uninterrupted go to the mailbox (share_test.h); the service guest compares the shares
 *                         of the VMs that shared a CPU, and the gaps between them (one vCPU switch)
 *   run=ping  n=N think=T N OUTs to SHARE_PING_PORT, T TSC ticks of CPU-bound work after each; each OUT's round
 *                         trip (the ioreq through the service guest) in TSC ticks goes to the mailbox, and the
 *                         median is printed as BENCH ioreq_pio_ticks; with until=U it sends OUTs until TSC U
 *                         (I/O-bound for a span: hybrid mode's load) and records the first N
 *   run=hcall             every share-mode hypercall must be refused with -1 (EPERM) to a post-launched VM; the
 *                         calls any VM may make still work; after a second, one more refusal (whose log line
 *                         says how many were held back by the rate limit)
 *   run=hang              never halts, never does I/O: the service guest has to destroy it
 *   run=irq               interrupts from its device model: vIOAPIC pin SHARE_IRQ_PIN programmed to vector
 *                         SHARE_IRQ_VECTOR, then a ping with SHARE_PING_IRQ (the service guest answers with
 *                         HVKIT_HC_INJECT_IRQ), then one with SHARE_PING_MSI (HVKIT_HC_INJECT_MSI, vector
 *                         SHARE_MSI_VECTOR); each must arrive once, waited for with STI; HLT
 */
#include "apiclib.h"
#include "share_test.h"

const char guest_name[] = "share_user";

static volatile struct share_mailbox *const mbox = (volatile struct share_mailbox *)(uintptr_t)SHARE_MAILBOX_GPA;

/* The value of "run=" (at most size - 1 characters). */
static void cmdline_run(char *buf, size_t size)
{
	const char *p = guest_cmdline();
	buf[0] = '\0';
	for (; *p; p++) {
		if ((p == guest_cmdline() || p[-1] == ' ') && memcmp(p, "run=", 4) == 0) {
			size_t n = 0;
			for (p += 4; *p && *p != ' ' && n + 1 < size; p++)
				buf[n++] = *p;
			buf[n] = '\0';
			return;
		}
	}
}

static bool streq(const char *a, const char *b)
{
	while (*a && *a == *b) {
		a++;
		b++;
	}
	return *a == *b;
}

static uint64_t tsc_khz(void)
{
	return cpuid(0x40000010u, 0).eax;
}

/* ---- run=spin ---- */

/* Two TSC reads further apart than this: the vCPU was off its CPU (or in the hypervisor) in between. A loop
 * iteration is a few instructions, i.e. a few ticks under Bochs. */
#define GAP_TICKS 400u

static void spin(void)
{
	uint64_t t0 = 0, t1 = 0;
	if (!cmdline_uint("t0", &t0) || !cmdline_uint("t1", &t1) || t1 <= t0) {
		fail("spin window", "expected t0=T t1=T with t0 < t1, got \"%s\"", guest_cmdline());
		return;
	}
	uint64_t ran = 0, loops = 0;
	uint32_t n = 0;
	/*
	 * With RFLAGS.IF = 1, though nothing interrupts it: under Bochs 2.7 a guest that entered with IF = 0 and
	 * keeps it so never takes the VM exit an IPI to its CPU should cause (external-interrupt exiting does not
	 * depend on IF, SDM Vol. 3C 25.2; measured here: 1 such exit instead of ~400), so the hypervisor's kick
	 * could not preempt it before its scheduler deadline and warp would show nothing.
	 */
	__asm__ __volatile__("sti" ::: "memory");
	uint64_t prev = rdtsc(), start = prev;
	for (;;) {
		uint64_t now = rdtsc();
		bool last = now >= t1;
		if (now - prev > GAP_TICKS || last) {
			/* An interval [start, prev] of uninterrupted running ended: count its part inside the window. */
			uint64_t a = start > t0 ? start : t0, b = prev < t1 ? prev : t1;
			if (b > a) {
				ran += b - a;
				if (n < SHARE_MAX_INTERVALS) {
					mbox->interval[n][0] = start;
					mbox->interval[n][1] = prev;
					n++;
				}
			}
			start = now;
		}
		if (last)
			break;
		if (now >= t0)
			loops++;
		prev = now;
	}
	mbox->ran = ran;
	mbox->loops = loops;
	mbox->intervals = n;
	mbox->magic = SHARE_MAILBOX_MAGIC;
	__atomic_store_n(&mbox->done, 1u, __ATOMIC_RELEASE);
	gprintf("share_user: spin: ran %llu of %llu ticks in the window, %llu loops, %u intervals\n",
		(unsigned long long)ran, (unsigned long long)(t1 - t0), (unsigned long long)loops, n);
	check_true("spin ran inside its window", ran > 0, "some ticks", "none");
}

/* ---- run=ping ---- */

static void ping(void)
{
	uint64_t n = 32, think = 0, until = 0, total = 0;
	cmdline_uint("n", &n);
	cmdline_uint("think", &think);
	cmdline_uint("until", &until);
	if (n > SHARE_MAX_SAMPLES)
		n = SHARE_MAX_SAMPLES;
	uint64_t s[SHARE_MAX_SAMPLES];
	/* n OUTs, or with until=T OUTs until TSC T (the first n recorded). */
	for (uint64_t i = 0; until ? rdtsc() < until : i < n; i++, total++) {
		uint64_t a = rdtsc();
		/* The value is the TSC's low half: the device model tells how long the request took to reach it. */
		outl(SHARE_PING_PORT, (uint32_t)a);
		uint64_t b = rdtsc();
		if (i < n) {
			s[i] = b - a;
			mbox->sample[i] = b - a;
		}
		if (think)
			tsc_delay(think);
	}
	if (total < n)
		n = total;
	if (until)
		gprintf("share_user: ping: %llu requests until TSC %llu\n", (unsigned long long)total,
			(unsigned long long)until);
	mbox->samples = (uint32_t)n;
	mbox->magic = SHARE_MAILBOX_MAGIC;
	__atomic_store_n(&mbox->done, 1u, __ATOMIC_RELEASE);
	for (uint64_t i = 1; i < n; i++) /* insertion sort: n <= 64 */
		for (uint64_t j = i; j > 0 && s[j - 1] > s[j]; j--) {
			uint64_t t = s[j];
			s[j] = s[j - 1];
			s[j - 1] = t;
		}
	gprintf("share_user: ping: %llu round trips, min %llu, median %llu, max %llu ticks\n", (unsigned long long)n,
		(unsigned long long)s[0], (unsigned long long)s[n / 2], (unsigned long long)s[n - 1]);
	bench("ioreq_pio_ticks", s[n / 2]);
	check_true("ping round trips", n > 0 && s[0] > 0, "at least one", "none");
}

/* ---- run=hcall ---- */

static uint8_t page[4096] __attribute__((aligned(4096)));

static void hcall(void)
{
	int64_t id = hvkit_hc(HVKIT_HC_SELF_ID, 0, 0, 0);
	char got[64];
	gsnprintf(got, sizeof(got), "%lld", (long long)id);
	check_true("self_id (any VM may ask)", id > 0 && id < 64, "its VM id", got);
	check_dec("version (any VM may ask)", HVKIT_ABI_VERSION, (uint64_t)hvkit_hc(HVKIT_HC_VERSION, 0, 0, 0));
	uint64_t buf = (uint64_t)(uintptr_t)page, self = (uint64_t)id;
	const struct {
		uint32_t nr;
		const char *name;
		uint64_t a0, a1, a2;
	} calls[] = {
		{ HVKIT_HC_HV_INFO, "hv_info", buf, 0, 0 },
		{ HVKIT_HC_VM_CREATE, "vm_create", buf, 0, 0 },
		{ HVKIT_HC_VM_START, "vm_start", self, 0, 0 },
		{ HVKIT_HC_VM_PAUSE, "vm_pause", self, 0, 0 },
		{ HVKIT_HC_VM_RESET, "vm_reset", self, 0, 0 },
		{ HVKIT_HC_VM_DESTROY, "vm_destroy", self, 0, 0 },
		{ HVKIT_HC_VM_SET_MEMORY, "vm_set_memory", buf, 0, 0 },
		{ HVKIT_HC_VCPU_SET_STATE, "vcpu_set_state", buf, 0, 0 },
		{ HVKIT_HC_IOREQ_SETUP, "ioreq_setup", self, buf, 0 },
		{ HVKIT_HC_IOREQ_COMPLETE, "ioreq_complete", self, 0, 0 },
		{ HVKIT_HC_INJECT_IRQ, "inject_irq", self, 4, HVKIT_IRQ_PULSE },
		{ HVKIT_HC_INJECT_MSI, "inject_msi", self, 0xfee00000u, 0x30 },
		{ HVKIT_HC_VM_STATUS, "vm_status", buf, 0, 0 },
	};
	/* Plausible structures, so that only the caller's kind can be the reason for a refusal. */
	struct hvkit_vm_create *c = (struct hvkit_vm_create *)page;
	memcpy(c->name, "user1", 6);
	c->vcpus = 1;
	for (unsigned i = 0; i < sizeof(calls) / sizeof(calls[0]); i++) {
		int64_t r = hvkit_hc(calls[i].nr, calls[i].a0, calls[i].a1, calls[i].a2);
		char check[64];
		gsnprintf(check, sizeof(check), "%s (0x%x) refused", calls[i].name, calls[i].nr);
		gsnprintf(got, sizeof(got), "%lld", (long long)r);
		check_true(check, r == -HVKIT_EPERM, "-1 (EPERM)", got);
	}
	/* The rate limit lets 10 lines a second through: one more refusal after a second names the rest. */
	tsc_delay(tsc_khz() * 1100u);
	int64_t r = hvkit_hc(HVKIT_HC_VM_CREATE, buf, 0, 0);
	gsnprintf(got, sizeof(got), "%lld", (long long)r);
	check_true("vm_create refused again a second later", r == -HVKIT_EPERM, "-1 (EPERM)", got);
}

/* ---- run=irq ---- */

#define IOAPIC_BASE 0xFEC00000u
static volatile uint32_t ioapic_irqs, msi_irqs;

static void on_ioapic(struct trap_frame *f)
{
	(void)f;
	ioapic_irqs++;
	lapic_eoi();
}

static void on_msi(struct trap_frame *f)
{
	(void)f;
	msi_irqs++;
	lapic_eoi();
}

/* HLT with interrupts on until *count reaches 1, at most `ticks`. */
static uint32_t wait_irq(volatile uint32_t *count, uint64_t ticks)
{
	uint64_t end = rdtsc() + ticks;
	while (*count == 0 && rdtsc() < end) {
		__asm__ __volatile__("sti; hlt; cli" ::: "memory");
	}
	return *count;
}

static void irq(void)
{
	irq_idt_load();
	if (!lapic_init_mode())
		return;
	irq_set_handler(SHARE_IRQ_VECTOR, on_ioapic);
	irq_set_handler(SHARE_MSI_VECTOR, on_msi);
	/* Edge, active high, fixed, to this vCPU. */
	volatile uint32_t *sel = (volatile uint32_t *)(uintptr_t)IOAPIC_BASE;
	volatile uint32_t *win = (volatile uint32_t *)(uintptr_t)(IOAPIC_BASE + 0x10u);
	*sel = 0x10u + 2u * SHARE_IRQ_PIN + 1u;
	*win = lapic_get_id() << 24;
	*sel = 0x10u + 2u * SHARE_IRQ_PIN;
	*win = SHARE_IRQ_VECTOR;
	uint64_t second = tsc_khz() * 1000u;
	outl(SHARE_PING_PORT, SHARE_PING_IRQ);
	char got[32];
	gsnprintf(got, sizeof(got), "%u", wait_irq(&ioapic_irqs, second));
	check_true("vioapic pin interrupt injected by the device model", ioapic_irqs == 1, "1", got);
	outl(SHARE_PING_PORT, SHARE_PING_MSI);
	gsnprintf(got, sizeof(got), "%u", wait_irq(&msi_irqs, second));
	check_true("msi injected by the device model", msi_irqs == 1, "1", got);
	/* Nothing else arrived: no second edge, no stray vector. */
	tsc_delay(second / 10);
	gsnprintf(got, sizeof(got), "%u, %u, %u stray", ioapic_irqs, msi_irqs, irq_stray_count);
	check_true("one interrupt each, nothing stray", ioapic_irqs == 1 && msi_irqs == 1 && irq_stray_count == 0,
		   "1, 1, 0 stray", got);
}

/* ---- run=hang ---- */

static void hang(void)
{
	gprintf("share_user: hang: spinning with interrupts off, no I/O, no HLT\n");
	serial_flush();
	for (;;)
		__asm__ __volatile__("cli; pause" ::: "memory");
}

void guest_main(void)
{
	char mode[16];
	cmdline_run(mode, sizeof(mode));
	if (streq(mode, "spin"))
		spin();
	else if (streq(mode, "ping"))
		ping();
	else if (streq(mode, "hcall"))
		hcall();
	else if (streq(mode, "hang"))
		hang();
	else if (streq(mode, "irq"))
		irq();
	else
		fail("run", "expected run=spin|ping|hcall|hang|irq, got \"%s\"", guest_cmdline());
}

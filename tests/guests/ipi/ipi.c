/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * ipi: inter-processor interrupts between the VM's two vCPUs, in x2APIC (`mode=x2apic`, default) or xAPIC
 * (`mode=xapic`) mode. Every vector below has a handler that counts arrivals per CPU (BSP or AP, told apart by
 * the APIC ID read in the handler) and EOIs; each check then wants exactly one arrival on the right CPU and none
 * on the other.
 *   - the boot CPU starts the AP itself (INIT, STARTUP, STARTUP through the ICR, trampoline at 0x8000) and the AP
 *     puts its own local APIC in the same mode;
 *   - fixed IPI BSP -> AP and AP -> BSP, physical destination (vectors 0x50, 0x51);
 *   - logical destination (vector 0x52 to the AP alone, 0x53 to both CPUs at once): x2APIC cluster mode with
 *     the read-only LDRs ((id >> 4) << 16 | 1 << (id & 15), checked), or xAPIC flat model (DFR = 0xFFFFFFFF,
 *     LDR = 0x01 << 24 on the BSP and 0x02 << 24 on the AP, checked by reading back);
 *   - self-IPI: x2APIC SELF IPI register (MSR 0x83F, vector 0x54) in x2apic mode, and the ICR's "self"
 *     destination shorthand (vector 0x55) in both modes;
 *   - an IPI to an APIC ID that is not in the VM (`foreign=N`, default 7; vector 0x56) must not arrive anywhere:
 *     both CPUs keep interrupts open for 2,000,000 TSC ticks and count nothing (nor any stray vector);
 *   - BENCH ipi_roundtrip_ticks: median of 200 BSP -> AP -> BSP ping-pongs (the AP's handler answers).
 * Command line: mode=x2apic|xapic, cpus=N (2 default; with 1 only the self and foreign IPIs), ap=ID (the AP's
 * APIC ID, default 1 or 0), foreign=ID, quirks=bochs (native Bochs runs; see apiclib.h: its x2APIC LDR).
 */
#include "../apiclib/apiclib.h"

const char guest_name[] = "ipi";

#define TRAMPOLINE_PAGE 0x8000u
#define V_BSP2AP 0x50u
#define V_AP2BSP 0x51u
#define V_LOGICAL 0x52u
#define V_LOGICAL_BOTH 0x53u
#define V_SELF_MSR 0x54u
#define V_SELF_SHORTHAND 0x55u
#define V_FOREIGN 0x56u
#define V_PING 0x57u
#define V_PONG 0x58u
#define WAIT_TICKS 2000000ull
#define AP_TIMEOUT 500000000ull
#define PINGS 200u

enum { BSP = 0, AP = 1 };

static uint8_t ap_stack[16384] __attribute__((aligned(16)));
static volatile uint32_t counts[2][256];
static volatile uint32_t pong_count;
static volatile uint64_t pong_tsc;
static uint32_t bsp_id, ap_id;
static volatile uint32_t ap_online, ap_reported_id, ap_ldr, ap_dfr;
static volatile uint32_t ap_cmd, ap_ack; /* mailbox: the BSP asks, the AP does it and acks */

enum { CMD_NONE, CMD_SEND_TO_BSP };

static void count_irq(struct trap_frame *f)
{
	unsigned v = (unsigned)f->vector & 0xffu;
	unsigned cpu = lapic_get_id() == bsp_id ? BSP : AP;
	__atomic_add_fetch(&counts[cpu][v], 1u, __ATOMIC_SEQ_CST);
	lapic_eoi();
}

static void ping_irq(struct trap_frame *f)
{
	(void)f;
	lapic_send_ipi(bsp_id, ICR_FIXED | ICR_ASSERT | V_PONG); /* the AP answers at once */
	lapic_eoi();
}

static void pong_irq(struct trap_frame *f)
{
	(void)f;
	pong_tsc = rdtsc();
	__atomic_add_fetch(&pong_count, 1u, __ATOMIC_SEQ_CST);
	lapic_eoi();
}

static void ap_main(void)
{
	irq_idt_load();
	lapic_cpu_setup();
	if (lapic_mode == LAPIC_MODE_XAPIC) {
		lapic_write(LAPIC_DFR, 0xFFFFFFFFu); /* flat model */
		lapic_write(LAPIC_LDR, 0x02u << 24);
	}
	ap_reported_id = lapic_get_id();
	ap_ldr = lapic_read(LAPIC_LDR);
	ap_dfr = lapic_mode == LAPIC_MODE_XAPIC ? lapic_read(LAPIC_DFR) : 0;
	__atomic_store_n(&ap_online, 1u, __ATOMIC_SEQ_CST);
	for (;;) {
		uint32_t cmd = __atomic_load_n(&ap_cmd, __ATOMIC_SEQ_CST);
		if (cmd == CMD_SEND_TO_BSP) {
			lapic_send_ipi(bsp_id, ICR_FIXED | ICR_ASSERT | V_AP2BSP);
			__atomic_store_n(&ap_cmd, CMD_NONE, __ATOMIC_SEQ_CST);
			__atomic_add_fetch(&ap_ack, 1u, __ATOMIC_SEQ_CST);
		}
		irq_window();
	}
}

static bool wait_flag(volatile uint32_t *flag, uint64_t timeout)
{
	return wait_count(flag, 1, timeout) != 0;
}

/* Wait (interrupts open) and check exactly `want_bsp`/`want_ap` arrivals of vector v. */
static void expect_arrivals(const char *check, unsigned v, uint32_t want_bsp, uint32_t want_ap)
{
	uint64_t t0 = rdtsc();
	while (rdtsc() - t0 < WAIT_TICKS &&
	       (counts[BSP][v] < want_bsp || counts[AP][v] < want_ap))
		irq_window();
	wait_count(&counts[BSP][v], 0xffffffffu, WAIT_TICKS / 4); /* and a while longer for duplicates */
	char exp[64], got[64];
	gsnprintf(exp, sizeof(exp), "bsp %u, ap %u", want_bsp, want_ap);
	gsnprintf(got, sizeof(got), "bsp %u, ap %u", counts[BSP][v], counts[AP][v]);
	check_true(check, counts[BSP][v] == want_bsp && counts[AP][v] == want_ap, exp, got);
}

static bool start_ap(void)
{
	uint8_t sipi = ap_prepare(TRAMPOLINE_PAGE, ap_main, ap_stack + sizeof(ap_stack));
	gprintf("ipi: starting apic_id=%u: INIT, SIPI vector 0x%x, SIPI (%s ICR)\n", ap_id, sipi, lapic_mode_name());
	lapic_send_ipi(ap_id, APIC_ICR_INIT | APIC_ICR_LEVEL_ASSERT);
	tsc_delay(1000000);
	for (int i = 0; i < 2 && !ap_online; i++) {
		lapic_send_ipi(ap_id, APIC_ICR_STARTUP | APIC_ICR_LEVEL_ASSERT | sipi);
		tsc_delay(100000);
	}
	if (!wait_flag(&ap_online, AP_TIMEOUT)) {
		fail("ap online", "expected apic_id=%u online within %llu ticks, got no sign of it", ap_id,
		     (unsigned long long)AP_TIMEOUT);
		return false;
	}
	return check_dec("ap online with its apic id", ap_id, ap_reported_id);
}

static void test_physical(void)
{
	lapic_send_ipi(ap_id, ICR_FIXED | ICR_ASSERT | V_BSP2AP);
	expect_arrivals("fixed ipi bsp -> ap (physical)", V_BSP2AP, 0, 1);

	__atomic_store_n(&ap_cmd, CMD_SEND_TO_BSP, __ATOMIC_SEQ_CST);
	wait_flag(&ap_ack, AP_TIMEOUT);
	expect_arrivals("fixed ipi ap -> bsp (physical)", V_AP2BSP, 1, 0);
}

static void test_logical(void)
{
	uint32_t ap_dest, both_dest;
	char got[96];
	bool both_ok = true;
	if (lapic_mode == LAPIC_MODE_X2APIC) {
		uint32_t bsp_ldr = lapic_read(LAPIC_LDR);
		uint32_t want_bsp = ((bsp_id >> 4) << 16) | (1u << (bsp_id & 15));
		uint32_t want_ap = ((ap_id >> 4) << 16) | (1u << (ap_id & 15));
		check_hex("x2apic ldr of the bsp = cluster<<16 | 1<<(id&15)", want_bsp, bsp_ldr);
		check_hex("x2apic ldr of the ap = cluster<<16 | 1<<(id&15)", want_ap, ap_ldr);
		ap_dest = want_ap;
		both_ok = (bsp_id >> 4) == (ap_id >> 4);
		both_dest = want_bsp | want_ap;
	} else {
		check_hex("xapic dfr flat model (bsp)", 0xFFFFFFFFu, lapic_read(LAPIC_DFR));
		check_hex("xapic dfr flat model (ap)", 0xFFFFFFFFu, ap_dfr);
		check_hex("xapic ldr (bsp) reads back", 0x01u << 24, lapic_read(LAPIC_LDR) & 0xFF000000u);
		check_hex("xapic ldr (ap) reads back", 0x02u << 24, ap_ldr & 0xFF000000u);
		ap_dest = 0x02;
		both_dest = 0x03;
	}
	gsnprintf(got, sizeof(got), "%s", lapic_mode == LAPIC_MODE_X2APIC ? "cluster" : "flat");
	lapic_send_ipi(ap_dest, ICR_FIXED | ICR_ASSERT | ICR_DEST_LOGICAL | V_LOGICAL);
	char name[96];
	gsnprintf(name, sizeof(name), "logical ipi (%s, dest 0x%x) reaches the ap only", got, ap_dest);
	expect_arrivals(name, V_LOGICAL, 0, 1);
	if (!both_ok) {
		gprintf("ipi: bsp and ap in different x2apic clusters: no two-CPU logical IPI\n");
		return;
	}
	lapic_send_ipi(both_dest, ICR_FIXED | ICR_ASSERT | ICR_DEST_LOGICAL | V_LOGICAL_BOTH);
	gsnprintf(name, sizeof(name), "logical ipi (%s, dest 0x%x) reaches both cpus", got, both_dest);
	expect_arrivals(name, V_LOGICAL_BOTH, 1, 1);
}

static void test_self(void)
{
	if (lapic_mode == LAPIC_MODE_X2APIC) {
		lapic_write(LAPIC_SELF_IPI, V_SELF_MSR);
		expect_arrivals("self ipi (x2apic SELF IPI msr 0x83f)", V_SELF_MSR, 1, 0);
	}
	lapic_send_ipi(0, ICR_FIXED | ICR_ASSERT | ICR_SHORTHAND_SELF | V_SELF_SHORTHAND);
	expect_arrivals("self ipi (icr shorthand self)", V_SELF_SHORTHAND, 1, 0);
}

static void test_foreign(uint32_t foreign)
{
	uint32_t stray0 = irq_stray_count;
	lapic_send_ipi(foreign, ICR_FIXED | ICR_ASSERT | V_FOREIGN);
	uint64_t t0 = rdtsc();
	while (rdtsc() - t0 < WAIT_TICKS)
		irq_window();
	char name[96], got[96];
	gsnprintf(name, sizeof(name), "ipi to apic id %u (not in the vm) arrives nowhere", foreign);
	gsnprintf(got, sizeof(got), "bsp %u, ap %u, stray %u (last vector 0x%x)", counts[BSP][V_FOREIGN],
		  counts[AP][V_FOREIGN], irq_stray_count - stray0, irq_stray_last);
	check_true(name, counts[BSP][V_FOREIGN] == 0 && counts[AP][V_FOREIGN] == 0 && irq_stray_count == stray0,
		   "nothing in 2000000 ticks", got);
}

static void bench_roundtrip(void)
{
	static uint64_t samples[PINGS];
	unsigned n = 0;
	for (unsigned i = 0; i < PINGS; i++) {
		uint32_t before = pong_count;
		uint64_t t0 = rdtsc();
		lapic_send_ipi(ap_id, ICR_FIXED | ICR_ASSERT | V_PING);
		if (wait_count(&pong_count, before + 1, WAIT_TICKS) != before + 1)
			break;
		samples[n++] = pong_tsc - t0;
	}
	if (!check_dec("ping-pong ipis answered", PINGS, n))
		return;
	sort_u64(samples, n);
	bench("ipi_roundtrip_ticks", samples[n / 2]);
}

void guest_main(void)
{
	uint64_t cpus = cmdline_uint_or("cpus", 2);
	uint64_t foreign = cmdline_uint_or("foreign", 7);
	irq_idt_load();
	static const unsigned vecs[] = { V_BSP2AP, V_AP2BSP, V_LOGICAL, V_LOGICAL_BOTH, V_SELF_MSR, V_SELF_SHORTHAND,
					 V_FOREIGN };
	for (unsigned i = 0; i < sizeof(vecs) / sizeof(vecs[0]); i++)
		irq_set_handler(vecs[i], count_irq);
	irq_set_handler(V_PING, ping_irq);
	irq_set_handler(V_PONG, pong_irq);
	if (!lapic_init_mode())
		return;
	bsp_id = lapic_get_id();
	if (lapic_mode == LAPIC_MODE_XAPIC) {
		lapic_write(LAPIC_DFR, 0xFFFFFFFFu);
		lapic_write(LAPIC_LDR, 0x01u << 24);
	}
	ap_id = (uint32_t)cmdline_uint_or("ap", bsp_id == 0 ? 1 : 0);
	gprintf("ipi: cmdline \"%s\": cpus=%llu bsp=%u ap=%u foreign=%llu\n", guest_cmdline(),
		(unsigned long long)cpus, bsp_id, ap_id, (unsigned long long)foreign);
	if (foreign == bsp_id || (cpus >= 2 && foreign == ap_id) ||
	    foreign >= (lapic_mode == LAPIC_MODE_XAPIC ? 0xFFu : 0xFFFFFFFFu)) {
		fail("foreign apic id", "expected an ID that is no CPU of the VM and not broadcast, got %llu",
		     (unsigned long long)foreign);
		return;
	}

	test_self();
	if (cpus >= 2) {
		if (!start_ap())
			return;
		test_physical();
		test_logical();
	} else {
		gprintf("ipi: cpus=1: no AP, only the self and foreign IPIs\n");
	}
	test_foreign((uint32_t)foreign);
	if (cpus >= 2)
		bench_roundtrip();
	check_dec("no stray interrupts", 0, irq_stray_count);
}

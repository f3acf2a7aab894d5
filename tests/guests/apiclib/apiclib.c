/* SPDX-License-Identifier: BSD-3-Clause */
/* Shared helpers of the local-APIC test guests: see apiclib.h. */
#include "apiclib.h"

enum lapic_mode lapic_mode = LAPIC_MODE_X2APIC;
static uintptr_t xapic_base = 0xFEE00000u;

/* ---- command line ---- */

bool cmdline_word(const char *key, char *buf, size_t size)
{
	size_t klen = strlen(key);
	const char *p = guest_cmdline();

	while (*p) {
		while (*p == ' ' || *p == '\t')
			p++;
		const char *tok = p;
		while (*p && *p != ' ' && *p != '\t')
			p++;
		if ((size_t)(p - tok) <= klen || memcmp(tok, key, klen) != 0 || tok[klen] != '=')
			continue;
		size_t n = 0;
		for (const char *v = tok + klen + 1; v < p && n + 1 < size; v++)
			buf[n++] = *v;
		if (size)
			buf[n] = '\0';
		return true;
	}
	return false;
}

uint64_t cmdline_uint_or(const char *key, uint64_t dflt)
{
	uint64_t v;
	return cmdline_uint(key, &v) ? v : dflt;
}

/* ---- local APIC ---- */

uint32_t lapic_read(uint32_t reg)
{
	if (lapic_mode == LAPIC_MODE_X2APIC)
		return (uint32_t)rdmsr(X2APIC_MSR(reg));
	return *(volatile uint32_t *)(xapic_base + reg);
}

void lapic_write(uint32_t reg, uint32_t v)
{
	if (lapic_mode == LAPIC_MODE_X2APIC)
		wrmsr(X2APIC_MSR(reg), v);
	else
		*(volatile uint32_t *)(xapic_base + reg) = v;
}

uint32_t lapic_get_id(void)
{
	uint32_t id = lapic_read(LAPIC_ID);
	return lapic_mode == LAPIC_MODE_X2APIC ? id : id >> 24;
}

void lapic_eoi(void) { lapic_write(LAPIC_EOI, 0); }

void lapic_send_ipi(uint32_t dest, uint32_t icr_low)
{
	if (lapic_mode == LAPIC_MODE_X2APIC) {
		/* one 64-bit WRMSR; destination in bits 63:32 */
		wrmsr(X2APIC_MSR(LAPIC_ICR_LO), ((uint64_t)dest << 32) | icr_low);
		return;
	}
	lapic_write(LAPIC_ICR_HI, dest << 24);
	lapic_write(LAPIC_ICR_LO, icr_low);
	for (unsigned i = 0; i < 1000000u && (lapic_read(LAPIC_ICR_LO) & APIC_ICR_PENDING); i++)
		cpu_relax();
}

bool lapic_vector_bit(uint32_t bank, unsigned vector)
{
	return (lapic_read(bank + 0x10u * (vector / 32u)) >> (vector % 32u)) & 1u;
}

const char *lapic_mode_name(void) { return lapic_mode == LAPIC_MODE_X2APIC ? "x2apic" : "xapic"; }

void lapic_cpu_setup(void)
{
	uint64_t base = rdmsr(MSR_IA32_APIC_BASE);
	if (lapic_mode == LAPIC_MODE_X2APIC) {
		x2apic_enable();
		/*
		 * quirks=bochs: Bochs 2.7 derives the x2APIC LDR only on an IA32_APIC_BASE write made while already in
		 * x2APIC mode, so it reads 0 after the switch. Rewriting the same value (architecturally a no-op) makes
		 * it appear. Not done otherwise: a vLAPIC with the same bug must show it.
		 */
		if (quirks_bochs())
			wrmsr(MSR_IA32_APIC_BASE, rdmsr(MSR_IA32_APIC_BASE));
	} else {
		/* SDM Vol. 3A 10.12.5: x2APIC -> xAPIC only through the disabled state. */
		if (base & APIC_BASE_EXTD) {
			wrmsr(MSR_IA32_APIC_BASE, base & ~(APIC_BASE_EN | APIC_BASE_EXTD));
			base &= ~APIC_BASE_EXTD;
		}
		if (!(rdmsr(MSR_IA32_APIC_BASE) & APIC_BASE_EN))
			wrmsr(MSR_IA32_APIC_BASE, base | APIC_BASE_EN);
		xapic_base = (uintptr_t)(rdmsr(MSR_IA32_APIC_BASE) & APIC_BASE_ADDR_MASK);
	}
	lapic_write(LAPIC_SVR, LAPIC_SVR_ENABLE | SPURIOUS_VECTOR);
	lapic_write(LAPIC_TPR, 0);
	lapic_write(LAPIC_LVT_TIMER, LAPIC_LVT_MASKED | 0x20u);
	lapic_write(LAPIC_TIMER_ICR, 0);
	lapic_write(LAPIC_LVT_ERROR, LAPIC_LVT_MASKED | 0xFEu);
	/* Retire anything firmware left in service (no-op normally: EOI with an empty ISR does nothing). */
	for (unsigned i = 0; i < 8; i++)
		if (lapic_read(LAPIC_ISR + 0x10u * i))
			lapic_eoi();
}

bool lapic_init_mode(void)
{
	char word[16] = "x2apic";
	cmdline_word("mode", word, sizeof(word));
	if (memcmp(word, "x2apic", 7) == 0) {
		lapic_mode = LAPIC_MODE_X2APIC;
		if (!x2apic_supported()) {
			fail("mode x2apic", "expected cpuid.1:ecx[21] set, got clear");
			return false;
		}
	} else if (memcmp(word, "xapic", 6) == 0) {
		lapic_mode = LAPIC_MODE_XAPIC;
	} else {
		fail("mode", "expected x2apic or xapic, got \"%s\"", word);
		return false;
	}
	pic_mask_all();
	lapic_cpu_setup();
	uint64_t base = rdmsr(MSR_IA32_APIC_BASE) & (APIC_BASE_EN | APIC_BASE_EXTD);
	uint64_t want = APIC_BASE_EN | (lapic_mode == LAPIC_MODE_X2APIC ? APIC_BASE_EXTD : 0);
	if (base != want) {
		fail("mode", "expected IA32_APIC_BASE EN|EXTD = 0x%llx, got 0x%llx", (unsigned long long)want,
		     (unsigned long long)base);
		return false;
	}
	pass("mode %s (apic id %u)", lapic_mode_name(), lapic_get_id());
	return true;
}

bool quirks_bochs(void)
{
	char w[16];
	return cmdline_word("quirks", w, sizeof(w)) && memcmp(w, "bochs", 6) == 0;
}

bool sdm_check(const char *check, bool cond, const char *expected, const char *got)
{
	if (cond || !quirks_bochs())
		return check_true(check, cond, expected, got);
	gprintf("%s: NOTE %s: expected %s, got %s (quirks=bochs: not counted)\n", guest_name, check, expected, got);
	return false;
}

void pic_mask_all(void)
{
	outb(0x21, 0xff);
	outb(0xa1, 0xff);
}

/* ---- IDT ---- */

struct gate {
	uint16_t off_lo, sel;
	uint8_t ist, attr;
	uint16_t off_mid;
	uint32_t off_hi, zero;
} __attribute__((packed));

struct idtr {
	uint16_t limit;
	uint64_t base;
} __attribute__((packed));

extern char irq_stubs[];
void irq_dispatch(struct trap_frame *f);
void lat_dispatch(struct trap_frame *f);

static struct gate idt256[256] __attribute__((aligned(16)));
static irq_handler_t handlers[256];
static spinlock_t idt_lock;
static bool idt_built;
volatile uint32_t irq_stray_count, irq_stray_last, irq_spurious_count;
irq_handler_t lat_handler;

static void set_gate(unsigned v, uintptr_t addr)
{
	idt256[v] = (struct gate){
		.off_lo = (uint16_t)addr,
		.sel = 0x08, /* the runtime's 64-bit code segment */
		.attr = 0x8e, /* present interrupt gate, DPL 0 */
		.off_mid = (uint16_t)(addr >> 16),
		.off_hi = (uint32_t)(addr >> 32),
	};
}

void irq_idt_load(void)
{
	spin_lock(&idt_lock);
	if (!idt_built) {
		/* Keep the runtime's exception gates (and so its hooks and FAIL reporting). */
		struct idtr cur;
		__asm__ __volatile__("sidt %0" : "=m"(cur));
		size_t n = ((size_t)cur.limit + 1) / sizeof(struct gate);
		if (n > 32)
			n = 32;
		memcpy(idt256, (const void *)(uintptr_t)cur.base, n * sizeof(struct gate));
		for (unsigned v = 32; v < 256; v++)
			set_gate(v, (uintptr_t)(irq_stubs + (v - 32) * 16));
		idt_built = true;
	}
	spin_unlock(&idt_lock);
	struct idtr p = { sizeof(idt256) - 1, (uint64_t)(uintptr_t)idt256 };
	__asm__ __volatile__("lidt %0" : : "m"(p) : "memory");
}

void irq_set_handler(unsigned vector, irq_handler_t h)
{
	if (vector < 256)
		__atomic_store_n(&handlers[vector], h, __ATOMIC_SEQ_CST);
}

void irq_set_raw_gate(unsigned vector, void (*entry)(void))
{
	if (vector >= 32 && vector < 256)
		set_gate(vector, (uintptr_t)entry);
}

void irq_dispatch(struct trap_frame *f)
{
	unsigned v = (unsigned)f->vector & 0xffu;
	irq_handler_t h = __atomic_load_n(&handlers[v], __ATOMIC_SEQ_CST);
	if (h) {
		h(f);
		return;
	}
	if (v == SPURIOUS_VECTOR) { /* a spurious interrupt sets no ISR bit: no EOI */
		__atomic_add_fetch(&irq_spurious_count, 1u, __ATOMIC_SEQ_CST);
		return;
	}
	__atomic_add_fetch(&irq_stray_count, 1u, __ATOMIC_SEQ_CST);
	irq_stray_last = v;
	lapic_eoi();
}

void lat_dispatch(struct trap_frame *f)
{
	if (lat_handler)
		lat_handler(f);
	else
		lapic_eoi();
}

uint32_t wait_count(volatile uint32_t *flag, uint32_t want, uint64_t timeout)
{
	uint64_t t0 = rdtsc();
	while (__atomic_load_n(flag, __ATOMIC_SEQ_CST) < want && rdtsc() - t0 < timeout)
		irq_window();
	return __atomic_load_n(flag, __ATOMIC_SEQ_CST);
}

/* ---- time ---- */

#define PIT_HZ 1193182ull
#define PIT_COUNT 11932u /* 10 ms */

/* TSC ticks in 10 ms of PIT channel 2 (mode 0, gated through port 0x61), 0 when there is no such PIT. */
static uint64_t pit_10ms_ticks(void)
{
	uint8_t saved = inb(0x61);
	if (saved == 0xff) /* nothing decodes port 0x61 */
		return 0;
	outb(0x61, (uint8_t)(saved & ~0x03u)); /* gate low, speaker off */
	outb(0x43, 0xB0);                      /* channel 2, lobyte/hibyte, mode 0, binary */
	outb(0x42, PIT_COUNT & 0xff);
	outb(0x42, PIT_COUNT >> 8);
	outb(0x61, (uint8_t)((saved & ~0x02u) | 0x01u)); /* gate high: count down */
	uint64_t t0 = rdtsc(), t1;
	bool started_low = !(inb(0x61) & 0x20);
	do {
		t1 = rdtsc();
		if (inb(0x61) & 0x20)
			break;
	} while (t1 - t0 < 2000000000ull);
	outb(0x61, saved);
	if (!started_low || t1 - t0 >= 2000000000ull || t1 - t0 < 1000u)
		return 0;
	return t1 - t0;
}

uint64_t tsc_hz_estimate(const char **source)
{
	uint64_t khz;
	if (cmdline_uint("tsc_khz", &khz) && khz) {
		*source = "tsc_khz=";
		return khz * 1000u;
	}
	uint64_t t = pit_10ms_ticks();
	if (t) {
		*source = "pit";
		return t * PIT_HZ / PIT_COUNT;
	}
	uint32_t max = cpuid(0, 0).eax;
	if (max >= 0x15) {
		struct cpuid_regs r = cpuid(0x15, 0);
		if (r.eax && r.ebx && r.ecx) {
			*source = "cpuid.15";
			return (uint64_t)r.ecx * r.ebx / r.eax;
		}
	}
	if (max >= 0x16) {
		struct cpuid_regs r = cpuid(0x16, 0);
		if (r.eax & 0xffff) {
			*source = "cpuid.16";
			return (uint64_t)(r.eax & 0xffff) * 1000000u;
		}
	}
	*source = "none";
	return 0;
}

void sort_u64(uint64_t *v, size_t n)
{
	for (size_t i = 1; i < n; i++) { /* insertion sort: n is at most a few thousand */
		uint64_t x = v[i];
		size_t j = i;
		while (j > 0 && v[j - 1] > x) {
			v[j] = v[j - 1];
			j--;
		}
		v[j] = x;
	}
}

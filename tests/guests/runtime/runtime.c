/* SPDX-License-Identifier: BSD-3-Clause */
/* Runtime start-up, the boot information (Multiboot v1 or PVH), results and exit. */
#include "internal.h"

#define DEBUG_EXIT_PORT 0xf4u
#define BOCHS_SHUTDOWN_PORT 0x8900u

struct boot_info boot_info;

static char cmdline[256];
static unsigned n_passed, n_failed;

static void (*volatile ap_fn)(void);

/* Keep a copy: the information may live in memory a test reuses. */
static void copy_cmdline(uint64_t addr)
{
	const char *src = (const char *)(uintptr_t)addr;
	size_t i = 0;
	while (src[i] && i + 1 < sizeof(cmdline)) {
		cmdline[i] = src[i];
		i++;
	}
	cmdline[i] = '\0';
}

static void add_range(uint64_t addr, uint64_t len, uint32_t type)
{
	if (boot_info.n_ranges < BOOT_MEM_RANGES_MAX)
		boot_info.range[boot_info.n_ranges++] = (struct boot_mem_range){ addr, len, type };
}

/* Multiboot v1 (spec 3.3): flags bit 0 mem_*, bit 2 cmdline, bit 6 the map (each entry `size` + 4 bytes). */
static void read_multiboot(const struct mb_info *mi)
{
	boot_info.valid = true;
	if (mi->flags & MB_INFO_CMDLINE)
		copy_cmdline(mi->cmdline);
	boot_info.has_mem_kib = (mi->flags & MB_INFO_MEMORY) != 0;
	boot_info.mem_lower = mi->mem_lower;
	boot_info.mem_upper = mi->mem_upper;
	boot_info.has_map = (mi->flags & MB_INFO_MMAP) != 0;
	if (!boot_info.has_map)
		return;
	for (uintptr_t p = mi->mmap_addr, end = p + mi->mmap_length; p < end;) {
		const struct mb_mmap_entry *e = (const struct mb_mmap_entry *)p;
		add_range(e->addr, e->len, e->type);
		p += e->size + sizeof(e->size);
	}
}

/* PVH: the start info's magic, its command line and (version >= 1) its memory map. */
static void read_pvh(const struct hvm_start_info *si)
{
	if (si->magic != HVM_START_MAGIC)
		return;
	boot_info.valid = true;
	if (si->cmdline_paddr)
		copy_cmdline(si->cmdline_paddr);
	boot_info.has_map = si->version >= 1;
	const struct hvm_memmap_entry *e = (const struct hvm_memmap_entry *)(uintptr_t)si->memmap_paddr;
	for (uint32_t i = 0; boot_info.has_map && i < si->memmap_entries; i++)
		add_range(e[i].addr, e[i].size, e[i].type);
}

void runtime_start(uint32_t magic, uint32_t info)
{
	serial_init();
	idt_init();
	idt_load();

	boot_info.magic = magic;
	if (magic == MB_BOOT_MAGIC && info != 0)
		read_multiboot((const struct mb_info *)(uintptr_t)info);
	else if (magic == HVM_START_MAGIC && info != 0)
		read_pvh((const struct hvm_start_info *)(uintptr_t)info);
	if (!boot_info.valid)
		fail("boot entry", "expected Multiboot (eax=0x%x) or PVH (start info magic 0x%x), got eax=0x%x ebx=0x%x",
		     MB_BOOT_MAGIC, HVM_START_MAGIC, magic, info);

	guest_main();
	guest_done();
}

const char *guest_cmdline(void) { return cmdline; }

static bool is_space(char c) { return c == ' ' || c == '\t'; }

bool cmdline_uint(const char *key, uint64_t *out)
{
	size_t klen = strlen(key);
	const char *p = cmdline;

	while (*p) {
		while (is_space(*p))
			p++;
		const char *tok = p;
		while (*p && !is_space(*p))
			p++;
		if ((size_t)(p - tok) <= klen || memcmp(tok, key, klen) != 0 || tok[klen] != '=')
			continue;
		const char *v = tok + klen + 1;
		uint64_t val = 0;
		unsigned base = 10;
		if (v[0] == '0' && (v[1] == 'x' || v[1] == 'X')) {
			base = 16;
			v += 2;
		}
		if (v == p)
			return false;
		for (; v < p; v++) {
			unsigned d;
			if (*v >= '0' && *v <= '9')
				d = (unsigned)(*v - '0');
			else if (base == 16 && *v >= 'a' && *v <= 'f')
				d = (unsigned)(*v - 'a' + 10);
			else if (base == 16 && *v >= 'A' && *v <= 'F')
				d = (unsigned)(*v - 'A' + 10);
			else
				return false;
			val = val * base + d;
		}
		*out = val;
		return true;
	}
	return false;
}

void tsc_delay(uint64_t ticks)
{
	uint64_t start = rdtsc();
	while (rdtsc() - start < ticks)
		cpu_relax();
}

/* ---- application processors ---- */

uint8_t ap_prepare(uint32_t page, void (*fn)(void), void *stack_top)
{
	size_t len = (size_t)(ap_trampoline_end - ap_trampoline_start);
	memcpy((void *)(uintptr_t)page, ap_trampoline_start, len);
	ap_fn = fn;
	__atomic_store_n(&ap_stack_top, (uint64_t)(uintptr_t)stack_top & ~0xfull, __ATOMIC_SEQ_CST);
	return (uint8_t)(page >> 12);
}

void runtime_ap_start(void)
{
	idt_load();
	void (*fn)(void) = ap_fn;
	if (fn)
		fn();
	halt_forever();
}

/* ---- results ---- */

void pass(const char *check_fmt, ...)
{
	char check[256];
	va_list ap;
	va_start(ap, check_fmt);
	gvsnprintf(check, sizeof(check), check_fmt, ap);
	va_end(ap);
	__atomic_add_fetch(&n_passed, 1u, __ATOMIC_SEQ_CST);
	gprintf("%s: PASS %s\n", guest_name, check);
}

void fail(const char *check, const char *detail_fmt, ...)
{
	char detail[256];
	va_list ap;
	va_start(ap, detail_fmt);
	gvsnprintf(detail, sizeof(detail), detail_fmt, ap);
	va_end(ap);
	__atomic_add_fetch(&n_failed, 1u, __ATOMIC_SEQ_CST);
	gprintf("%s: FAIL %s: %s\n", guest_name, check, detail);
}

bool check_hex(const char *check, uint64_t expected, uint64_t got)
{
	if (expected == got) {
		pass("%s", check);
		return true;
	}
	fail(check, "expected 0x%llx, got 0x%llx", (unsigned long long)expected, (unsigned long long)got);
	return false;
}

bool check_dec(const char *check, uint64_t expected, uint64_t got)
{
	if (expected == got) {
		pass("%s", check);
		return true;
	}
	fail(check, "expected %llu, got %llu", (unsigned long long)expected, (unsigned long long)got);
	return false;
}

bool check_true(const char *check, bool cond, const char *expected, const char *got)
{
	if (cond)
		pass("%s", check);
	else
		fail(check, "expected %s, got %s", expected, got);
	return cond;
}

/* A figure's name gets the prefix given as "bench_prefix=P" on the command line (e.g. "partition."),
 * so the harness can tell figures of different configurations apart. */
void bench(const char *name, uint64_t value)
{
	char prefix[32] = "";
	const char *c = guest_cmdline();
	for (; *c; c++) {
		const char *k = "bench_prefix=";
		unsigned int i = 0;
		while (k[i] && c[i] == k[i])
			i++;
		if (k[i] == '\0' && (c == guest_cmdline() || c[-1] == ' ')) {
			unsigned int n = 0;
			for (c += i; *c && *c != ' ' && n + 1 < sizeof(prefix); c++)
				prefix[n++] = *c;
			prefix[n] = '\0';
			break;
		}
	}
	gprintf("%s: BENCH %s%s: %llu\n", guest_name, prefix, name, (unsigned long long)value);
}

unsigned passed_count(void) { return __atomic_load_n(&n_passed, __ATOMIC_SEQ_CST); }
unsigned failed_count(void) { return __atomic_load_n(&n_failed, __ATOMIC_SEQ_CST); }

void guest_done(void)
{
	unsigned p = passed_count(), f = failed_count();
	gprintf("%s: DONE passed=%u failed=%u\n", guest_name, p, f);
	guest_exit(f != 0 ? 1u : 0u);
}

void guest_exit(uint32_t status)
{
	serial_flush();
	outl(DEBUG_EXIT_PORT, status);
	/* Ends a native Bochs run; the hypervisor ignores it. */
	for (const char *s = "Shutdown"; *s; s++)
		outb(BOCHS_SHUTDOWN_PORT, (uint8_t)*s);
	halt_forever();
}

void halt_forever(void)
{
	for (;;)
		__asm__ __volatile__("cli; hlt" ::: "memory");
}

/* ---- memory (the compiler may emit calls to these) ---- */

void *memset(void *dst, int c, size_t n)
{
	unsigned char *d = dst;
	while (n--)
		*d++ = (unsigned char)c;
	return dst;
}

void *memcpy(void *dst, const void *src, size_t n)
{
	unsigned char *d = dst;
	const unsigned char *s = src;
	while (n--)
		*d++ = *s++;
	return dst;
}

void *memmove(void *dst, const void *src, size_t n)
{
	unsigned char *d = dst;
	const unsigned char *s = src;
	if (d < s) {
		while (n--)
			*d++ = *s++;
	} else {
		while (n--)
			d[n] = s[n];
	}
	return dst;
}

int memcmp(const void *a, const void *b, size_t n)
{
	const unsigned char *x = a, *y = b;
	for (size_t i = 0; i < n; i++)
		if (x[i] != y[i])
			return x[i] < y[i] ? -1 : 1;
	return 0;
}

size_t strlen(const char *s)
{
	size_t n = 0;
	while (s[n])
		n++;
	return n;
}

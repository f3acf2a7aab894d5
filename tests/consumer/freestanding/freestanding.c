/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * A freestanding program using the installed freestanding archives (hvkit-ept, hvkit-vlapic, hvkit-sched):
 * compiled with -nostdinc (compiler headers only) and the .pc files' Cflags, linked -nostdlib -static -no-pie.
 * It provides exactly what README.md, "Using a library from another project", says a freestanding consumer
 * provides: <hvkit/platform.h>, the string functions, the stack protector's __stack_chk_fail and a canary at
 * %fs:0x28. No C library: _start points %fs at a block of its own (arch_prctl), calls into each library and
 * exits with status 0 when every call succeeded (Linux system calls only).
 */
#include <ept/ept.h>
#include <ept/pt_ext.h>
#include <hvkit/platform.h>
#include <sched/sched.h>
#include <sched/sched_noop.h>
#include <stdarg.h>
#include <vlapic/vlapic.h>

/* ---- the string functions ---- */
void *memset(void *d, int c, size_t n)
{
	unsigned char *p = d;
	while (n--)
		*p++ = (unsigned char)c;
	return d;
}

void *memcpy(void *restrict d, const void *restrict s, size_t n)
{
	unsigned char *p = d;
	const unsigned char *q = s;
	while (n--)
		*p++ = *q++;
	return d;
}

void *memmove(void *d, const void *s, size_t n)
{
	unsigned char *p = d;
	const unsigned char *q = s;
	if (p < q)
		while (n--)
			*p++ = *q++;
	else
		while (n--)
			p[n] = q[n];
	return d;
}

int memcmp(const void *a, const void *b, size_t n)
{
	const unsigned char *p = a, *q = b;
	for (; n; n--, p++, q++)
		if (*p != *q)
			return *p - *q;
	return 0;
}

size_t strlen(const char *s)
{
	size_t n = 0;
	while (s[n])
		n++;
	return n;
}

int strncmp(const char *a, const char *b, size_t n)
{
	for (; n; n--, a++, b++)
		if (*a != *b || *a == '\0')
			return (unsigned char)*a - (unsigned char)*b;
	return 0;
}

int strcmp(const char *a, const char *b)
{
	return strncmp(a, b, (size_t)-1);
}

_Noreturn void __stack_chk_fail(void);
_Noreturn void __stack_chk_fail(void)
{
	for (;;)
		__asm__ volatile("hlt");
}

/* ---- <hvkit/platform.h>: a static page pool, identity "physical" addresses, one CPU ---- */
static _Alignas(PLAT_PAGE_SIZE) unsigned char pool[16][PLAT_PAGE_SIZE];
static unsigned int pool_next;
static uint64_t ticks;

void *plat_page_alloc(size_t npages)
{
	if (npages == 0 || pool_next + npages > 16)
		return NULL;
	void *p = pool[pool_next];
	pool_next += (unsigned int)npages;
	return memset(p, 0, npages * PLAT_PAGE_SIZE);
}

void plat_page_free(void *va, size_t npages)
{
	(void)va, (void)npages; /* a bump allocator */
}

uint64_t plat_virt_to_phys(const void *va) { return (uint64_t)(uintptr_t)va; }
void *plat_phys_to_virt(uint64_t pa) { return (void *)(uintptr_t)pa; }

void plat_log(enum plat_log_level level, const char *fmt, ...)
{
	(void)level, (void)fmt;
}

_Noreturn void plat_panic(const char *fmt, ...)
{
	(void)fmt;
	__stack_chk_fail();
}

void plat_lock(plat_lock_t *lock)
{
	while (__atomic_exchange_n(&lock->locked, 1u, __ATOMIC_ACQUIRE))
		;
}

void plat_unlock(plat_lock_t *lock) { __atomic_store_n(&lock->locked, 0u, __ATOMIC_RELEASE); }
unsigned int plat_cpu_index(void) { return 0; }
uint64_t plat_tsc(void) { return ticks++; }
uint64_t plat_tsc_hz(void) { return 1000000000ull; }

/* ---- the program: one call into each library ---- */
static void nop(void *vcpu) { (void)vcpu; }
static void arm(struct vlapic *vl, uint64_t t) { (void)vl, (void)t; }
static void cancel(struct vlapic *vl) { (void)vl; }
static void eoi(struct vlapic *vl, uint8_t v) { (void)vl, (void)v; }
static void sipi(void *vcpu, uint8_t v) { (void)vcpu, (void)v; }
static void unroutable(void *c, struct vlapic *s, uint32_t d, uint32_t i) { (void)c, (void)s, (void)d, (void)i; }
static void notify(void *vcpu, uint8_t nv, uint32_t nd) { (void)vcpu, (void)nv, (void)nd; }
static const struct vlapic_ops ops = {
	.kick = nop, .timer_arm = arm, .timer_cancel = cancel, .eoi_level = eoi, .init = nop, .sipi = sipi,
	.inject_nmi = nop, .unroutable = unroutable, .pi_notify = notify,
};

static long sys(long nr, long a, long b, long c)
{
	long ret;
	__asm__ volatile("syscall" : "=a"(ret) : "a"(nr), "D"(a), "S"(b), "d"(c) : "rcx", "r11", "memory");
	return ret;
}

static int run(void)
{
	static struct pt_table ept;
	static struct vlapic_vm vm;
	static struct vlapic vl;
	static struct sched_pcpu pcpu;
	static struct sched_entity se;
	const uint64_t cap = EPT_VPID_CAP_PWL4 | EPT_VPID_CAP_WB | EPT_VPID_CAP_2M;
	const struct pt_prot ram = { .perm = PT_PERM_RWX, .memtype = EPT_MT_WB };
	const struct vlapic_vm_config cfg = { .ops = &ops, .maxphyaddr = 39, .tsc_per_bus_tick = 1 };
	struct pt_mapping m;
	uint64_t eptp;
	if (ept_create(&ept, cap, 39) != 0 || pt_map(&ept, 0, 0x40000000, 0x200000, &ram) != 0 ||
	    pt_walk(&ept, 0x1234, &m) != 0 || m.hpa != 0x40000000 || m.page_size != 0x200000 ||
	    ept_eptp(&ept, cap, false, &eptp) != 0)
		return 1;
	if (vlapic_vm_init(&vm, &cfg) != 0 || vlapic_create(&vl, &vm, 0, true, NULL) != 0 ||
	    vlapic_mmio_write(&vl, vlapic_mmio_base(&vl) + APIC_OFF_SVR, 4, 0x1FF) != 0 ||
	    vlapic_accept_intr(&vl, 0x30, false) != 0 || vlapic_pending_vector(&vl) != 0x30)
		return 2;
	bool kick;
	sched_entity_init(&se, NULL);
	if (sched_pcpu_init(&pcpu, 0, &sched_noop_ops, NULL) != 0 || sched_add(&pcpu, &se) != 0 ||
	    sched_wake(&se, &kick) != 0 || sched_pick_next(&pcpu, NULL) != &se)
		return 3;
	return 0;
}

/* What %fs points at: the stack protector reads its canary at %fs:0x28 (word 5). */
static uint64_t fs_block[8] = { [5] = 0x5a17c3e9d2b4f601ull };

void _start(void) __attribute__((force_align_arg_pointer, noreturn));
void _start(void)
{
	static const char pass[] = "freestanding: PASS\n", fail[] = "freestanding: FAIL\n";
	sys(158 /* arch_prctl */, 0x1002 /* ARCH_SET_FS */, (long)fs_block, 0);
	int rc = run();
	sys(1 /* write */, 1, (long)(rc == 0 ? pass : fail), (long)sizeof(pass) - 1);
	sys(60 /* exit */, rc, 0, 0);
	for (;;)
		;
}

/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * The shared runtime of hvkit's test guests.
 *
 * A guest is a Multiboot v1 ELF64 image loaded at 1 MiB. The runtime's 32-bit entry builds identity page
 * tables for the low 4 GiB, enters long mode, installs an IDT and a serial console, then calls the guest's
 * guest_main() on the boot CPU. A guest defines guest_name[] (the prefix of every line it prints) and
 * guest_main(); when guest_main() returns, the runtime prints the DONE line and exits.
 *
 * Output protocol (one line each, on the 16550 at port 0x3f8):
 *   <guest>: PASS <check>
 *   <guest>: FAIL <check>: expected <x>, got <y>
 *   <guest>: BENCH <name>: <value>
 *   <guest>: DONE passed=N failed=M
 * and then guest_exit(0 if all passed else 1).
 */
#ifndef GUEST_H
#define GUEST_H

#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* ---- defined by each guest ---- */
extern const char guest_name[];
void guest_main(void);

/* ---- Multiboot v1 ---- */
#define MB_BOOT_MAGIC 0x2BADB002u
#define MB_INFO_MEMORY (1u << 0)
#define MB_INFO_CMDLINE (1u << 2)
#define MB_INFO_MMAP (1u << 6)

struct mb_info {
	uint32_t flags;
	uint32_t mem_lower; /* KiB from 0 */
	uint32_t mem_upper; /* KiB from 1 MiB */
	uint32_t boot_device;
	uint32_t cmdline;
	uint32_t mods_count;
	uint32_t mods_addr;
	uint32_t syms[4];
	uint32_t mmap_length;
	uint32_t mmap_addr;
} __attribute__((packed));

/* One memory-map entry; `size` counts the bytes after itself. */
struct mb_mmap_entry {
	uint32_t size;
	uint64_t addr;
	uint64_t len;
	uint32_t type; /* 1: usable RAM */
} __attribute__((packed));

#define MB_MMAP_USABLE 1u

/* ---- PVH (Xen's hvm_start_info, version 1; xen/include/public/arch-x86/hvm/start_info.h) ---- */
#define HVM_START_MAGIC 0x336EC578u

struct hvm_start_info {
	uint32_t magic;
	uint32_t version;
	uint32_t flags;
	uint32_t nr_modules;
	uint64_t modlist_paddr;
	uint64_t cmdline_paddr;
	uint64_t rsdp_paddr;
	uint64_t memmap_paddr;   /* version >= 1 */
	uint32_t memmap_entries; /* version >= 1 */
	uint32_t reserved;
};

struct hvm_memmap_entry {
	uint64_t addr;
	uint64_t size;
	uint32_t type; /* 1: RAM, 2: reserved */
	uint32_t reserved;
};

/* ---- what the guest was booted with, by either protocol (copied at entry: a test may reuse the memory) ---- */
struct boot_mem_range {
	uint64_t addr;
	uint64_t len;
	uint32_t type; /* 1: usable RAM */
};

#define BOOT_MEM_RANGES_MAX 32u

struct boot_info {
	uint32_t magic;                /* EAX at entry: MB_BOOT_MAGIC, or HVM_START_MAGIC from the PVH entry */
	bool valid;                    /* the information EBX points at matches that magic */
	bool has_mem_kib;              /* Multiboot flags bit 0: mem_lower and mem_upper given */
	uint32_t mem_lower, mem_upper; /* KiB from 0 and from 1 MiB (Multiboot only) */
	bool has_map;                  /* Multiboot flags bit 6, or PVH version >= 1 */
	uint32_t n_ranges;
	struct boot_mem_range range[BOOT_MEM_RANGES_MAX];
};

extern struct boot_info boot_info;
const char *guest_cmdline(void);        /* "" when there is none */
/* Value of `key=<number>` (decimal or 0x hex) anywhere on the command line. */
bool cmdline_uint(const char *key, uint64_t *out);

/* ---- port I/O ---- */
static inline void outb(uint16_t port, uint8_t v) { __asm__ __volatile__("outb %0, %1" : : "a"(v), "Nd"(port)); }
static inline void outw(uint16_t port, uint16_t v) { __asm__ __volatile__("outw %0, %1" : : "a"(v), "Nd"(port)); }
static inline void outl(uint16_t port, uint32_t v) { __asm__ __volatile__("outl %0, %1" : : "a"(v), "Nd"(port)); }
static inline uint8_t inb(uint16_t port)
{
	uint8_t v;
	__asm__ __volatile__("inb %1, %0" : "=a"(v) : "Nd"(port));
	return v;
}
static inline uint16_t inw(uint16_t port)
{
	uint16_t v;
	__asm__ __volatile__("inw %1, %0" : "=a"(v) : "Nd"(port));
	return v;
}
static inline uint32_t inl(uint16_t port)
{
	uint32_t v;
	__asm__ __volatile__("inl %1, %0" : "=a"(v) : "Nd"(port));
	return v;
}

/* ---- CPU ---- */
struct cpuid_regs {
	uint32_t eax, ebx, ecx, edx;
};

static inline struct cpuid_regs cpuid(uint32_t leaf, uint32_t subleaf)
{
	struct cpuid_regs r;
	__asm__ __volatile__("cpuid" : "=a"(r.eax), "=b"(r.ebx), "=c"(r.ecx), "=d"(r.edx) : "a"(leaf), "c"(subleaf));
	return r;
}

static inline uint64_t rdtsc(void)
{
	uint32_t lo, hi;
	__asm__ __volatile__("rdtsc" : "=a"(lo), "=d"(hi));
	return ((uint64_t)hi << 32) | lo;
}

static inline uint64_t rdmsr(uint32_t msr)
{
	uint32_t lo, hi;
	__asm__ __volatile__("rdmsr" : "=a"(lo), "=d"(hi) : "c"(msr));
	return ((uint64_t)hi << 32) | lo;
}

static inline void wrmsr(uint32_t msr, uint64_t v)
{
	__asm__ __volatile__("wrmsr" : : "c"(msr), "a"((uint32_t)v), "d"((uint32_t)(v >> 32)) : "memory");
}

static inline void cpu_relax(void) { __asm__ __volatile__("pause" ::: "memory"); }
static inline void barrier(void) { __asm__ __volatile__("" ::: "memory"); }

/* Spin for at least `ticks` TSC ticks (under Bochs: one tick per instruction). */
void tsc_delay(uint64_t ticks);

/* ---- traps ---- */
struct trap_frame {
	uint64_t r15, r14, r13, r12, r11, r10, r9, r8;
	uint64_t rbp, rdi, rsi, rdx, rcx, rbx, rax;
	uint64_t vector, error_code;
	uint64_t rip, cs, rflags, rsp, ss; /* pushed by the CPU */
};

/*
 * A hook sees every exception of its vector on every CPU. Return true when handled (the frame, including rip,
 * is then restored); false falls back to the default: a FAIL line naming the exception and guest_exit(1).
 */
typedef bool (*trap_hook_t)(struct trap_frame *frame);
void trap_set_hook(unsigned vector, trap_hook_t hook);
void idt_load(void); /* load the runtime's IDT on this CPU */

#define VEC_UD 6
#define VEC_DF 8
#define VEC_GP 13
#define VEC_PF 14

/* ---- local APIC ---- */
#define MSR_IA32_TSC 0x10u
#define MSR_IA32_APIC_BASE 0x1Bu
#define MSR_IA32_FEATURE_CONTROL 0x3Au
#define APIC_BASE_BSP (1ull << 8)
#define APIC_BASE_EXTD (1ull << 10) /* x2APIC mode */
#define APIC_BASE_EN (1ull << 11)
#define APIC_BASE_ADDR_MASK 0xFFFFFF000ull

#define X2APIC_MSR(reg_offset) (0x800u + ((reg_offset) >> 4))
#define APIC_REG_ID 0x20u
#define APIC_REG_VERSION 0x30u
#define APIC_REG_ICR_LO 0x300u
#define APIC_REG_ICR_HI 0x310u

#define APIC_ICR_INIT (5u << 8)
#define APIC_ICR_STARTUP (6u << 8)
#define APIC_ICR_LEVEL_ASSERT (1u << 14)
#define APIC_ICR_PENDING (1u << 12) /* xAPIC only */

bool x2apic_supported(void);
/* Switch this CPU's local APIC to x2APIC mode (IA32_APIC_BASE EN then EXTD). */
void x2apic_enable(void);
uint32_t x2apic_id(void);
void x2apic_send_icr(uint32_t dest, uint32_t icr_low);

/* xAPIC (MMIO) access at the base IA32_APIC_BASE names; the top GiB is mapped uncached. */
uint32_t xapic_read(uint32_t reg);
void xapic_write(uint32_t reg, uint32_t v);
uint32_t xapic_id(void);
void xapic_send_icr(uint32_t dest, uint32_t icr_low);

/* ---- application processors ---- */
/*
 * Copy the real-mode AP trampoline to `page` (4 KiB aligned, below 1 MiB) and arrange for the next AP that
 * comes through it to run `fn` on `stack_top` in long mode with this runtime's IDT loaded. Returns the
 * STARTUP IPI vector (page >> 12).
 */
uint8_t ap_prepare(uint32_t page, void (*fn)(void), void *stack_top);

/* ---- locks and atomics ---- */
typedef struct {
	volatile uint32_t locked;
} spinlock_t;

static inline void spin_lock(spinlock_t *l)
{
	while (__atomic_exchange_n(&l->locked, 1u, __ATOMIC_ACQUIRE) != 0u)
		while (__atomic_load_n(&l->locked, __ATOMIC_RELAXED) != 0u)
			cpu_relax();
}

static inline void spin_unlock(spinlock_t *l) { __atomic_store_n(&l->locked, 0u, __ATOMIC_RELEASE); }

/* ---- console ---- */
void serial_putc(char c);
/* Wait (bounded) until the UART has sent everything: before anything that may end the VM abruptly. */
void serial_flush(void);
int gvsnprintf(char *buf, size_t size, const char *fmt, va_list ap);
int gsnprintf(char *buf, size_t size, const char *fmt, ...) __attribute__((format(printf, 3, 4)));
/* printf to the serial port; each call's output is written atomically with respect to other CPUs. */
int gprintf(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

/* ---- results ---- */
/* "<guest>: PASS <check>" */
void pass(const char *check_fmt, ...) __attribute__((format(printf, 1, 2)));
/* "<guest>: FAIL <check>: <detail>", detail normally "expected X, got Y" */
void fail(const char *check, const char *detail_fmt, ...) __attribute__((format(printf, 2, 3)));
/* PASS or FAIL by comparison; values printed in hex (check_hex) or decimal (check_dec). Return the outcome. */
bool check_hex(const char *check, uint64_t expected, uint64_t got);
bool check_dec(const char *check, uint64_t expected, uint64_t got);
/* PASS when cond; otherwise FAIL with the given expected/got texts. */
bool check_true(const char *check, bool cond, const char *expected, const char *got);
/* "<guest>: BENCH <name>: <value>" */
void bench(const char *name, uint64_t value);
unsigned passed_count(void);
unsigned failed_count(void);
/* Print "<guest>: DONE passed=N failed=M" and guest_exit(M != 0). */
__attribute__((noreturn)) void guest_done(void);

/* Write status to the debug-exit port 0xf4, "Shutdown" to port 0x8900, then halt forever. */
__attribute__((noreturn)) void guest_exit(uint32_t status);
__attribute__((noreturn)) void halt_forever(void);

/* ---- memory ---- */
void *memset(void *dst, int c, size_t n);
void *memcpy(void *dst, const void *src, size_t n);
void *memmove(void *dst, const void *src, size_t n);
int memcmp(const void *a, const void *b, size_t n);
size_t strlen(const char *s);

/* Image bounds from the linker script. */
extern char __image_start[], __image_end[];

#endif

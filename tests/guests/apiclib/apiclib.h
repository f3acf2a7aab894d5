/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Shared helpers of the local-APIC test guests (apic_timer, ipi, ioapic_level, latency); built into each of them.
 *
 *   - mode selection: `mode=x2apic` (default) or `mode=xapic` on the command line; every register access then
 *     goes through the x2APIC MSRs (0x800 + offset/16) or the xAPIC page at IA32_APIC_BASE (0xFEE00000);
 *   - a 256-entry IDT: the runtime's exception gates 0..31 are copied, vectors 32..255 go to stubs that call a
 *     per-vector C handler (irq_set_handler) with the interrupted frame; a vector nobody claimed is counted
 *     (irq_stray_count) and EOI'd, the spurious vector (0xFF) is counted and not EOI'd;
 *   - the 8259 PICs masked (the BIOS maps IRQ0 to vector 8), small timing helpers.
 */
#ifndef APICLIB_H
#define APICLIB_H

#include "guest.h"

/* Local APIC register offsets (xAPIC MMIO offset; the x2APIC MSR is 0x800 + offset/16). */
#define LAPIC_ID 0x020u
#define LAPIC_VERSION 0x030u
#define LAPIC_TPR 0x080u
#define LAPIC_EOI 0x0B0u
#define LAPIC_LDR 0x0D0u
#define LAPIC_DFR 0x0E0u /* xAPIC only */
#define LAPIC_SVR 0x0F0u
#define LAPIC_ISR 0x100u /* 8 registers, 0x10 apart */
#define LAPIC_TMR 0x180u
#define LAPIC_IRR 0x200u
#define LAPIC_ESR 0x280u
#define LAPIC_ICR_LO 0x300u
#define LAPIC_ICR_HI 0x310u /* xAPIC only */
#define LAPIC_LVT_TIMER 0x320u
#define LAPIC_LVT_LINT0 0x350u
#define LAPIC_LVT_LINT1 0x360u
#define LAPIC_LVT_ERROR 0x370u
#define LAPIC_TIMER_ICR 0x380u /* initial count */
#define LAPIC_TIMER_CCR 0x390u /* current count */
#define LAPIC_TIMER_DCR 0x3E0u /* divide configuration */
#define LAPIC_SELF_IPI 0x3F0u /* x2APIC only (MSR 0x83F) */

#define LAPIC_SVR_ENABLE (1u << 8)
#define LAPIC_LVT_MASKED (1u << 16)
#define LAPIC_TIMER_ONESHOT (0u << 17)
#define LAPIC_TIMER_PERIODIC (1u << 17)
#define LAPIC_TIMER_TSC_DEADLINE (2u << 17)

#define ICR_FIXED (0u << 8)
#define ICR_DEST_LOGICAL (1u << 11)
#define ICR_ASSERT (1u << 14)
#define ICR_LEVEL (1u << 15)
#define ICR_SHORTHAND_SELF (1u << 18)
#define ICR_SHORTHAND_ALL_BUT_SELF (3u << 18)

#define MSR_IA32_TSC_DEADLINE 0x6E0u
#define SPURIOUS_VECTOR 0xFFu

enum lapic_mode { LAPIC_MODE_X2APIC, LAPIC_MODE_XAPIC };
extern enum lapic_mode lapic_mode;

/* The value of `key=<word>` on the command line copied to buf (NUL-terminated); false when absent. */
bool cmdline_word(const char *key, char *buf, size_t size);
/* `key=N` or the default. */
uint64_t cmdline_uint_or(const char *key, uint64_t dflt);

/*
 * Reads `mode=`, checks the CPU supports it (x2APIC: CPUID.1:ECX[21]) and puts the boot CPU's local APIC in that
 * mode (lapic_cpu_setup). Prints "mode x2apic|xapic" as PASS. False (after a FAIL line) when it cannot.
 */
bool lapic_init_mode(void);
/* This CPU: APIC in lapic_mode, software-enabled with the spurious vector 0xFF, TPR 0, timer/LINT masked. */
void lapic_cpu_setup(void);
const char *lapic_mode_name(void);

uint32_t lapic_read(uint32_t reg);
void lapic_write(uint32_t reg, uint32_t v);
uint32_t lapic_get_id(void); /* full 32-bit x2APIC ID, or the 8-bit xAPIC ID */
void lapic_eoi(void);
/* Fixed/INIT/... IPI: dest is an APIC ID (physical) or a logical destination (with ICR_DEST_LOGICAL). */
void lapic_send_ipi(uint32_t dest, uint32_t icr_low);
/* true when bit `vector` is set in the ISR / IRR / TMR bank starting at `bank` */
bool lapic_vector_bit(uint32_t bank, unsigned vector);

void pic_mask_all(void);

/*
 * `quirks=bochs` on the command line: for the few checks where Bochs 2.7 itself departs from the SDM (its IOAPIC
 * has no remote IRR and ignores EOI, it does not clear IA32_TSC_DEADLINE when the timer fires), a failure is
 * printed as "<guest>: NOTE <check>: expected X, got Y (quirks=bochs)" and not counted, so a native run can
 * prove everything else. Without it (under the hypervisor) those are ordinary checks. It also rewrites
 * IA32_APIC_BASE with its own value after the switch to x2APIC mode, because Bochs only then fills in the
 * x2APIC LDR.
 */
bool quirks_bochs(void);
bool sdm_check(const char *check, bool cond, const char *expected, const char *got);

/* ---- interrupts ---- */
typedef void (*irq_handler_t)(struct trap_frame *frame);
/* Build the 256-entry IDT (once) and load it on this CPU; call on every CPU that takes interrupts. */
void irq_idt_load(void);
void irq_set_handler(unsigned vector, irq_handler_t handler);
/* Point vector's gate straight at an assembly entry (no C dispatch); see irq.S's latency stub. */
void irq_set_raw_gate(unsigned vector, void (*entry)(void));
/* The latency gate (irq.S): RDTSC first, into lat_entry_tsc, then lat_handler(frame) (which must EOI). */
void lat_entry(void);
extern volatile uint64_t lat_entry_tsc;
extern irq_handler_t lat_handler;
extern volatile uint32_t irq_stray_count;    /* vectors 32..254 without a handler */
extern volatile uint32_t irq_stray_last;     /* the last such vector */
extern volatile uint32_t irq_spurious_count; /* vector 0xFF */

static inline void irq_on(void) { __asm__ __volatile__("sti" ::: "memory"); }
static inline void irq_off(void) { __asm__ __volatile__("cli" ::: "memory"); }
/* Enable interrupts and halt until one has been taken, then disable again (STI's shadow covers HLT). */
static inline void irq_wait_hlt(void) { __asm__ __volatile__("sti; hlt; cli" ::: "memory"); }
/* Briefly open an interrupt window. */
static inline void irq_window(void) { __asm__ __volatile__("sti; nop; nop; cli" ::: "memory"); }

/* Spin with interrupts enabled until *flag >= want or `timeout` TSC ticks pass; returns the final *flag. */
uint32_t wait_count(volatile uint32_t *flag, uint32_t want, uint64_t timeout);

/* ---- time ---- */
/*
 * TSC ticks per second: `tsc_khz=N` on the command line, else measured against PIT channel 2 (10 ms), else CPUID
 * leaf 0x15/0x16. *source names where it came from. 0 when nothing works.
 */
uint64_t tsc_hz_estimate(const char **source);

/* Small sort/median helpers for benchmark samples. */
void sort_u64(uint64_t *v, size_t n);

#endif

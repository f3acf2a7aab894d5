/* SPDX-License-Identifier: BSD-3-Clause */
/* Per-CPU data. FS base points at the CPU's block, so %fs:0x28 is its stack-protector canary. */
#ifndef HVKIT_CORE_PERCPU_H
#define HVKIT_CORE_PERCPU_H

#include "../../arch/asm_defs.h"
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct recover_point;

struct tss64 {
	uint32_t reserved0;
	uint64_t rsp[3];
	uint64_t reserved1;
	uint64_t ist[7];
	uint64_t reserved2;
	uint16_t reserved3;
	uint16_t iomap_base;
} __attribute__((packed));

/* IST slots (SDM Vol. 3A 6.14.5): faults that must never run on a possibly broken stack. */
enum { IST_DOUBLE_FAULT = 1, IST_NMI = 2, IST_MACHINE_CHECK = 3 };

struct percpu {
	struct percpu *self;       /* 0x00 */
	uint64_t reserved[4];      /* 0x08 */
	uint64_t stack_canary;     /* 0x28: read by -fstack-protector code as %fs:0x28 */
	unsigned int index;
	uint32_t apic_id;
	volatile bool online;
	bool vmx_on;
	uint64_t stack_top;
	struct tss64 tss;
	void *vmx;                 /* lib/vmx per-CPU state */
	volatile uint64_t timer_irqs;
	/* Its LAPIC belongs to a guest: kick it with an NMI, and this says the NMI was ours. */
	volatile bool kick_with_nmi;
	volatile bool nmi_kick;
	/* NMIs that reached this CPU in root mode but belong to the guest whose LAPIC it is (a
	 * self-NMI sent by the ICR filter, an NMI IPI from a sibling vCPU): injected at the next entry. */
	volatile uint32_t guest_nmis;
	/* Set while the CPU runs a vCPU: an exception then stops that VM (core/include/core/recover.h). */
	struct recover_point *recover;
};

_Static_assert(offsetof(struct percpu, stack_canary) == 0x28, "canary must sit at %fs:0x28");

extern struct percpu percpu_blocks[HV_MAX_CPUS];
extern unsigned int cpu_count;

static inline struct percpu *this_cpu(void)
{
	struct percpu *p;
	__asm__ volatile("movq %%fs:0, %0" : "=r"(p));
	return p;
}

/* Point FS base at CPU index's block and give it a fresh canary. Call before any protected code. */
void percpu_early_init(unsigned int index, uint32_t apic_id);
/* GDT TSS descriptor, TR and IDT for the calling CPU; stacks from percpu_stack_top(). */
void cpu_tables_init(struct percpu *cpu);
uint64_t percpu_stack_top(unsigned int index);
/* Is pa one of a CPU's stack guard pages (left unmapped by the hypervisor's page tables)? */
bool percpu_is_guard_page(uint64_t pa);

#endif

/* SPDX-License-Identifier: BSD-3-Clause */
/* Interrupt and exception dispatch. */
#ifndef HVKIT_CORE_TRAP_H
#define HVKIT_CORE_TRAP_H

#include <stdint.h>

/* What the stubs in arch/isr.S push, lowest address first. */
struct trap_frame {
	uint64_t r15, r14, r13, r12, r11, r10, r9, r8, rbp, rdi, rsi, rdx, rcx, rbx, rax;
	uint64_t vector, error_code;
	uint64_t rip, cs, rflags, rsp, ss;
};

typedef void (*irq_handler_t)(struct trap_frame *frame);

/* Vectors the hypervisor itself uses. */
enum {
	VECTOR_PIC_BASE = 0x20,      /* the 8259s, remapped and masked */
	VECTOR_HOST_TIMER = 0xf0,
	VECTOR_HOST_IPI = 0xf1,
	VECTOR_SPURIOUS = 0xff,
};

/* Register a handler for vector >= 32; the dispatcher sends the LAPIC EOI after it. */
void irq_register(unsigned int vector, irq_handler_t handler);
void trap_dispatch(struct trap_frame *frame);

/* "backtrace: RIP" and one such line per return address along the RBP chain (core/cpu/backtrace.c), or nothing
 * (backtrace_none.c, the lapic_pt image). */
void trap_backtrace(uint64_t rbp, uint64_t rip);
/* "#GP general protection", ... for vectors 0-31. */
const char *exception_name(uint64_t vector);
/* Stop the calling CPU for good after printing why (never returns). */
_Noreturn void cpu_stop(const char *why);

#endif

/* SPDX-License-Identifier: BSD-3-Clause */
/* Runtime-internal declarations shared between the runtime's own files. */
#ifndef GUEST_INTERNAL_H
#define GUEST_INTERNAL_H

#include "guest.h"

void serial_init(void);
int gvprintf(const char *fmt, va_list ap);
void idt_init(void);

/* Called from entry.S. */
void runtime_start(uint32_t magic, uint32_t info);
void runtime_ap_start(void);
void trap_dispatch(struct trap_frame *frame);

/* entry.S symbols */
extern char ap_trampoline_start[], ap_trampoline_end[];
extern char trap_stubs[];
extern uint64_t ap_stack_top;
extern char __bss_start[], __bss_end[];

#endif

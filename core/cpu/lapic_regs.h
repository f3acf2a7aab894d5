/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Between the host LAPIC driver (lapic.c) and its register access, chosen at link time: lapic_access.c (x2APIC
 * where the CPU has it, xAPIC MMIO otherwise) or lapic_access_x2apic.c (x2APIC only: the lapic_pt image, whose
 * VMs need it anyway). Register numbers are the xAPIC MMIO offsets >> 4, i.e. x2APIC MSR - 0x800 (SDM Vol. 3A
 * 11.12.1.2).
 */
#ifndef HVKIT_CORE_CPU_LAPIC_REGS_H
#define HVKIT_CORE_CPU_LAPIC_REGS_H

#include <stdint.h>

enum {
	REG_ID = 0x2, REG_VERSION = 0x3, REG_TPR = 0x8, REG_EOI = 0xb, REG_SVR = 0xf, REG_ESR = 0x28,
	REG_ICR_LO = 0x30, REG_ICR_HI = 0x31, REG_LVT_TIMER = 0x32, REG_LVT_LINT0 = 0x35,
	REG_LVT_LINT1 = 0x36, REG_LVT_ERROR = 0x37, REG_TIMER_INIT = 0x38, REG_TIMER_CUR = 0x39,
	REG_TIMER_DIV = 0x3e, REG_LVT_CMCI = 0x2f, REG_LVT_THERMAL = 0x33, REG_LVT_PERF = 0x34,
};

uint32_t lapic_read(unsigned int reg);
void lapic_write(unsigned int reg, uint32_t v);
/* Enable this CPU's LAPIC in the mode the access unit drives; cpuid1_ecx is CPUID.1:ECX. */
void lapic_enable(uint32_t cpuid1_ecx);

#endif

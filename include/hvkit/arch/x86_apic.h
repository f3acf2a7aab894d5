/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * The local APIC as an emulated one sees it (lib/vlapic): its xAPIC register page, the x2APIC MSR range and the
 * register fields only an emulation decodes. The constants every unit shares (IA32_APIC_BASE, the ICR, the
 * x2APIC MSRs the pass-through model filters) are in <hvkit/arch/x86.h>, which this header includes, so that an
 * image without an emulated LAPIC (lapic_pt) compiles none of these.
 */
#ifndef HVKIT_ARCH_X86_APIC_H
#define HVKIT_ARCH_X86_APIC_H

#include <hvkit/arch/x86.h>

/* LVT timer modes (SDM Vol. 3A 11.5.1, figure 11-8). */
enum apic_timer_mode {
	APIC_TIMER_ONE_SHOT = 0,
	APIC_TIMER_PERIODIC = 1,
	APIC_TIMER_TSC_DEADLINE = 2,
};

/* Local APIC register offsets in the xAPIC page (SDM Vol. 3A table 11-1). */
#define APIC_OFF_ID 0x020u
#define APIC_OFF_VERSION 0x030u
#define APIC_OFF_TPR 0x080u
#define APIC_OFF_APR 0x090u
#define APIC_OFF_PPR 0x0A0u
#define APIC_OFF_EOI 0x0B0u
#define APIC_OFF_RRD 0x0C0u
#define APIC_OFF_LDR 0x0D0u
#define APIC_OFF_DFR 0x0E0u
#define APIC_OFF_SVR 0x0F0u
#define APIC_OFF_ISR0 0x100u
#define APIC_OFF_TMR0 0x180u
#define APIC_OFF_IRR0 0x200u
#define APIC_OFF_ESR 0x280u
#define APIC_OFF_LVT_CMCI 0x2F0u
#define APIC_OFF_ICR_LOW 0x300u
#define APIC_OFF_ICR_HIGH 0x310u
#define APIC_OFF_LVT_TIMER 0x320u
#define APIC_OFF_LVT_THERMAL 0x330u
#define APIC_OFF_LVT_PMC 0x340u
#define APIC_OFF_LVT_LINT0 0x350u
#define APIC_OFF_LVT_LINT1 0x360u
#define APIC_OFF_LVT_ERROR 0x370u
#define APIC_OFF_TIMER_ICR 0x380u /* initial count */
#define APIC_OFF_TIMER_CCR 0x390u /* current count */
#define APIC_OFF_TIMER_DCR 0x3E0u /* divide configuration */
#define APIC_OFF_SELF_IPI 0x3F0u  /* x2APIC only (MSR 0x83F) */

/* The x2APIC MSR map: MSR = 0x800 + offset / 16 (SDM Vol. 3A 11.12.1.2). */
#define MSR_X2APIC_FIRST 0x800u
#define MSR_X2APIC_LAST 0x8FFu
#define X2APIC_MSR(off) (MSR_X2APIC_FIRST + ((off) >> 4))
#define MSR_X2APIC_SELF_IPI 0x83Fu

/* SVR (SDM Vol. 3A 11.9). */
#define APIC_SVR_VECTOR 0xFFu
#define APIC_SVR_ENABLE (1u << 8)
#define APIC_SVR_EOI_SUPPRESS (1u << 12)

/* LVT entry fields (SDM Vol. 3A 11.5.1, figure 11-8); the mask bit is in <hvkit/arch/x86.h>. */
#define APIC_LVT_VECTOR 0xFFu
#define APIC_LVT_DELIVERY_MODE (7u << 8)
#define APIC_LVT_DELIVERY_STATUS (1u << 12)
#define APIC_LVT_REMOTE_IRR (1u << 14)
#define APIC_LVT_LEVEL (1u << 15)
#define APIC_LVT_TIMER_MODE_SHIFT 17
#define APIC_LVT_TIMER_MODE (3u << 17)

/* ESR receive-side errors (SDM Vol. 3A 11.5.3). */
#define APIC_ESR_RECEIVE_ILLEGAL_VECTOR (1u << 6)
#define APIC_ESR_ILLEGAL_REGISTER (1u << 7)

/* DFR models (SDM Vol. 3A 11.6.2.2). */
#define APIC_DFR_MODEL_FLAT 0xFu
#define APIC_DFR_RESERVED_ONES 0x0FFFFFFFu

#endif /* HVKIT_ARCH_X86_APIC_H */

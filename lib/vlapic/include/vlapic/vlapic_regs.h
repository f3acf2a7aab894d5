/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Local APIC architectural constants: register offsets in the xAPIC MMIO page
 * (SDM Vol. 3A Table 11-1), the x2APIC MSR map (SDM Vol. 3A 11.12.1.2: MSR =
 * 0x800 + offset / 16) and register bit fields.
 */
#ifndef VLAPIC_VLAPIC_REGS_H
#define VLAPIC_VLAPIC_REGS_H

#include <stdint.h>

/* Register offsets in the APIC page. */
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

/* MSRs. */
#define MSR_IA32_APIC_BASE 0x01Bu
#define MSR_IA32_TSC_DEADLINE 0x6E0u
#define MSR_X2APIC_FIRST 0x800u
#define MSR_X2APIC_LAST 0x8FFu
#define MSR_X2APIC_ICR 0x830u
#define MSR_X2APIC_SELF_IPI 0x83Fu
#define X2APIC_MSR(off) (MSR_X2APIC_FIRST + ((off) >> 4))

/* IA32_APIC_BASE (SDM Vol. 3A 11.4.4, 11.12.1). */
#define APIC_BASE_BSP (1ull << 8)
#define APIC_BASE_EXTD (1ull << 10)
#define APIC_BASE_EN (1ull << 11)
#define APIC_BASE_ADDR_SHIFT 12
#define APIC_BASE_DEFAULT 0xFEE00000ull

/* Version register (SDM Vol. 3A 11.4.8). */
#define APIC_VERSION_VALUE 0x14u
#define APIC_VERSION_MAX_LVT_SHIFT 16
#define APIC_VERSION_EOI_SUPPRESS (1u << 24)
#define APIC_NUM_LVT 7u

/* SVR (SDM Vol. 3A 11.9). */
#define APIC_SVR_VECTOR 0xFFu
#define APIC_SVR_ENABLE (1u << 8)
#define APIC_SVR_EOI_SUPPRESS (1u << 12)

/* LVT entries (SDM Vol. 3A 11.5.1, Figure 11-8). */
#define APIC_LVT_VECTOR 0xFFu
#define APIC_LVT_DELIVERY_MODE (7u << 8)
#define APIC_LVT_DELIVERY_STATUS (1u << 12)
#define APIC_LVT_POLARITY (1u << 13)
#define APIC_LVT_REMOTE_IRR (1u << 14)
#define APIC_LVT_LEVEL (1u << 15)
#define APIC_LVT_MASKED (1u << 16)
#define APIC_LVT_TIMER_MODE_SHIFT 17
#define APIC_LVT_TIMER_MODE (3u << 17)

enum apic_timer_mode {
	APIC_TIMER_ONE_SHOT = 0,
	APIC_TIMER_PERIODIC = 1,
	APIC_TIMER_TSC_DEADLINE = 2,
};

/* Writable bits per LVT entry. */
#define APIC_LVT_TIMER_WMASK 0x000700FFu
#define APIC_LVT_CMCI_WMASK 0x000107FFu
#define APIC_LVT_THERMAL_WMASK 0x000107FFu
#define APIC_LVT_PMC_WMASK 0x000107FFu
#define APIC_LVT_LINT_WMASK 0x0001A7FFu
#define APIC_LVT_ERROR_WMASK 0x000100FFu

/* Delivery modes (ICR and LVT, SDM Vol. 3A 11.6.1). */
enum apic_delivery_mode {
	APIC_DM_FIXED = 0,
	APIC_DM_LOWEST = 1,
	APIC_DM_SMI = 2,
	APIC_DM_NMI = 4,
	APIC_DM_INIT = 5,
	APIC_DM_STARTUP = 6,
	APIC_DM_EXTINT = 7,
};

/* ICR (SDM Vol. 3A 11.6.1, 11.12.9). */
#define APIC_ICR_VECTOR 0xFFu
#define APIC_ICR_DM_SHIFT 8
#define APIC_ICR_DM (7u << 8)
#define APIC_ICR_DEST_LOGICAL (1u << 11)
#define APIC_ICR_DELIVERY_STATUS (1u << 12)
#define APIC_ICR_LEVEL_ASSERT (1u << 14)
#define APIC_ICR_TRIGGER_LEVEL (1u << 15)
#define APIC_ICR_SHORTHAND_SHIFT 18
#define APIC_ICR_SHORTHAND (3u << 18)
#define APIC_ICR_LOW_WMASK 0x000CCFFFu
#define APIC_ICR_HIGH_XAPIC_WMASK 0xFF000000u

enum apic_shorthand {
	APIC_SH_NONE = 0,
	APIC_SH_SELF = 1,
	APIC_SH_ALL_INCL_SELF = 2,
	APIC_SH_ALL_EXCL_SELF = 3,
};

/* ESR (SDM Vol. 3A 11.5.3). */
#define APIC_ESR_SEND_CS (1u << 0)
#define APIC_ESR_RECEIVE_CS (1u << 1)
#define APIC_ESR_SEND_ACCEPT (1u << 2)
#define APIC_ESR_RECEIVE_ACCEPT (1u << 3)
#define APIC_ESR_REDIRECTABLE_IPI (1u << 4)
#define APIC_ESR_SEND_ILLEGAL_VECTOR (1u << 5)
#define APIC_ESR_RECEIVE_ILLEGAL_VECTOR (1u << 6)
#define APIC_ESR_ILLEGAL_REGISTER (1u << 7)

/* DFR models (SDM Vol. 3A 11.6.2.2). */
#define APIC_DFR_MODEL_FLAT 0xFu
#define APIC_DFR_MODEL_CLUSTER 0x0u
#define APIC_DFR_RESERVED_ONES 0x0FFFFFFFu

/* Timer divide configuration: bits 0, 1 and 3 (SDM Vol. 3A 11.5.4, Figure 11-10). */
#define APIC_TIMER_DCR_WMASK 0x0000000Bu

#endif

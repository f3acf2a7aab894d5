/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * What the vLAPIC itself fixes: its version register and the writable bits of each register. The
 * architectural register offsets, the x2APIC MSR map and the register bit fields are the platform's
 * (<hvkit/arch/x86.h>).
 */
#ifndef VLAPIC_VLAPIC_REGS_H
#define VLAPIC_VLAPIC_REGS_H

#include <hvkit/arch/x86_apic.h>
#include <stdint.h>

/* Version register (SDM Vol. 3A 11.4.8). */
#define APIC_VERSION_VALUE 0x14u
#define APIC_VERSION_MAX_LVT_SHIFT 16
#define APIC_VERSION_EOI_SUPPRESS (1u << 24)
#define APIC_NUM_LVT 7u

/* Writable bits per LVT entry. */
#define APIC_LVT_TIMER_WMASK 0x000700FFu
#define APIC_LVT_CMCI_WMASK 0x000107FFu
#define APIC_LVT_THERMAL_WMASK 0x000107FFu
#define APIC_LVT_PMC_WMASK 0x000107FFu
#define APIC_LVT_LINT_WMASK 0x0001A7FFu
#define APIC_LVT_ERROR_WMASK 0x000100FFu

/* ICR (SDM Vol. 3A 11.6.1, 11.12.9). */
#define APIC_ICR_LOW_WMASK 0x000CCFFFu
#define APIC_ICR_HIGH_XAPIC_WMASK 0xFF000000u

/* Timer divide configuration: bits 0, 1 and 3 (SDM Vol. 3A 11.5.4, Figure 11-10). */
#define APIC_TIMER_DCR_WMASK 0x0000000Bu

#endif

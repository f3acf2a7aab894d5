/* SPDX-License-Identifier: BSD-3-Clause */
/* Value rules of the MSRs hvkit emulates (SDM Vol. 4 MSR tables, Vol. 2B WRMSR): pure functions. */
#ifndef HVKIT_GUEST_RULES_MSR_RULES_H
#define HVKIT_GUEST_RULES_MSR_RULES_H

#include <hvkit/arch/x86.h>
#include <stdbool.h>
#include <stdint.h>

/* IA32_PAT: every entry a defined memory type (SDM Vol. 3A 11.12.2: 2, 3 and >= 8 are reserved). */
bool pat_valid(uint64_t pat);

/*
 * WRMSR IA32_EFER: #GP on a reserved bit (anything but SCE, LME, LMA, NXE) or on changing LME
 * while paging is on (SDM Vol. 3A 9.8.5, Vol. 4 IA32_EFER). LMA is the CPU's: *out keeps the
 * current LMA whatever val says.
 */
bool efer_write(uint64_t cur, uint64_t val, bool cr0_pg, uint64_t *out);

/*
 * IA32_MISC_ENABLE as hvkit reports it (SDM Vol. 4 Table 2-2): fast strings (bit 0) and xTPR
 * message disable (bit 23) are the guest's; BTS unavailable (11) and PEBS unavailable (12) read 1,
 * performance monitoring available (7), EIST (16), MONITOR FSM (18), limit CPUID maxval (22) and
 * XD disable (34) read 0 (features the guest does not see), and writes to those are ignored;
 * every other bit is reserved (#GP).
 */
#define MISC_ENABLE_FAST_STRINGS (1ull << 0)
#define MISC_ENABLE_XTPR_DISABLE (1ull << 23)
#define MISC_ENABLE_WRITABLE (MISC_ENABLE_FAST_STRINGS | MISC_ENABLE_XTPR_DISABLE)
#define MISC_ENABLE_FIXED_ONE ((1ull << 11) | (1ull << 12))
#define MISC_ENABLE_FIXED_ZERO ((1ull << 7) | (1ull << 16) | (1ull << 18) | (1ull << 22) | (1ull << 34))
#define MISC_ENABLE_RESET (MISC_ENABLE_FAST_STRINGS | MISC_ENABLE_FIXED_ONE)
/* false: #GP; otherwise *out is the new value. */
bool misc_enable_write(uint64_t cur, uint64_t val, uint64_t *out);

/* IA32_DEBUGCTL bits a guest may set: LBR (0) and BTF (1); the rest #GP. */
#define DEBUGCTL_WRITABLE 0x3ull

#endif

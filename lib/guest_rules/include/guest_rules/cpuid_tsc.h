/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * CPUID leaves 15H and 16H as a guest sees them: the rates of the clocks the hypervisor gives it (the
 * TSC, and the local APIC timer's input clock, which leaf 15H calls the core crystal clock: SDM Vol. 3A
 * 11.5.4), not whatever the host's leaves say. A guest then needs no calibration of its own (Linux
 * takes the TSC rate as known and the APIC timer period from ECX).
 */
#ifndef HVKIT_GUEST_RULES_CPUID_TSC_H
#define HVKIT_GUEST_RULES_CPUID_TSC_H

#include <stdint.h>

/* The lowest maximum basic leaf a guest is given, so that it finds leaves 15H and 16H. */
#define CPUID_TSC_MIN_MAX_LEAF 0x16u

/*
 * num/den = tsc_khz/crystal_khz, exactly when it fits, else the closest fraction that does: a guest
 * may multiply crystal kHz by EBX in 32 bits (Linux's native_calibrate_tsc does), so crystal_khz * num
 * stays below 2^32. Both 0 when either rate is 0 or no fraction fits.
 */
void cpuid_tsc_ratio(uint64_t tsc_khz, uint64_t crystal_khz, uint32_t *num, uint32_t *den);

/*
 * Leaf 15H (EAX denominator, EBX numerator, ECX crystal Hz) or 16H (EAX base and EBX maximum MHz: the
 * TSC's rate; ECX bus reference MHz: the timer's) for a TSC of tsc_hz and an APIC timer input clock
 * of timer_hz. Both rates are taken to the kHz. All zero (not enumerated) when either is unknown.
 */
void cpuid_tsc_leaf(uint64_t tsc_hz, uint64_t timer_hz, uint32_t leaf, uint32_t r[4]);

#endif

/* SPDX-License-Identifier: BSD-3-Clause */
/* CPUID leaves 15H and 16H for guests (see cpuid_tsc.h). */
#include <guest_rules/cpuid_tsc.h>
#include <string.h>

/* The last convergent of the continued fraction of p/q whose numerator is at most max_num and whose
 * denominator fits 32 bits: p/q itself in lowest terms when that fits (the last convergent is p/q,
 * and the convergents' terms only grow); *num and *den untouched when not even the first fits. */
static void best_convergent(uint64_t p, uint64_t q, uint64_t max_num, uint32_t *num, uint32_t *den)
{
	uint64_t h0 = 0, h1 = 1, k0 = 1, k1 = 0;
	while (q != 0) {
		uint64_t a = p / q, r = p % q;
		uint64_t h2 = a * h1 + h0, k2 = a * k1 + k0;
		if (h2 > max_num || k2 > UINT32_MAX)
			break;
		h0 = h1, h1 = h2, k0 = k1, k1 = k2;
		p = q, q = r;
	}
	if (h1 != 0 && k1 != 0)
		*num = (uint32_t)h1, *den = (uint32_t)k1;
}

void cpuid_tsc_ratio(uint64_t tsc_khz, uint64_t crystal_khz, uint32_t *num, uint32_t *den)
{
	*num = *den = 0;
	if (tsc_khz == 0 || crystal_khz == 0 || crystal_khz > UINT32_MAX)
		return;
	best_convergent(tsc_khz, crystal_khz, UINT32_MAX / crystal_khz, num, den);
}

void cpuid_tsc_leaf(uint64_t tsc_hz, uint64_t timer_hz, uint32_t leaf, uint32_t r[4])
{
	uint64_t tsc_khz = (tsc_hz + 500) / 1000, crystal_khz = (timer_hz + 500) / 1000;
	uint32_t num, den;
	memset(r, 0, 16);
	if (crystal_khz > UINT32_MAX / 1000u)
		return; /* ECX could not hold it in Hz */
	cpuid_tsc_ratio(tsc_khz, crystal_khz, &num, &den);
	if (num == 0)
		return;
	if (leaf == 0x15) {
		/* SDM Vol. 2A CPUID leaf 15H: TSC = crystal (ECX, Hz) * EBX / EAX. */
		r[0] = den, r[1] = num, r[2] = (uint32_t)(crystal_khz * 1000u);
	} else if (leaf == 0x16) {
		uint64_t tsc_mhz = (tsc_khz + 500) / 1000, bus_mhz = (crystal_khz + 500) / 1000;
		r[0] = r[1] = (uint32_t)(tsc_mhz & 0xffffu);
		r[2] = (uint32_t)(bus_mhz & 0xffffu);
	}
}

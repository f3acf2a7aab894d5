/* SPDX-License-Identifier: BSD-3-Clause */
/* XSAVEC offered to guests where the CPU's own writes the compacted format (share and hybrid; partition and
 * lapic_pt link exit_cpuid_xsavec_none.c, which always hides it). */
#include <core/console.h>
#include <core/vm_internal.h>
#include <core/x86.h>
#include <guest_rules/cpuid_xsave.h>
#include <string.h>

static uint64_t xgetbv0(void)
{
	uint32_t lo, hi;
	__asm__ volatile("xgetbv" : "=a"(lo), "=d"(hi) : "c"(0));
	return ((uint64_t)hi << 32) | lo;
}

static void xsetbv0(uint64_t v)
{
	__asm__ volatile("xsetbv" : : "c"(0), "a"((uint32_t)v), "d"((uint32_t)(v >> 32)) : "memory");
}

/*
 * Does the CPU's XSAVEC write the compacted format, component 2 (AVX) at byte 576 (SDM Vol. 1 13.4.3,
 * 13.10)? Bochs 2.7's starts the extended region 160 bytes early (fixed in Bochs 2.8), while its XRSTOR
 * reads the compacted format where the SDM puts it: a guest using XSAVEC would lose its AVX state at
 * every context switch. Run once, from a vCPU's set-up (the first CPUID the hypervisor asks for a guest),
 * before any guest state lives in this CPU's extended registers; the registers are left in their initial
 * state and XCR0 as it was.
 */
static bool xsavec_compacts(const struct xsave_layout *l)
{
	static uint8_t standard[1024] __attribute__((aligned(64))), compacted[1024] __attribute__((aligned(64)));
	const struct xsave_component *avx = &l->c[2];
	if (!(l->guest_mask & XCR0_AVX) || avx->offset + avx->size > sizeof(standard) || avx->size > 512)
		return true; /* no extended component to place, or none this probe knows */
	uint64_t saved = xgetbv0(), rfbm = XCR0_AVX;
	xsetbv0(XCR0_X87 | XCR0_SSE | XCR0_AVX);
	memset(standard, 0, sizeof(standard));
	for (uint32_t b = 0; b < avx->size; b++)
		standard[avx->offset + b] = (uint8_t)(b * 7u + 3u);
	memcpy(standard + 512, &rfbm, 8); /* XSTATE_BV: AVX from the area (standard format: XCOMP_BV 0) */
	__asm__ volatile("xrstor64 (%0)" : : "r"(standard), "a"((uint32_t)rfbm), "d"(0) : "memory");
	memset(compacted, 0, sizeof(compacted));
	__asm__ volatile("xsavec64 (%0)" : : "r"(compacted), "a"((uint32_t)rfbm), "d"(0) : "memory");
	bool ok = memcmp(compacted + XSAVE_LEGACY_AND_HEADER, standard + avx->offset, avx->size) == 0;
	memset(standard, 0, sizeof(standard)); /* XSTATE_BV 0: AVX back to its initial state */
	__asm__ volatile("xrstor64 (%0)" : : "r"(standard), "a"((uint32_t)rfbm), "d"(0) : "memory");
	xsetbv0(saved);
	return ok;
}

/* XSAVEC (CPUID.0DH:1 EAX[1]) hidden where a probe finds it does not write the compacted format. */
void xsavec_check(struct xsave_layout *x, uint32_t max_leaf)
{
	uint32_t a, b, c, d;
	if (max_leaf < 0xd)
		return;
	cpuid(0xd, 1, &a, &b, &c, &d);
	if ((a & (1u << 1)) && !xsavec_compacts(x)) {
		x->hide_xsavec = true;
		hv_warn("cpuid: this CPU's XSAVEC does not write the compacted format: hidden from guests");
	}
}

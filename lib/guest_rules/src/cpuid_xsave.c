/* SPDX-License-Identifier: BSD-3-Clause */
/* CPUID leaf 0DH for guests (see cpuid_xsave.h). */
#include <guest_rules/cpuid_xsave.h>
#include <string.h>

#define BIT(n) (1u << (n))

void xsave_layout_init(struct xsave_layout *l, uint64_t host_xcr0_mask)
{
	memset(l, 0, sizeof(*l));
	l->guest_mask = host_xcr0_mask & XCR0_GUEST_COMPONENTS;
	/* x87 and SSE live in the legacy region at fixed places (SDM Vol. 1 13.4.1). */
	l->c[0] = (struct xsave_component){ .size = 160, .offset = 0 };
	l->c[1] = (struct xsave_component){ .size = 256, .offset = 160 };
}

void xsave_layout_add(struct xsave_layout *l, unsigned int i, uint32_t eax, uint32_t ebx, uint32_t ecx)
{
	if (i < 2 || i >= XSAVE_COMPONENTS || !(l->guest_mask & (1ull << i)))
		return;
	/* ECX[0] set: a supervisor component (IA32_XSS), which has no standard-format offset. */
	if ((ecx & BIT(0)) || eax == 0 || ebx < XSAVE_LEGACY_AND_HEADER) {
		l->guest_mask &= ~(1ull << i);
		return;
	}
	l->c[i] = (struct xsave_component){ .size = eax, .offset = ebx, .align64 = (ecx & BIT(1)) != 0 };
}

void xsave_layout_finish(struct xsave_layout *l)
{
	for (unsigned int i = 2; i < XSAVE_COMPONENTS; i++)
		if (l->c[i].size == 0)
			l->guest_mask &= ~(1ull << i); /* listed by the host, never described */
	/* SDM Vol. 1 13.3: XCR0 may set AVX only with SSE, and the AVX-512 components only all three
	 * together and with AVX; a guest must be able to enable what it is offered. */
	if (!(l->guest_mask & XCR0_SSE))
		l->guest_mask &= ~XCR0_AVX;
	if ((l->guest_mask & XCR0_AVX512) != XCR0_AVX512 || !(l->guest_mask & XCR0_AVX))
		l->guest_mask &= ~XCR0_AVX512;
}

uint32_t xsave_size_standard(const struct xsave_layout *l, uint64_t xcr0)
{
	uint64_t set = xcr0 & l->guest_mask;
	uint32_t end = XSAVE_LEGACY_AND_HEADER;
	for (unsigned int i = 2; i < XSAVE_COMPONENTS; i++)
		if ((set >> i) & 1 && l->c[i].offset + l->c[i].size > end)
			end = l->c[i].offset + l->c[i].size;
	return end;
}

uint32_t xsave_size_compacted(const struct xsave_layout *l, uint64_t xcr0)
{
	uint64_t set = xcr0 & l->guest_mask;
	uint32_t off = XSAVE_LEGACY_AND_HEADER;
	/* SDM Vol. 1 13.4.3: components in order of their number, each right after the previous one or
	 * at the next 64-byte boundary when sub-leaf i's ECX[1] says so. */
	for (unsigned int i = 2; i < XSAVE_COMPONENTS; i++) {
		if (!((set >> i) & 1))
			continue;
		if (l->c[i].align64)
			off = (off + 63u) & ~63u;
		off += l->c[i].size;
	}
	return off;
}

void cpuid_xsave_leaf(const struct xsave_layout *l, uint64_t guest_xcr0, uint32_t sub, uint32_t r[4])
{
	if (sub == 0) {
		r[0] = (uint32_t)l->guest_mask;
		r[1] = xsave_size_standard(l, guest_xcr0);  /* for the features XCR0 enables now */
		r[2] = xsave_size_standard(l, l->guest_mask); /* for every feature the guest may enable */
		r[3] = (uint32_t)(l->guest_mask >> 32);
	} else if (sub == 1) {
		/* XSAVEOPT (0), XSAVEC (1), XGETBV with ECX = 1 (2) stay; XSAVES (3) and XFD (4) need
		 * IA32_XSS and IA32_XFD, which the MSR policy denies. EBX: the compacted size for
		 * XCR0 | IA32_XSS, IA32_XSS being 0 for a guest; ECX/EDX: the IA32_XSS bits, none. */
		r[0] &= BIT(0) | BIT(1) | BIT(2);
		if (l->hide_xsavec)
			r[0] &= ~BIT(1);
		r[1] = (r[0] & BIT(1)) ? xsave_size_compacted(l, guest_xcr0) : 0;
		r[2] = r[3] = 0;
	} else if (sub < XSAVE_COMPONENTS && ((l->guest_mask >> sub) & 1)) {
		r[0] = l->c[sub].size;
		r[1] = l->c[sub].offset;
		r[2] = l->c[sub].align64 ? BIT(1) : 0; /* ECX[0] clear: a user component */
		r[3] = 0;
	} else {
		r[0] = r[1] = r[2] = r[3] = 0;
	}
}

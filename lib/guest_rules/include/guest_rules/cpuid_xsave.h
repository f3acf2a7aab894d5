/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * CPUID leaf 0DH as a guest sees it (SDM Vol. 1 13.2-13.4, Vol. 2A CPUID leaf 0DH): the XSAVE state
 * components a VM may enable in XCR0, each with the size and standard-format offset the CPU itself
 * reports in sub-leaf i, and every size the leaf states (sub-leaf 0 EBX/ECX, sub-leaf 1 EBX) computed
 * from those components, so that the guest's sums agree with them whatever the host's leaf says.
 */
#ifndef HVKIT_GUEST_RULES_CPUID_XSAVE_H
#define HVKIT_GUEST_RULES_CPUID_XSAVE_H

#include <hvkit/arch/x86.h>
#include <stdbool.h>
#include <stdint.h>

#define XSAVE_COMPONENTS 64
/* The legacy region (512 bytes) and the XSAVE header (64): where component 2 may start (SDM 13.4). */
#define XSAVE_LEGACY_AND_HEADER 576u

/*
 * The user state components a guest may have: x87, SSE, AVX, AVX-512 and PKRU. Not MPX (CPUID hides
 * MPX and IA32_BNDCFGS is denied), not AMX (an OS needs IA32_XFD and IA32_XFD_ERR for it, both
 * denied), and no supervisor component (XSAVES and IA32_XSS are hidden).
 */
#define XCR0_GUEST_COMPONENTS (XCR0_X87 | XCR0_SSE | XCR0_AVX | XCR0_AVX512 | XCR0_PKRU)

struct xsave_component {
	uint32_t size, offset; /* sub-leaf i: EAX, EBX */
	bool align64;          /* sub-leaf i: ECX[1], 64-byte aligned in the compacted format */
};

struct xsave_layout {
	uint64_t guest_mask; /* the XCR0 bits a guest may set: sub-leaf 0 EDX:EAX */
	bool hide_xsavec;    /* the CPU's XSAVEC does not write the compacted format (see exit_cpuid.c) */
	struct xsave_component c[XSAVE_COMPONENTS];
};

/* Start a layout from the host's sub-leaf 0 EDX:EAX; x87 and SSE are always described. */
void xsave_layout_init(struct xsave_layout *l, uint64_t host_xcr0_mask);
/*
 * The host's sub-leaf i (2 <= i < 64; eax, ebx, ecx as CPUID returns them) for a component of the
 * host's mask. Kept only if the guest may have it and the host describes it as a user component
 * that lies past the header (a CPU that lists a component but describes none, as Bochs 2.7 does for
 * PKRU, has it left out of the guest's mask).
 */
void xsave_layout_add(struct xsave_layout *l, unsigned int i, uint32_t eax, uint32_t ebx, uint32_t ecx);
/* Components that need another (SDM Vol. 1 13.3: AVX needs SSE, AVX-512's three go together and
 * need AVX) are dropped with it. Call once after the last xsave_layout_add. */
void xsave_layout_finish(struct xsave_layout *l);

/* Bytes XSAVE writes for these components in the standard format: the end of the last one. */
uint32_t xsave_size_standard(const struct xsave_layout *l, uint64_t xcr0);
/* Bytes XSAVEC writes for these components in the compacted format (SDM Vol. 1 13.4.3). */
uint32_t xsave_size_compacted(const struct xsave_layout *l, uint64_t xcr0);

/*
 * Leaf 0DH, sub-leaf sub, for a guest whose XCR0 is guest_xcr0. r: the host's answer in, the
 * guest's out. Sub-leaf 1 keeps XSAVEOPT, XSAVEC (unless l->hide_xsavec) and XGETBV with ECX = 1 and
 * hides XSAVES (IA32_XSS is denied) and XFD (IA32_XFD is denied).
 */
void cpuid_xsave_leaf(const struct xsave_layout *l, uint64_t guest_xcr0, uint32_t sub, uint32_t r[4]);

#endif

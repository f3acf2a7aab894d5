/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Group 0x400 of the conformance guest: CPUID leaf 0DH against what the CPU does (SDM Vol. 1 13.2-13.4, 13.7-13.10).
 *   - every component listed in sub-leaf 0 EDX:EAX is described in its sub-leaf (a size, an offset past the
 *     legacy region and header, a user component) and XSETBV takes the whole list;
 *   - sub-leaf 0 EBX is the end of the last component XCR0 enables (576 with x87 and SSE alone), ECX the same
 *     for every listed component, sub-leaf 1 EBX (with XSAVEC) the compacted size: the sums Linux checks
 *     before it keeps XSAVE ("XSAVE consistency problem" otherwise);
 *   - XRSTOR loads, XSAVE stores, each component at the offset its sub-leaf gives, and XSAVEC at the compacted
 *     offset computed from the sizes and alignment bits, writing nothing past sub-leaf 1 EBX; each proved by the
 *     registers it holds (x87 control word, MXCSR and XMM0-15, the upper halves of YMM0-15, opmask K0-7, the upper
 *     halves of ZMM0-15, ZMM16-31, PKRU). A component the guest cannot observe is named in a NOTE.
 * Natively Bochs 2.7 fails some of these (quirks=bochs: NOTEs): its sub-leaf 1 EBX is the standard size, its
 * tigerlake lists PKRU but leaves sub-leaf 9 empty, and its XSAVEC writes the extended region 160 bytes early.
 */
#include "../apiclib/apiclib.h"
#include "xsave.h"

#define CR0_MP (1ull << 1)
#define CR0_EM (1ull << 2)
#define CR0_TS (1ull << 3)
#define CR4_OSFXSR (1ull << 9)
#define CR4_OSXMMEXCPT (1ull << 10)
#define CR4_OSXSAVE (1ull << 18)
#define CR4_PKE (1ull << 22)

#define X87 0
#define SSE 1
#define AVX 2
#define OPMASK 5
#define ZMM_HI256 6
#define HI16_ZMM 7
#define PKRU 9
#define AVX512_MASK ((1ull << OPMASK) | (1ull << ZMM_HI256) | (1ull << HI16_ZMM))
#define KNOWN ((1ull << X87) | (1ull << SSE) | (1ull << AVX) | AVX512_MASK | (1ull << PKRU))

#define AREA 8192u      /* larger than any area checked here */
#define LEGACY_END 576u /* legacy region and header */

/* What the components hold, as the guest reads it from its registers. */
struct regs {
	uint8_t v[32][64]; /* ZMM0-31 (YMM/XMM in their low bytes) */
	uint64_t k[8];
	uint32_t mxcsr, pkru;
	uint16_t fcw;
};

static uint8_t area[AREA] __attribute__((aligned(64)));
static struct regs want, got;
static uint64_t xcr0;
static unsigned vec_width; /* bytes of each vector register the guest can move: 16, 32 or 64 */
static uint64_t known;     /* the components this guest reads back: KNOWN, less opmask without AVX512BW (KMOVQ) */

static uint64_t rd_cr0(void) { uint64_t v; __asm__ __volatile__("movq %%cr0, %0" : "=r"(v)); return v; }
static uint64_t rd_cr4(void) { uint64_t v; __asm__ __volatile__("movq %%cr4, %0" : "=r"(v)); return v; }
static void wr_cr0(uint64_t v) { __asm__ __volatile__("movq %0, %%cr0" : : "r"(v) : "memory"); }
static void wr_cr4(uint64_t v) { __asm__ __volatile__("movq %0, %%cr4" : : "r"(v) : "memory"); }

static void xsetbv0(uint64_t v)
{
	__asm__ __volatile__("xsetbv" : : "c"(0), "a"((uint32_t)v), "d"((uint32_t)(v >> 32)) : "memory");
}

static void xsave(void *p, uint64_t rfbm)
{
	__asm__ __volatile__("xsave64 (%0)" : : "r"(p), "a"((uint32_t)rfbm), "d"((uint32_t)(rfbm >> 32)) : "memory");
}

static void xsavec(void *p, uint64_t rfbm)
{
	__asm__ __volatile__("xsavec64 (%0)" : : "r"(p), "a"((uint32_t)rfbm), "d"((uint32_t)(rfbm >> 32)) : "memory");
}

static void xrstor(const void *p, uint64_t rfbm)
{
	__asm__ __volatile__("xrstor64 (%0)" : : "r"(p), "a"((uint32_t)rfbm), "d"((uint32_t)(rfbm >> 32)) : "memory");
}

#define REGS16 "0,1,2,3,4,5,6,7,8,9,10,11,12,13,14,15"
#define REGS32 REGS16 ",16,17,18,19,20,21,22,23,24,25,26,27,28,29,30,31"

/* Move the vector registers, as wide as the guest may, to or from r->v (one 64-byte slot each). */
static void vectors_store(struct regs *r)
{
	if (vec_width == 64)
		__asm__ __volatile__(".irp i," REGS32 "\n vmovdqu64 %%zmm\\i, \\i*64(%0)\n .endr" : : "r"(r->v) : "memory");
	else if (vec_width == 32)
		__asm__ __volatile__(".irp i," REGS16 "\n vmovdqu %%ymm\\i, \\i*64(%0)\n .endr" : : "r"(r->v) : "memory");
	else
		__asm__ __volatile__(".irp i," REGS16 "\n movdqu %%xmm\\i, \\i*64(%0)\n .endr" : : "r"(r->v) : "memory");
}

static void vectors_load(const struct regs *r)
{
	if (vec_width == 64)
		__asm__ __volatile__(".irp i," REGS32 "\n vmovdqu64 \\i*64(%0), %%zmm\\i\n .endr" : : "r"(r->v) : "memory");
	else if (vec_width == 32)
		__asm__ __volatile__(".irp i," REGS16 "\n vmovdqu \\i*64(%0), %%ymm\\i\n .endr" : : "r"(r->v) : "memory");
	else
		__asm__ __volatile__(".irp i," REGS16 "\n movdqu \\i*64(%0), %%xmm\\i\n .endr" : : "r"(r->v) : "memory");
}

static void regs_store(struct regs *r)
{
	memset(r, 0, sizeof(*r));
	vectors_store(r);
	if (xcr0 & known & (1ull << OPMASK))
		__asm__ __volatile__(".irp i,0,1,2,3,4,5,6,7\n kmovq %%k\\i, \\i*8(%0)\n .endr" : : "r"(r->k) : "memory");
	if (xcr0 & (1ull << PKRU))
		__asm__ __volatile__("rdpkru" : "=a"(r->pkru) : "c"(0) : "rdx");
	__asm__ __volatile__("stmxcsr %0" : "=m"(r->mxcsr));
	__asm__ __volatile__("fnstcw %0" : "=m"(r->fcw));
}

static void regs_load(const struct regs *r)
{
	vectors_load(r);
	if (xcr0 & known & (1ull << OPMASK))
		__asm__ __volatile__(".irp i,0,1,2,3,4,5,6,7\n kmovq \\i*8(%0), %%k\\i\n .endr" : : "r"(r->k) : "memory");
	if (xcr0 & (1ull << PKRU))
		__asm__ __volatile__("wrpkru" : : "a"(r->pkru), "c"(0), "d"(0));
	__asm__ __volatile__("ldmxcsr %0" : : "m"(r->mxcsr));
	__asm__ __volatile__("fldcw %0" : : "m"(r->fcw));
}

/* Register contents no component holds at reset, different for each seed. */
static void regs_pattern(struct regs *r, unsigned seed)
{
	memset(r, 0, sizeof(*r));
	for (unsigned i = 0; i < 32; i++)
		for (unsigned b = 0; b < 64; b++)
			r->v[i][b] = (uint8_t)(seed * 101u + i * 37u + b * 7u + 1u);
	for (unsigned i = 0; i < 8; i++)
		r->k[i] = 0x0101010101010101ull * (seed * 16u + i + 1u);
	r->mxcsr = seed & 1 ? 0x3f80u : 0x5f80u; /* rounding control down / up; all exceptions masked */
	r->fcw = seed & 1 ? 0x027fu : 0x007fu;   /* precision control 53 / 24 bits */
	r->pkru = 0x55550004u ^ (seed << 4);
}

struct layout {
	uint32_t size[64], off[64];
	bool align64[64];
};
static struct layout lay;

/* Copy each component between r and an XSAVE area whose components start at off[i] (i >= 2). */
static void area_io(uint8_t *a, struct regs *r, const uint32_t *off, bool to_area)
{
#define IO(at, reg, n) ((void)(to_area ? memcpy((at), (reg), (n)) : memcpy((reg), (at), (n))))
	if (xcr0 & (1ull << X87))
		IO(a + 0, &r->fcw, 2);
	if (xcr0 & (3ull << SSE))
		IO(a + 24, &r->mxcsr, 4);
	for (unsigned i = 0; i < 16 && (xcr0 & (1ull << SSE)); i++)
		IO(a + 160 + 16 * i, &r->v[i][0], 16);
	for (unsigned i = 0; i < 16 && (xcr0 & (1ull << AVX)); i++)
		IO(a + off[AVX] + 16 * i, &r->v[i][16], 16);
	for (unsigned i = 0; i < 8 && (xcr0 & (1ull << OPMASK)); i++)
		IO(a + off[OPMASK] + 8 * i, &r->k[i], 8);
	for (unsigned i = 0; i < 16 && (xcr0 & (1ull << ZMM_HI256)); i++)
		IO(a + off[ZMM_HI256] + 32 * i, &r->v[i][32], 32);
	for (unsigned i = 0; i < 16 && (xcr0 & (1ull << HI16_ZMM)); i++)
		IO(a + off[HI16_ZMM] + 64 * i, &r->v[16 + i][0], 64);
	if (xcr0 & (1ull << PKRU))
		IO(a + off[PKRU], &r->pkru, 4);
#undef IO
}

/* Does component i hold the same in a and b (as the registers show it)? */
static bool same_component(unsigned i, const struct regs *a, const struct regs *b)
{
	switch (i) {
	case X87:
		return a->fcw == b->fcw;
	case SSE:
		for (unsigned r = 0; r < 16; r++)
			if (memcmp(a->v[r], b->v[r], 16) != 0)
				return false;
		return a->mxcsr == b->mxcsr;
	case AVX:
		for (unsigned r = 0; r < 16; r++)
			if (memcmp(&a->v[r][16], &b->v[r][16], 16) != 0)
				return false;
		return true;
	case OPMASK:
		return memcmp(a->k, b->k, sizeof(a->k)) == 0;
	case ZMM_HI256:
		for (unsigned r = 0; r < 16; r++)
			if (memcmp(&a->v[r][32], &b->v[r][32], 32) != 0)
				return false;
		return true;
	case HI16_ZMM:
		return memcmp(a->v[16], b->v[16], 16 * 64) == 0;
	case PKRU:
		return a->pkru == b->pkru;
	default:
		return false;
	}
}

/* check: check_true, or sdm_check where Bochs 2.7 itself gets it wrong natively. */
static void compare_components(const char *how, bool (*check)(const char *, bool, const char *, const char *))
{
	char name[96];
	for (unsigned i = 0; i < 64; i++) {
		if (!((xcr0 >> i) & 1) || !((known >> i) & 1))
			continue;
		gsnprintf(name, sizeof(name), "%s component %u", how, i);
		check(name, same_component(i, &want, &got), "the registers' contents", "other bytes");
	}
}

/* Standard and compacted sizes from the sub-leaves (SDM Vol. 1 13.4.2, 13.4.3). */
static uint32_t size_standard(uint64_t mask)
{
	uint32_t end = LEGACY_END;
	for (unsigned i = 2; i < 64; i++)
		if ((mask >> i) & 1 && lay.off[i] + lay.size[i] > end)
			end = lay.off[i] + lay.size[i];
	return end;
}

static uint32_t compacted_offsets(uint64_t mask, uint32_t *off)
{
	uint32_t o = LEGACY_END;
	for (unsigned i = 2; i < 64; i++) {
		if (!((mask >> i) & 1))
			continue;
		if (lay.align64[i])
			o = (o + 63u) & ~63u;
		off[i] = o;
		o += lay.size[i];
	}
	return o;
}

static bool enable_xsave(void)
{
	if (!((cpuid(1, 0).ecx >> 26) & 1)) {
		gprintf("conformance: NOTE xsave: cpuid.1:ecx.xsave clear, nothing to check\n");
		return false;
	}
	wr_cr0((rd_cr0() & ~(CR0_EM | CR0_TS)) | CR0_MP);
	wr_cr4(rd_cr4() | CR4_OSFXSR | CR4_OSXMMEXCPT | CR4_OSXSAVE);
	check_dec("cpuid.1:ecx.osxsave follows cr4.osxsave", 1, (cpuid(1, 0).ecx >> 27) & 1);
	return true;
}

static void check_sizes(uint64_t mask, bool has_xsavec)
{
	char g[96];
	struct cpuid_regs s0 = cpuid(0xd, 0), s1 = cpuid(0xd, 1);
	uint32_t std = size_standard(mask), comp_off[64];
	gsnprintf(g, sizeof(g), "ebx %u ecx %u", s0.ebx, s0.ecx);
	sdm_check("cpuid 0dh.0 ebx and ecx: the end of the last component", s0.ebx == std && s0.ecx == std,
		  "the sub-leaves' largest offset + size", g);
	if (has_xsavec) {
		uint32_t comp = compacted_offsets(mask, comp_off);
		gsnprintf(g, sizeof(g), "%u, the components add up to %u", s1.ebx, comp);
		sdm_check("cpuid 0dh.1 ebx: the compacted size of the components xcr0 enables", s1.ebx == comp,
			  "the sum of the sub-leaves' sizes", g);
	}
	xcr0 = (1ull << X87) | (1ull << SSE);
	xsetbv0(xcr0);
	check_dec("cpuid 0dh.0 ebx with xcr0 = x87|sse", LEGACY_END, cpuid(0xd, 0).ebx);
	xcr0 = mask;
	xsetbv0(xcr0);
}

void check_xsave(void)
{
	char g[96], check[96];
	if (!enable_xsave())
		return;
	struct cpuid_regs s0 = cpuid(0xd, 0);
	uint64_t listed = ((uint64_t)s0.edx << 32) | s0.eax, mask = listed & ((1ull << X87) | (1ull << SSE));
	bool has_xsavec = (cpuid(0xd, 1).eax >> 1) & 1;
	for (unsigned i = 2; i < 64; i++) {
		if (!((listed >> i) & 1))
			continue;
		struct cpuid_regs c = cpuid(0xd, i);
		lay.size[i] = c.eax, lay.off[i] = c.ebx, lay.align64[i] = (c.ecx >> 1) & 1;
		gsnprintf(check, sizeof(check), "cpuid 0dh.%u describes listed component %u", i, i);
		gsnprintf(g, sizeof(g), "size %u offset %u ecx 0x%x", c.eax, c.ebx, c.ecx);
		if (sdm_check(check, c.eax != 0 && c.ebx >= LEGACY_END && !(c.ecx & 1), "a user component past 576", g))
			mask |= 1ull << i;
	}
	gprintf("conformance: xsave: components listed 0x%llx, described 0x%llx, xsavec %d\n",
		(unsigned long long)listed, (unsigned long long)mask, has_xsavec);
	if (mask & (1ull << PKRU)) {
		sdm_check("pkru listed: cpuid.7:ecx.pku set", (cpuid(7, 0).ecx >> 3) & 1, "1", "0");
		wr_cr4(rd_cr4() | CR4_PKE);
	}
	xcr0 = mask;
	xsetbv0(xcr0);
	vec_width = (mask & AVX512_MASK) == AVX512_MASK ? 64 : (mask & (1ull << AVX)) ? 32 : 16;
	known = KNOWN;
	if (!((cpuid(7, 0).ebx >> 30) & 1))
		known &= ~(1ull << OPMASK); /* KMOVQ needs AVX512BW */
	for (unsigned i = 0; i < 64; i++)
		if ((mask >> i) & 1 && !((known >> i) & 1))
			gprintf("conformance: NOTE xsave: component %u is not one this guest can read back\n", i);
	check_sizes(mask, has_xsavec);

	/* XRSTOR: an area written at CPUID's offsets, then the registers read. */
	regs_pattern(&want, 1);
	memset(area, 0, sizeof(area));
	area_io(area, &want, lay.off, true);
	memcpy(area + 512, &xcr0, 8); /* XSTATE_BV: every component from the area; XCOMP_BV 0 (standard format) */
	xrstor(area, xcr0);
	regs_store(&got);
	compare_components("xrstor loads from cpuid's offset:", check_true);

	/* XSAVE: the registers loaded, then the area read at CPUID's offsets. */
	regs_pattern(&want, 2);
	regs_load(&want);
	memset(area, 0, sizeof(area));
	xsave(area, xcr0);
	area_io(area, &got, lay.off, false);
	compare_components("xsave stores at cpuid's offset:", check_true);

	if (!has_xsavec)
		return;
	/* XSAVEC: the compacted layout from the sizes and alignment bits, and nothing written past it. Bochs 2.7's
	 * XSAVEC starts the extended region 160 bytes early (fixed in Bochs 2.8), so natively these are NOTEs;
	 * the hypervisor finds that out at boot and does not offer XSAVEC then. */
	uint32_t comp_off[64] = { 0 }, comp = compacted_offsets(xcr0, comp_off);
	regs_pattern(&want, 3);
	regs_load(&want);
	memset(area, 0x5a, sizeof(area));
	xsavec(area, xcr0);
	memset(&got, 0, sizeof(got));
	area_io(area, &got, comp_off, false);
	compare_components("xsavec stores at the compacted offset:", sdm_check);
	uint64_t xcomp_bv;
	memcpy(&xcomp_bv, area + 520, 8);
	check_hex("xsavec: xcomp_bv is xcr0 with bit 63", xcr0 | (1ull << 63), xcomp_bv);
	bool untouched = true;
	for (uint32_t b = comp; b < comp + 256 && b < AREA; b++)
		untouched &= area[b] == 0x5a;
	gsnprintf(g, sizeof(g), "compacted size %u, cpuid 0dh.1 ebx %u", comp, cpuid(0xd, 1).ebx);
	sdm_check("xsavec writes nothing past the compacted size", untouched, "the 256 bytes after it untouched", g);
}

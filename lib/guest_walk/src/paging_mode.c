/* SPDX-License-Identifier: BSD-3-Clause */
/* Which paging mode the guest uses, and how its linear addresses index the structures. */
#include <hvkit/errno.h>

#include "walk_internal.h"

#define MAXPHYADDR_DEFAULT 52u
#define MAXPHYADDR_MIN 32u

/* SDM 4.1.1, Table 4-1. */
int walk_format_of(const struct guest_paging *p, struct walk_format *f)
{
	unsigned m = p->maxphyaddr ? p->maxphyaddr : MAXPHYADDR_DEFAULT;
	if (m < MAXPHYADDR_MIN || m > MAXPHYADDR_DEFAULT)
		return -HV_EINVAL;
	bool lma = (p->efer & IA32_EFER_LMA) != 0;
	bool pae = (p->cr4 & CR4_PAE) != 0;

	f->maxphyaddr = m;
	f->pse = false;
	f->nxe = false;
	f->entry_bytes = 8;
	if (!(p->cr0 & CR0_PG)) {
		f->mode = WALK_NONE;
		f->top_level = 0;
		return 0;
	}
	if (!pae) {
		if (lma)
			return -HV_EINVAL; /* SDM 4.1.2: IA-32e mode requires CR4.PAE */
		f->mode = WALK_32BIT;
		f->top_level = 2;
		f->entry_bytes = 4;
		f->pse = (p->cr4 & CR4_PSE) != 0;
		return 0;
	}
	f->nxe = (p->efer & IA32_EFER_NXE) != 0;
	if (!lma) {
		f->mode = WALK_PAE;
		f->top_level = 2; /* the PDPTE (level 3) comes from a PDPTE register */
		return 0;
	}
	/* SDM 4.1.1: CR4.LA57 selects 5-level paging only in IA-32e mode. */
	f->mode = (p->cr4 & CR4_LA57) ? WALK_5LEVEL : WALK_4LEVEL;
	f->top_level = f->mode == WALK_5LEVEL ? 5 : 4;
	return 0;
}

/* Outside IA-32e mode, linear addresses are 32 bits (SDM 4.1.1). */
uint64_t walk_linear(const struct walk_format *f, uint64_t linear)
{
	if (f->mode == WALK_4LEVEL || f->mode == WALK_5LEVEL)
		return linear;
	return linear & 0xffffffffull;
}

/* SDM 4.5: bits 63:48 (4-level) or 63:57 (5-level) must copy bit 47 or 56; other modes: always. */
bool walk_linear_canonical(const struct walk_format *f, uint64_t linear)
{
	unsigned top;
	if (f->mode == WALK_4LEVEL)
		top = 47;
	else if (f->mode == WALK_5LEVEL)
		top = 56;
	else
		return true;
	uint64_t high = linear & bit_range(63, top);
	return high == 0 || high == bit_range(63, top);
}

/* The lowest linear-address bit that indexes a structure at `level` (1 = page table). */
unsigned walk_level_shift(const struct walk_format *f, unsigned level)
{
	if (f->mode == WALK_32BIT)
		return 12 + 10 * (level - 1); /* SDM 4.3: 10 index bits per level */
	return 12 + 9 * (level - 1);          /* SDM 4.4.2, 4.5: 9 index bits per level */
}

uint64_t walk_entry_index(const struct walk_format *f, unsigned level, uint64_t linear)
{
	unsigned index_bits = f->mode == WALK_32BIT ? 10 : 9;
	if (f->mode == WALK_PAE && level == 3)
		index_bits = 2; /* SDM 4.4.2: bits 31:30 select a PDPTE register */
	return (linear >> walk_level_shift(f, level)) & ((1ull << index_bits) - 1);
}

/* Where CR3 says the top structure is (SDM Tables 4-3, 4-7, 4-12). */
uint64_t walk_root(const struct walk_format *f, uint64_t cr3)
{
	switch (f->mode) {
	case WALK_32BIT:
		return cr3 & bit_range(31, 12);
	case WALK_PAE:
		return cr3 & bit_range(31, 5); /* the 32-byte page-directory-pointer table */
	default:
		return cr3 & bit_range(f->maxphyaddr - 1, 12);
	}
}

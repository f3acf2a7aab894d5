/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * What a paging-structure entry means in 4- and 5-level paging, and what PAE paging shares with them: leaf or
 * table, reserved bits, frame address (32-bit and PAE paging's own parts: paging_legacy.c).
 */
#include <hvkit/errno.h>

#include "walk_internal.h"

bool walk_entry_is_leaf(const struct walk_format *f, unsigned level, uint64_t e)
{
	return level == 1 || ((e & PTE_PS) && ((f->leaf_levels >> level) & 1u));
}

/* PAE and 4/5-level paging: the bits one level reserves beyond the address width. */
static uint64_t level_reserved(unsigned level, bool leaf)
{
	if (leaf && level == 2)
		return bit_range(20, 13); /* 2 MiB page: bits 20:13 below the frame, above PAT */
	if (leaf && level == 3)
		return bit_range(29, 13); /* 1 GiB page */
	return level >= 4 ? PTE_PS : 0; /* PML4E/PML5E: PS must be 0 */
}

/* The reserved bits set in present entry e: hi:M, XD unless EFER.NXE, and the level's own (PAE entries: hi = 62,
 * Tables 4-9..4-11; 4/5-level: hi = 51, bits 62:52 ignored, Tables 4-15..4-20). */
uint64_t walk_reserved_above(const struct walk_format *f, unsigned level, bool leaf, uint64_t e, unsigned hi)
{
	uint64_t rsvd = bit_range(hi, f->maxphyaddr) | level_reserved(level, leaf);
	return e & (f->nxe ? rsvd : rsvd | PTE_XD);
}

uint64_t walk_entry_reserved(const struct walk_format *f, unsigned level, bool leaf, uint64_t e)
{
	return walk_reserved_above(f, level, leaf, e, 51);
}

uint64_t walk_entry_frame(const struct walk_format *f, unsigned level, bool leaf, uint64_t e)
{
	unsigned low = leaf ? walk_level_shift(f, level) : 12;
	return e & bit_range(f->maxphyaddr - 1, low);
}

/* The PML4 or PML5 table CR3 names (SDM Table 4-12). */
int walk_top_cr3(const struct guest_paging *p, const struct walk_format *f, uint64_t linear,
		 enum guest_access access, struct guest_walk_result *res, uint64_t *table)
{
	(void)linear, (void)access, (void)res;
	*table = p->cr3 & bit_range(f->maxphyaddr - 1, 12);
	return 0;
}

/* SPDX-License-Identifier: BSD-3-Clause */
/* What a paging-structure entry means in each mode: leaf or table, reserved bits, frame address. */
#include "walk_internal.h"

/* 32-bit paging maps at most 40 physical-address bits (SDM 4.3, Table 4-4 with PSE-36). */
static unsigned pse36_width(const struct walk_format *f)
{
	return f->maxphyaddr < 40 ? f->maxphyaddr : 40;
}

bool walk_entry_is_leaf(const struct walk_format *f, unsigned level, uint64_t e)
{
	if (level == 1)
		return true;
	if (!(e & PTE_PS))
		return false;
	switch (f->mode) {
	case WALK_32BIT:
		return level == 2 && f->pse; /* SDM 4.3: PS is ignored unless CR4.PSE */
	case WALK_PAE:
		return level == 2;
	default:
		return level == 2 || level == 3; /* PS in a PML4E/PML5E is reserved, not a leaf */
	}
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

/* The reserved bits that are set in present entry e; 0 when none (SDM 4.3, 4.4.2, 4.5.4). */
uint64_t walk_entry_reserved(const struct walk_format *f, unsigned level, bool leaf, uint64_t e)
{
	uint64_t rsvd = 0;

	if (f->mode == WALK_32BIT) {
		/* Table 4-4: in a 4 MiB PDE, bits 21:(M-19) are reserved (M capped at 40). */
		if (leaf && level == 2)
			rsvd = bit_range(21, pse36_width(f) - 19);
		return e & rsvd;
	}
	/* PAE entries: bits 62:M (Tables 4-9..4-11); 4/5-level: 51:M, 62:52 ignored (4-15..4-20). */
	rsvd = bit_range(f->mode == WALK_PAE ? 62 : 51, f->maxphyaddr);
	if (!f->nxe)
		rsvd |= PTE_XD; /* XD is reserved unless EFER.NXE */
	return e & (rsvd | level_reserved(level, leaf));
}

/* The physical address e points at: the next structure, or the start of the page it maps. */
uint64_t walk_entry_frame(const struct walk_format *f, unsigned level, bool leaf, uint64_t e)
{
	if (f->mode == WALK_32BIT) {
		if (!(leaf && level == 2))
			return e & bit_range(31, 12);
		/* Table 4-4 (PSE-36): bits 31:22 give PA 31:22, bits (M-20):13 give PA (M-1):32. */
		unsigned high_bits = pse36_width(f) - 32;
		uint64_t high = (e >> 13) & ((1ull << high_bits) - 1);
		return (e & bit_range(31, 22)) | (high << 32);
	}
	unsigned low = leaf ? walk_level_shift(f, level) : 12;
	return e & bit_range(f->maxphyaddr - 1, low);
}

/* SDM 4.4.1, Table 4-8: bits 2:1, 8:5 and 63:M of a present PDPTE are reserved. */
uint64_t walk_pdpte_reserved(const struct walk_format *f, uint64_t pdpte)
{
	return pdpte & (bit_range(2, 1) | bit_range(8, 5) | bit_range(63, f->maxphyaddr));
}

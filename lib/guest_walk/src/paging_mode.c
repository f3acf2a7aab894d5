/* SPDX-License-Identifier: BSD-3-Clause */
/* Which paging mode the guest uses, and how its linear addresses index the structures. */
#include <hvkit/errno.h>

#include "walk_internal.h"

#define MAXPHYADDR_DEFAULT 52u
#define MAXPHYADDR_MIN 32u

/* IA-32e mode: 4-level paging or, with CR4.LA57, 5-level paging (SDM 4.1.1, 4.5). */
static void format_ia32e(const struct guest_paging *p, struct walk_format *f)
{
	bool la57 = (p->cr4 & CR4_LA57) != 0;
	f->mode = la57 ? WALK_5LEVEL : WALK_4LEVEL;
	f->top_level = la57 ? 5 : 4;
	f->leaf_levels = 1u << 2 | 1u << 3; /* 2 MiB and 1 GiB pages; PS in a PML4E/PML5E is reserved */
	f->reserved = walk_entry_reserved;
	f->frame = walk_entry_frame;
	f->top = walk_top_cr3;
}

/* SDM 4.1.1, Table 4-1. */
int walk_format_of(const struct guest_paging *p, struct walk_format *f)
{
	unsigned m = p->maxphyaddr ? p->maxphyaddr : MAXPHYADDR_DEFAULT;
	if (m < MAXPHYADDR_MIN || m > MAXPHYADDR_DEFAULT)
		return -HV_EINVAL;

	*f = (struct walk_format){ .mode = WALK_NONE, .entry_bytes = 8, .index_bits = 9, .maxphyaddr = m,
				   .nxe = (p->efer & IA32_EFER_NXE) != 0 };
	if (!(p->cr0 & CR0_PG))
		return 0;
	if (!(p->efer & IA32_EFER_LMA))
		return walk_format_legacy(p, f);
	if (!(p->cr4 & CR4_PAE))
		return -HV_EINVAL; /* SDM 4.1.2: IA-32e mode requires CR4.PAE */
	format_ia32e(p, f);
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

/* The lowest linear-address bit that indexes a structure at `level` (1 = page table; SDM 4.3: 10 index bits per
 * level, 4.4.2 and 4.5: 9). */
unsigned walk_level_shift(const struct walk_format *f, unsigned level)
{
	return 12 + f->index_bits * (level - 1);
}

uint64_t walk_entry_index(const struct walk_format *f, unsigned level, uint64_t linear)
{
	return (linear >> walk_level_shift(f, level)) & ((1ull << f->index_bits) - 1);
}

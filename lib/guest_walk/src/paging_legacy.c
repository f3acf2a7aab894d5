/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Paging outside IA-32e mode (SDM 4.1.1, Table 4-1): 32-bit paging with CR4.PAE clear (SDM 4.3), PAE paging with
 * it set (SDM 4.4). The partition image links paging_legacy_none.c instead.
 */
#include <hvkit/errno.h>

#include "walk_internal.h"

/* 32-bit paging maps at most 40 physical-address bits (SDM 4.3, Table 4-4 with PSE-36). */
static unsigned pse36_width(const struct walk_format *f)
{
	return f->maxphyaddr < 40 ? f->maxphyaddr : 40;
}

/* Table 4-4: in a 4 MiB PDE, bits 21:(M-19) are reserved (M capped at 40); no other entry reserves any. */
static uint64_t reserved_32bit(const struct walk_format *f, unsigned level, bool leaf, uint64_t e)
{
	return leaf && level == 2 ? e & bit_range(21, pse36_width(f) - 19) : 0;
}

static uint64_t frame_32bit(const struct walk_format *f, unsigned level, bool leaf, uint64_t e)
{
	if (!(leaf && level == 2))
		return e & bit_range(31, 12);
	/* Table 4-4 (PSE-36): bits 31:22 give PA 31:22, bits (M-20):13 give PA (M-1):32. */
	unsigned high_bits = pse36_width(f) - 32;
	uint64_t high = (e >> 13) & ((1ull << high_bits) - 1);
	return (e & bit_range(31, 22)) | (high << 32);
}

/* The page directory CR3 names (SDM Table 4-3). */
static int top_32bit(const struct guest_paging *p, const struct walk_format *f, uint64_t linear,
		     enum guest_access access, struct guest_walk_result *res, uint64_t *table)
{
	(void)f, (void)linear, (void)access, (void)res;
	*table = p->cr3 & bit_range(31, 12);
	return 0;
}

static uint64_t reserved_pae(const struct walk_format *f, unsigned level, bool leaf, uint64_t e)
{
	return walk_reserved_above(f, level, leaf, e, 62);
}

/* SDM 4.4.1, Table 4-8: bits 2:1, 8:5 and 63:M of a present PDPTE are reserved. */
static uint64_t pdpte_reserved(const struct walk_format *f, uint64_t pdpte)
{
	return pdpte & (bit_range(2, 1) | bit_range(8, 5) | bit_range(63, f->maxphyaddr));
}

/* PAE paging (SDM 4.4.1, 4.4.2): the PDPTE for linear[31:30], from the registers or from the 32-byte table at
 * CR3[31:5] (Table 4-7), names the page directory. */
static int top_pae(const struct guest_paging *p, const struct walk_format *f, uint64_t linear,
		   enum guest_access access, struct guest_walk_result *res, uint64_t *table)
{
	uint64_t idx = (linear >> 30) & 3, pdpte;

	res->level = 3;
	if (p->pdptes)
		pdpte = p->pdptes[idx];
	else if (walk_read_entry(p, f, (p->cr3 & bit_range(31, 5)) + idx * 8, &pdpte) != 0)
		return -HV_EIO;
	res->entry = pdpte;
	if (!(pdpte & PTE_P))
		return walk_page_fault(res, p, access, 0, -HV_ENOENT);
	/* The guest would have taken #GP at the CR3 load that loaded such a PDPTE, not #PF. */
	if (pdpte_reserved(f, pdpte))
		return -HV_EINVAL;
	*table = walk_entry_frame(f, 3, false, pdpte);
	return 0;
}

int walk_format_legacy(const struct guest_paging *p, struct walk_format *f)
{
	/* PAE: the walk reads from the page directory on, its PDPTE (level 3) comes from a PDPTE register. */
	if (p->cr4 & CR4_PAE) {
		*f = (struct walk_format){ .mode = WALK_PAE, .top_level = 2, .entry_bytes = 8, .index_bits = 9,
					   .leaf_levels = 1u << 2, .maxphyaddr = f->maxphyaddr, .nxe = f->nxe,
					   .reserved = reserved_pae, .frame = walk_entry_frame, .top = top_pae };
		return 0;
	}
	/* SDM 4.3: no XD bit; PS makes a 4 MiB page only with CR4.PSE. */
	*f = (struct walk_format){ .mode = WALK_32BIT, .top_level = 2, .entry_bytes = 4, .index_bits = 10,
				   .leaf_levels = (p->cr4 & CR4_PSE) ? 1u << 2 : 0, .maxphyaddr = f->maxphyaddr,
				   .reserved = reserved_32bit, .frame = frame_32bit, .top = top_32bit };
	return 0;
}

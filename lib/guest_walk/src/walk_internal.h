/* SPDX-License-Identifier: BSD-3-Clause */
/* Shared between the walker's source files: the paging mode in use and the entry formats. */
#ifndef GUEST_WALK_INTERNAL_H
#define GUEST_WALK_INTERNAL_H

#include <hvkit/arch/x86.h>
#include <stdbool.h>
#include <stdint.h>

#include <guest_walk/guest_walk.h>

/* Paging-structure entry bits common to every mode (SDM 4.3, 4.4.2, 4.5). */
#define PTE_P (1ull << 0)
#define PTE_RW (1ull << 1)
#define PTE_US (1ull << 2)
#define PTE_PS (1ull << 7)
#define PTE_XD (1ull << 63)

/* Bits hi..lo set (inclusive); empty when hi < lo. */
static inline uint64_t bit_range(unsigned hi, unsigned lo)
{
	if (hi < lo)
		return 0;
	uint64_t upto_hi = hi >= 63 ? ~0ull : (1ull << (hi + 1)) - 1;
	return upto_hi & ~((1ull << lo) - 1);
}

enum walk_mode {
	WALK_NONE,   /* CR0.PG = 0 */
	WALK_32BIT,  /* SDM 4.3 */
	WALK_PAE,    /* SDM 4.4 */
	WALK_4LEVEL, /* SDM 4.5, CR4.LA57 = 0 */
	WALK_5LEVEL, /* SDM 4.5, CR4.LA57 = 1 */
};

struct walk_format;
/* A mode's entry format: the reserved bits set in a present entry (0 when none; SDM 4.3, 4.4.2, 4.5.4), and the
 * physical address an entry points at (the next structure, or the start of the page it maps). */
typedef uint64_t (*walk_entry_fn)(const struct walk_format *f, unsigned level, bool leaf, uint64_t e);
/* The physical address of the first table the walk reads (PAE: the page directory its PDPTE register names). */
typedef int (*walk_top_fn)(const struct guest_paging *p, const struct walk_format *f, uint64_t linear,
			   enum guest_access access, struct guest_walk_result *res, uint64_t *table);

/* What the current paging mode's structures look like. */
struct walk_format {
	enum walk_mode mode;
	unsigned top_level;   /* first level read from memory (PAE: the PDE, after the PDPTE register) */
	unsigned entry_bytes; /* 4 (32-bit paging) or 8 */
	unsigned index_bits;  /* linear-address bits per level: 10 (32-bit paging) or 9 */
	unsigned leaf_levels; /* bit n: a level-n entry with PS set maps a page (level 1 always does) */
	unsigned maxphyaddr;  /* M, 32..52 */
	bool nxe;             /* EFER.NXE: bit 63 is XD rather than reserved (not in 32-bit paging) */
	walk_entry_fn reserved, frame;
	walk_top_fn top;
};

/* paging_mode.c */
int walk_format_of(const struct guest_paging *p, struct walk_format *f);
uint64_t walk_linear(const struct walk_format *f, uint64_t linear);
bool walk_linear_canonical(const struct walk_format *f, uint64_t linear);
unsigned walk_level_shift(const struct walk_format *f, unsigned level);
uint64_t walk_entry_index(const struct walk_format *f, unsigned level, uint64_t linear);

/* paging_legacy.c: 32-bit and PAE paging (paging with CR0.PG outside IA-32e mode), or paging_legacy_none.c
 * (-HV_ENOSYS: the image walks IA-32e paging only). */
int walk_format_legacy(const struct guest_paging *p, struct walk_format *f);

/* entry_format.c: the entries of 4- and 5-level paging, and what PAE paging shares with them. */
bool walk_entry_is_leaf(const struct walk_format *f, unsigned level, uint64_t e);
uint64_t walk_reserved_above(const struct walk_format *f, unsigned level, bool leaf, uint64_t e, unsigned hi);
uint64_t walk_entry_reserved(const struct walk_format *f, unsigned level, bool leaf, uint64_t e);
uint64_t walk_entry_frame(const struct walk_format *f, unsigned level, bool leaf, uint64_t e);
int walk_top_cr3(const struct guest_paging *p, const struct walk_format *f, uint64_t linear,
		 enum guest_access access, struct guest_walk_result *res, uint64_t *table);

/* walk.c */
int walk_read_entry(const struct guest_paging *p, const struct walk_format *f, uint64_t gpa, uint64_t *e);
int walk_page_fault(struct guest_walk_result *res, const struct guest_paging *p, enum guest_access access,
		    uint32_t cause, int rc);

/* access_rights.c: the rights of a translation, accumulated over the entries that control it. */
struct walk_rights {
	bool user;     /* U/S = 1 in every entry: a user-mode address */
	bool writable; /* R/W = 1 in every entry */
	bool xd;       /* XD = 1 in some entry, with EFER.NXE */
};
void walk_rights_init(struct walk_rights *r);
void walk_rights_add(struct walk_rights *r, const struct walk_format *f, uint64_t e);
bool walk_rights_allow(const struct walk_rights *r, const struct guest_paging *p,
		       enum guest_access access);
uint32_t walk_pf_error_code(const struct guest_paging *p, enum guest_access access, uint32_t cause);

#endif

/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * A fake guest-physical memory for the walker's tests: a few 4 KiB pages at chosen GPAs (paging
 * structures or data), a read_gpa that logs every request and refuses (and counts as stray) any
 * request outside them, and builders that write a page-table chain for one linear address.
 */
#ifndef GUEST_WALK_FAKE_GUEST_H
#define GUEST_WALK_FAKE_GUEST_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include <guest_walk/guest_walk.h>

#define FG_MAX_PAGES 48
#define FG_MAX_LOG 64
#define FG_TABLE_BASE 0x100000ull /* where fg_map allocates paging structures */

/* Entry bits used by the tests (SDM 4.3 to 4.5). */
#define FG_P (1ull << 0)
#define FG_RW (1ull << 1)
#define FG_US (1ull << 2)
#define FG_PWT (1ull << 3)
#define FG_PCD (1ull << 4)
#define FG_A (1ull << 5)
#define FG_D (1ull << 6)
#define FG_PS (1ull << 7)
#define FG_G (1ull << 8)
#define FG_XD (1ull << 63)
#define FG_URW (FG_P | FG_RW | FG_US)

/* Control-register bits. */
#define FG_CR0_PE (1ull << 0)
#define FG_CR0_WP (1ull << 16)
#define FG_CR0_PG (1ull << 31)
#define FG_CR4_PSE (1ull << 4)
#define FG_CR4_PAE (1ull << 5)
#define FG_CR4_LA57 (1ull << 12)
#define FG_CR4_SMEP (1ull << 20)
#define FG_EFER_LME (1ull << 8)
#define FG_EFER_LMA (1ull << 10)
#define FG_EFER_NXE (1ull << 11)

enum fg_mode { FG_32BIT, FG_PAE, FG_4LEVEL, FG_5LEVEL };

struct fg_read {
	uint64_t gpa;
	size_t len;
};

struct fake_guest {
	uint64_t page_gpa[FG_MAX_PAGES];
	bool page_is_table[FG_MAX_PAGES];
	uint8_t page[FG_MAX_PAGES][4096];
	unsigned npages;
	uint64_t next_table; /* fg_map's allocator */
	struct fg_read log[FG_MAX_LOG];
	unsigned nreads;       /* requests made to fg_read_gpa */
	unsigned stray_reads;  /* requests outside the pages, or table reads not one aligned entry */
};

/* The paging-structure entries a chain uses, by level (5 PML5E .. 1 PTE; PAE: 3 is the PDPTE). */
struct fg_chain {
	uint64_t entry_gpa[6];
};

void fg_reset(struct fake_guest *g);
/* Add a zeroed 4 KiB page at gpa (4 KiB-aligned): a paging structure or a data page. */
uint8_t *fg_add_table(struct fake_guest *g, uint64_t gpa);
uint8_t *fg_add_data(struct fake_guest *g, uint64_t gpa);
/* Little-endian entry access at gpa, which must be in a page already added. */
void fg_set(struct fake_guest *g, uint64_t gpa, uint64_t value, unsigned bytes);
uint64_t fg_get(struct fake_guest *g, uint64_t gpa, unsigned bytes);
/* OR / AND-NOT bits into the chain's entry at `level`. */
void fg_entry_or(struct fake_guest *g, enum fg_mode m, const struct fg_chain *c, unsigned level,
		 uint64_t bits);
void fg_entry_clear(struct fake_guest *g, enum fg_mode m, const struct fg_chain *c, unsigned level,
		    uint64_t bits);

/* The root structure for mode m (a fresh table page), to put in CR3. */
uint64_t fg_new_root(struct fake_guest *g);
/*
 * Map linear -> frame with the leaf at leaf_level (1: 4 KiB; 2: 2/4 MiB; 3: 1 GiB), allocating
 * missing structures. Every non-leaf entry gets `flags` (PAE PDPTEs only P: their bits 2:1 are
 * reserved); the leaf gets `flags`, plus PS when leaf_level > 1. For 32-bit paging the frame
 * of a 4 MiB page is encoded PSE-36 style (bits 39:32 into entry bits 20:13).
 */
void fg_map(struct fake_guest *g, enum fg_mode m, uint64_t root, uint64_t linear, uint64_t frame,
	    unsigned leaf_level, uint64_t flags, struct fg_chain *c);

/* Control registers for mode m with `root` in CR3 (CR4.PSE set for 32-bit paging). */
struct guest_paging fg_paging(struct fake_guest *g, enum fg_mode m, uint64_t root, unsigned cpl);

int fg_read_gpa(void *ctx, uint64_t gpa, void *dst, size_t len);

/* The fake memory every test uses; fg_setup resets it, fg_teardown fails the test if the walker
 * asked for memory outside the pages the test added (a test expecting that clears stray_reads). */
extern struct fake_guest fg_mem;
#define G (&fg_mem)
int fg_setup(void **state);
int fg_teardown(void **state);
#define FG_TEST(f) cmocka_unit_test_setup_teardown(f, fg_setup, fg_teardown)

#endif

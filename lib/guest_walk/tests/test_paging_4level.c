/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * 4-level paging (SDM 4.5, EFER.LMA and CR4.LA57 = 0): PML4 at CR3[M-1:12], 1 GiB pages at the
 * PDPTE, 2 MiB at the PDE, 4 KiB at the PTE; linear addresses must be canonical (bits 63:47
 * equal), else the guest takes #GP and the walk answers -HV_ERANGE.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>
#include <cmocka.h>

#include <hvkit/errno.h>
#include <guest_walk/guest_walk.h>

#include "fake_guest.h"

struct page_case {
	unsigned leaf_level;
	uint64_t linear, frame, offset, size;
};

static void each_page_size_translates_with_bytes_left(void **state)
{
	(void)state;
	static const struct page_case cases[] = {
		{ 1, 0x0000123456789abcull, 0x0000000abcdef000ull, 0xabc, 0x1000 },
		{ 2, 0x0000004000123456ull, 0x0000000080000000ull, 0x123456, 0x200000 },
		{ 3, 0x0000008012345678ull, 0x0000004000000000ull, 0x12345678, 0x40000000 },
		{ 1, 0xffff800000001fffull, 0x0000000000042000ull, 0xfff, 0x1000 },
	};
	uint64_t root = fg_new_root(G);
	struct guest_paging p = fg_paging(G, FG_4LEVEL, root, 0);

	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		const struct page_case *k = &cases[i];
		struct fg_chain c;
		struct guest_walk_result r;
		fg_map(G, FG_4LEVEL, root, k->linear, k->frame, k->leaf_level, FG_URW, &c);
		assert_int_equal(guest_walk_info(&p, k->linear, GUEST_ACCESS_WRITE, &r), 0);
		assert_int_equal(r.gpa, k->frame + k->offset);
		assert_int_equal(r.page_size, k->size);
		assert_int_equal(r.page_bytes_left, k->size - k->offset);
		assert_int_equal(r.level, k->leaf_level);
		assert_int_equal(r.entry, fg_get(G, c.entry_gpa[k->leaf_level], 8));
	}
}

static void entries_are_indexed_by_nine_linear_bits_per_level(void **state)
{
	(void)state;
	struct fg_chain c;
	uint64_t root = fg_new_root(G);
	/* PML4 index 0x1a5 (bit 47 set: bits 63:48 copy it), PDPT 0x0f3, PD 0x12c, PT 0x07e. */
	uint64_t lin = 0xffff000000000000ull | (0x1a5ull << 39) | (0x0f3ull << 30) | (0x12cull << 21) |
		       (0x07eull << 12) | 0x10;
	fg_map(G, FG_4LEVEL, root, lin, 0x5000, 1, FG_URW, &c);
	struct guest_paging p = fg_paging(G, FG_4LEVEL, root, 0);
	uint64_t gpa = 0;

	assert_int_equal(c.entry_gpa[4], root + 8 * 0x1a5);
	assert_int_equal(c.entry_gpa[3] & 0xfff, 8 * 0x0f3);
	assert_int_equal(c.entry_gpa[2] & 0xfff, 8 * 0x12c);
	assert_int_equal(c.entry_gpa[1] & 0xfff, 8 * 0x07e);
	assert_int_equal(guest_walk(&p, lin, GUEST_ACCESS_READ, &gpa, NULL), 0);
	assert_int_equal(gpa, 0x5010);
	assert_int_equal(G->nreads, 4);
	for (unsigned i = 0; i < 4; i++)
		assert_int_equal(G->log[i].gpa, c.entry_gpa[4 - i]);
}

static void not_present_entry_reports_its_level(void **state)
{
	(void)state;
	struct fg_chain c;
	uint64_t root = fg_new_root(G);
	fg_map(G, FG_4LEVEL, root, 0x7000, 0x9000, 1, FG_URW, &c);
	struct guest_paging p = fg_paging(G, FG_4LEVEL, root, 0);

	for (unsigned level = 1; level <= 4; level++) {
		struct guest_walk_result r;
		fg_entry_clear(G, FG_4LEVEL, &c, level, FG_P);
		assert_int_equal(guest_walk_info(&p, 0x7000, GUEST_ACCESS_READ, &r), -HV_ENOENT);
		assert_int_equal(r.level, level);
		assert_true(r.page_fault);
		assert_int_equal(r.pf_error_code, 0);
		fg_entry_or(G, FG_4LEVEL, &c, level, FG_P);
	}
}

static void noncanonical_linear_is_erange_without_page_fault(void **state)
{
	(void)state;
	uint64_t root = fg_new_root(G);
	struct guest_paging p = fg_paging(G, FG_4LEVEL, root, 0);
	struct guest_walk_result r;
	static const uint64_t bad[] = { 0x0000800000000000ull, 0xffff7fffffffffffull,
					0x00ff800000000000ull, 0x8000000000000000ull };

	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		assert_int_equal(guest_walk_info(&p, bad[i], GUEST_ACCESS_READ, &r), -HV_ERANGE);
		assert_false(r.page_fault);
	}
	assert_int_equal(G->nreads, 0);
}

static void cr3_flag_and_pcid_bits_are_not_address(void **state)
{
	(void)state;
	struct fg_chain c;
	uint64_t root = fg_new_root(G);
	fg_map(G, FG_4LEVEL, root, 0x1000, 0x2000, 1, FG_URW, &c);
	struct guest_paging p = fg_paging(G, FG_4LEVEL, root, 0);
	uint64_t gpa = 0;

	p.cr3 |= 0xfff; /* PCID (with CR4.PCIDE) or PWT/PCD */
	p.cr3 |= 1ull << 63;
	assert_int_equal(guest_walk(&p, 0x1234, GUEST_ACCESS_READ, &gpa, NULL), 0);
	assert_int_equal(gpa, 0x2234);
}

static void ignored_high_bits_do_not_reach_the_address(void **state)
{
	(void)state;
	struct fg_chain c;
	uint64_t root = fg_new_root(G);
	fg_map(G, FG_4LEVEL, root, 0x1000, 0x2000, 1, FG_URW, &c);
	struct guest_paging p = fg_paging(G, FG_4LEVEL, root, 0);
	uint64_t gpa = 0;

	/* Bits 62:52 are ignored (or protection keys) in 4-level entries, 11:8 ignored/G. */
	for (unsigned level = 1; level <= 4; level++)
		fg_entry_or(G, FG_4LEVEL, &c, level, 0x7ff0000000000e00ull);
	assert_int_equal(guest_walk(&p, 0x1234, GUEST_ACCESS_READ, &gpa, NULL), 0);
	assert_int_equal(gpa, 0x2234);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		FG_TEST(each_page_size_translates_with_bytes_left),
		FG_TEST(entries_are_indexed_by_nine_linear_bits_per_level),
		FG_TEST(not_present_entry_reports_its_level),
		FG_TEST(noncanonical_linear_is_erange_without_page_fault),
		FG_TEST(cr3_flag_and_pcid_bits_are_not_address),
		FG_TEST(ignored_high_bits_do_not_reach_the_address),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}

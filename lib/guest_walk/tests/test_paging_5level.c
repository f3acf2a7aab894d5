/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * 5-level paging (SDM 4.5, EFER.LMA and CR4.LA57): a PML5 table above the PML4 indexed by
 * linear[56:48]; linear addresses are canonical when bits 63:57 equal bit 56.
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

static void la57_walks_five_levels(void **state)
{
	(void)state;
	struct fg_chain c;
	uint64_t root = fg_new_root(G);
	uint64_t lin = 0x00ab800000403123ull; /* PML5 index 0x0ab, PML4 index 0x100 */
	fg_map(G, FG_5LEVEL, root, lin, 0x77000, 1, FG_URW, &c);
	struct guest_paging p = fg_paging(G, FG_5LEVEL, root, 0);
	struct guest_walk_result r;

	assert_int_equal(c.entry_gpa[5], root + 8 * 0x0ab);
	assert_int_equal(c.entry_gpa[4] & 0xfff, 8 * 0x100);
	assert_int_equal(guest_walk_info(&p, lin, GUEST_ACCESS_READ, &r), 0);
	assert_int_equal(r.gpa, 0x77123);
	assert_int_equal(r.page_bytes_left, 0x1000 - 0x123);
	assert_int_equal(G->nreads, 5);
	assert_int_equal(G->log[0].gpa, c.entry_gpa[5]);
}

static void la57_large_pages_translate(void **state)
{
	(void)state;
	struct fg_chain c;
	uint64_t root = fg_new_root(G);
	struct guest_paging p = fg_paging(G, FG_5LEVEL, root, 0);
	uint64_t gpa = 0, left = 0;

	fg_map(G, FG_5LEVEL, root, 0xff00000040000000ull, 0x80000000ull, 3, FG_URW, &c);
	assert_int_equal(guest_walk(&p, 0xff00000040000010ull, GUEST_ACCESS_READ, &gpa, &left), 0);
	assert_int_equal(gpa, 0x80000010ull);
	assert_int_equal(left, 0x40000000 - 0x10);
	fg_map(G, FG_5LEVEL, root, 0x0001000000200000ull, 0xc00000ull, 2, FG_URW, &c);
	assert_int_equal(guest_walk(&p, 0x00010000003fffffull, GUEST_ACCESS_READ, &gpa, &left), 0);
	assert_int_equal(gpa, 0xdfffffull);
	assert_int_equal(left, 1);
}

static void la57_canonical_boundary_is_bit_56(void **state)
{
	(void)state;
	struct fg_chain c;
	uint64_t root = fg_new_root(G);
	fg_map(G, FG_5LEVEL, root, 0x00ff800000000000ull, 0x1000, 1, FG_URW, &c);
	struct guest_paging p = fg_paging(G, FG_5LEVEL, root, 0);
	uint64_t gpa = 0;

	/* Non-canonical for 4-level paging, canonical for 5-level. */
	assert_int_equal(guest_walk(&p, 0x00ff800000000000ull, GUEST_ACCESS_READ, &gpa, NULL), 0);
	assert_int_equal(gpa, 0x1000);
	assert_int_equal(guest_walk(&p, 0x0100000000000000ull, GUEST_ACCESS_READ, &gpa, NULL),
			 -HV_ERANGE);
	assert_int_equal(guest_walk(&p, 0xfeffffffffffffffull, GUEST_ACCESS_READ, &gpa, NULL),
			 -HV_ERANGE);
}

static void la57_not_present_pml5e_fails_at_level_5(void **state)
{
	(void)state;
	uint64_t root = fg_new_root(G);
	struct guest_paging p = fg_paging(G, FG_5LEVEL, root, 0);
	struct guest_walk_result r;

	assert_int_equal(guest_walk_info(&p, 0x1000, GUEST_ACCESS_WRITE, &r), -HV_ENOENT);
	assert_int_equal(r.level, 5);
	assert_int_equal(r.pf_error_code, GUEST_PF_W);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		FG_TEST(la57_walks_five_levels),
		FG_TEST(la57_large_pages_translate),
		FG_TEST(la57_canonical_boundary_is_bit_56),
		FG_TEST(la57_not_present_pml5e_fails_at_level_5),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}

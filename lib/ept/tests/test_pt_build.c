/* SPDX-License-Identifier: BSD-3-Clause */
/* The build flavour of pt_map/pt_unmap (src/pt_build.c): the same leaves and checks as the engine's map, written as
 * it goes; unmap clears whole leaves only, keeps the emptied tables, and refuses to split. */
#include "pt_test_util.h"
#include <ept/pt_ext.h>

#define ALL_CAPS (PT_CAP_2M | PT_CAP_1G)

/* Free the tables without the engine's invariants (an unmap here may leave empty tables). */
static void build_end(struct fixture *f)
{
	pt_destroy(&f->t);
	assert_int_equal(host_platform_pages_in_use, f->pages_at_start);
	free(f);
	host_platform_reset();
}

static void map_picks_the_largest_leaf_for_each_part(void **state)
{
	(void)state;
	struct fixture *f = fixture_new(&ept_format, 4, ALL_CAPS);
	/* 4 KiB up to 2 MiB, 2 MiB leaves up to 1 GiB, one 1 GiB leaf, then 2 MiB and 4 KiB again. */
	uint64_t gpa = MiB(2) - KiB(8), size = GiB(2) + MiB(4) + KiB(12) - gpa;
	assert_int_equal(pt_map(&f->t, gpa, gpa + GiB(4), size, &PROT_RW_UC), 0);
	assert_range(&f->t, gpa, gpa + GiB(4), size, &PROT_RW_UC);
	assert_page_size(&f->t, gpa, KiB(4));
	assert_page_size(&f->t, MiB(2), MiB(2));
	assert_page_size(&f->t, GiB(1), GiB(1));
	assert_page_size(&f->t, GiB(2) + MiB(2), MiB(2));
	assert_page_size(&f->t, GiB(2) + MiB(4), KiB(4));
	assert_unmapped(&f->t, 0, gpa);
	assert_unmapped(&f->t, gpa + size, GiB(1));
	assert_invariants(&f->t);
	fixture_end(f);
}

static void map_refuses_like_the_engine(void **state)
{
	(void)state;
	struct fixture *f = fixture_new(&ept_format, 4, ALL_CAPS);
	assert_int_equal(pt_map(&f->t, GiB(1), 0, MiB(2), &PROT_RWX_WB), 0);
	struct snap s;
	snap_take(&f->t, &s);
	assert_int_equal(pt_map(&f->t, GiB(1) + MiB(1), 0, KiB(4), &PROT_RWX_WB), -HV_EBUSY);
	assert_int_equal(pt_map(&f->t, 0x800, 0, KiB(4), &PROT_RWX_WB), -HV_EINVAL);
	assert_int_equal(pt_map(&f->t, 1ull << 48, 0, KiB(4), &PROT_RWX_WB), -HV_ERANGE);
	assert_int_equal(pt_map(&f->t, 0, 1ull << 48, KiB(4), &PROT_RWX_WB), -HV_ERANGE);
	const struct pt_prot write_only = {PT_PERM_W, EPT_MT_WB, 0};
	assert_int_equal(pt_map(&f->t, 0, 0, KiB(4), &write_only), -HV_EINVAL);
	assert_int_equal(pt_map(NULL, 0, 0, KiB(4), &PROT_RWX_WB), -HV_EINVAL);
	assert_snap_unchanged(&f->t, &s);
	fixture_end(f);
}

/* Next to a mapped page, a map reuses its tables; a neighbour's table is never merged into a larger leaf. */
static void map_beside_reuses_tables_and_does_not_merge(void **state)
{
	(void)state;
	struct fixture *f = fixture_new(&ept_format, 4, ALL_CAPS);
	assert_int_equal(pt_map(&f->t, 0, 0, KiB(4), &PROT_RWX_WB), 0);
	assert_int_equal(f->t.pages, 4);
	assert_int_equal(pt_map(&f->t, KiB(4), KiB(4), MiB(2) - KiB(4), &PROT_RWX_WB), 0);
	assert_int_equal(f->t.pages, 4);
	size_t n4k, n2m, n1g;
	count_leaves(&f->t, &n4k, &n2m, &n1g);
	assert_int_equal(n4k, 512);
	assert_int_equal(n2m + n1g, 0);
	assert_range(&f->t, 0, 0, MiB(2), &PROT_RWX_WB);
	build_end(f);
}

/* Out of pages: -HV_ENOMEM, every table taken is linked (none leaks), the part reached is mapped. */
static void map_out_of_pages_keeps_what_it_reached(void **state)
{
	(void)state;
	struct fixture *f = fixture_new(&vtd_sl_format, 4, 0);
	host_platform_fail_after = 3; /* PDPT, PD, one PT: the first 2 MiB */
	assert_int_equal(pt_map(&f->t, 0, 0, MiB(4), &PROT_RW_UC), -HV_ENOMEM);
	host_platform_fail_after = -1;
	assert_int_equal(f->t.pages, 4);
	assert_int_equal(host_platform_pages_in_use, f->pages_at_start + 4);
	assert_range(&f->t, 0, 0, MiB(2), &PROT_RW_UC);
	assert_unmapped(&f->t, MiB(2), MiB(2));
	build_end(f);
}

static void unmap_clears_leaves_and_keeps_tables(void **state)
{
	(void)state;
	struct fixture *f = fixture_new(&ept_format, 4, ALL_CAPS);
	assert_int_equal(pt_map(&f->t, 0xfee00000, 0x1000, KiB(4), &PROT_RWX_WB), 0);
	assert_int_equal(pt_unmap(&f->t, 0xfee00000, KiB(4)), 0);
	assert_unmapped(&f->t, 0, GiB(4));
	assert_int_equal(f->t.pages, 4);
	/* Mapped again into the tables left (the xAPIC page toggled by a guest): no page taken. */
	host_platform_fail_after = 0;
	assert_int_equal(pt_map(&f->t, 0xfee00000, 0x2000, KiB(4), &PROT_RWX_WB), 0);
	host_platform_fail_after = -1;
	assert_range(&f->t, 0xfee00000, 0x2000, KiB(4), &PROT_RWX_WB);
	assert_int_equal(pt_unmap(&f->t, 0xfee00000, KiB(4)), 0);
	build_end(f);
}

static void unmap_refuses_holes_and_splits(void **state)
{
	(void)state;
	struct fixture *f = fixture_new(&ept_format, 4, ALL_CAPS);
	assert_int_equal(pt_map(&f->t, MiB(2), MiB(2), MiB(2), &PROT_RWX_WB), 0);
	assert_int_equal(pt_map(&f->t, MiB(4), MiB(4), KiB(4), &PROT_RWX_WB), 0);
	struct snap s;
	snap_take(&f->t, &s);
	assert_int_equal(pt_unmap(&f->t, MiB(2), KiB(4)), -HV_EBUSY);          /* part of a 2 MiB leaf */
	assert_int_equal(pt_unmap(&f->t, MiB(2), MiB(2) + KiB(8)), -HV_ENOENT); /* runs past the last page */
	assert_int_equal(pt_unmap(&f->t, 0, MiB(4)), -HV_ENOENT);
	assert_int_equal(pt_unmap(&f->t, MiB(2), 0), -HV_EINVAL);
	assert_int_equal(pt_unmap(NULL, MiB(2), KiB(4)), -HV_EINVAL);
	assert_snap_unchanged(&f->t, &s);
	assert_int_equal(pt_unmap(&f->t, MiB(2), MiB(2) + KiB(4)), 0);
	assert_unmapped(&f->t, 0, GiB(1));
	build_end(f);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(map_picks_the_largest_leaf_for_each_part),
		cmocka_unit_test(map_refuses_like_the_engine),
		cmocka_unit_test(map_beside_reuses_tables_and_does_not_merge),
		cmocka_unit_test(map_out_of_pages_keeps_what_it_reached),
		cmocka_unit_test(unmap_clears_leaves_and_keeps_tables),
		cmocka_unit_test(unmap_refuses_holes_and_splits),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}

/* SPDX-License-Identifier: BSD-3-Clause */
/* Map and unmap: page-size choice, alignment, width, overlap and out-of-memory refusals. */
#include "pt_test_util.h"
#include <ept/pt_ext.h>

#define ALL_CAPS (PT_CAP_2M | PT_CAP_1G)

static void map_4k_builds_three_tables_and_unmap_frees_them(void **state)
{
	(void)state;
	struct fixture *f = fixture_new(&ept_format, 4, ALL_CAPS);
	assert_int_equal(pt_map(&f->t, 0x1000, 0x7654000, KiB(4), &PROT_RWX_WB), 0);
	assert_int_equal(f->t.pages, 4);
	assert_range(&f->t, 0x1000, 0x7654000, KiB(4), &PROT_RWX_WB);
	assert_page_size(&f->t, 0x1000, KiB(4));
	assert_unmapped(&f->t, 0, KiB(4));
	assert_unmapped(&f->t, 0x2000, GiB(1));
	assert_invariants(&f->t);
	assert_int_equal(pt_unmap(&f->t, 0x1000, KiB(4)), 0);
	assert_unmapped(&f->t, 0, GiB(1));
	assert_int_equal(f->t.pages, 1);
	fixture_end(f);
}

static void map_aligned_range_uses_2m_leaves(void **state)
{
	(void)state;
	struct fixture *f = fixture_new(&ept_format, 4, ALL_CAPS);
	assert_int_equal(pt_map(&f->t, MiB(2), MiB(6), MiB(4), &PROT_RWX_WB), 0);
	size_t n4k, n2m, n1g;
	count_leaves(&f->t, &n4k, &n2m, &n1g);
	assert_int_equal(n4k, 0);
	assert_int_equal(n2m, 2);
	assert_int_equal(n1g, 0);
	assert_int_equal(f->t.pages, 3);
	assert_range(&f->t, MiB(2), MiB(6), MiB(4), &PROT_RWX_WB);
	assert_unmapped(&f->t, 0, MiB(2));
	assert_unmapped(&f->t, MiB(6), MiB(2));
	fixture_end(f);
}

static void map_without_2m_cap_uses_4k_leaves(void **state)
{
	(void)state;
	struct fixture *f = fixture_new(&ept_format, 4, 0);
	assert_int_equal(pt_map(&f->t, MiB(2), MiB(6), MiB(4), &PROT_RWX_WB), 0);
	size_t n4k, n2m, n1g;
	count_leaves(&f->t, &n4k, &n2m, &n1g);
	assert_int_equal(n4k, 1024);
	assert_int_equal(n2m + n1g, 0);
	assert_int_equal(f->t.pages, 5);
	assert_range(&f->t, MiB(2), MiB(6), MiB(4), &PROT_RWX_WB);
	fixture_end(f);
}

static void map_uses_1g_leaf_only_with_1g_cap(void **state)
{
	(void)state;
	struct fixture *f = fixture_new(&ept_format, 4, ALL_CAPS);
	assert_int_equal(pt_map(&f->t, GiB(1), GiB(3), GiB(1), &PROT_RWX_WB), 0);
	assert_page_size(&f->t, GiB(1) + MiB(5), GiB(1));
	assert_int_equal(f->t.pages, 2);
	assert_range(&f->t, GiB(1), GiB(3), GiB(1), &PROT_RWX_WB);
	fixture_end(f);

	f = fixture_new(&ept_format, 4, PT_CAP_2M);
	assert_int_equal(pt_map(&f->t, GiB(1), GiB(3), GiB(1), &PROT_RWX_WB), 0);
	size_t n4k, n2m, n1g;
	count_leaves(&f->t, &n4k, &n2m, &n1g);
	assert_int_equal(n2m, 512);
	assert_int_equal(n4k + n1g, 0);
	assert_int_equal(f->t.pages, 3);
	assert_range(&f->t, GiB(1), GiB(3), GiB(1), &PROT_RWX_WB);
	fixture_end(f);
}

static void map_mixed_alignment_picks_largest_page_for_each_part(void **state)
{
	(void)state;
	struct fixture *f = fixture_new(&ept_format, 4, ALL_CAPS);
	uint64_t gpa = GiB(1) - MiB(2) - KiB(4);
	uint64_t size = GiB(1) + MiB(4) + KiB(8);
	assert_int_equal(pt_map(&f->t, gpa, gpa + GiB(4), size, &PROT_RW_UC), 0);
	size_t n4k, n2m, n1g;
	count_leaves(&f->t, &n4k, &n2m, &n1g);
	assert_int_equal(n4k, 2);
	assert_int_equal(n2m, 2);
	assert_int_equal(n1g, 1);
	assert_page_size(&f->t, gpa, KiB(4));
	assert_page_size(&f->t, GiB(1) - MiB(2), MiB(2));
	assert_page_size(&f->t, GiB(1), GiB(1));
	assert_page_size(&f->t, GiB(2), MiB(2));
	assert_page_size(&f->t, GiB(2) + MiB(2), KiB(4));
	assert_range(&f->t, gpa, gpa + GiB(4), size, &PROT_RW_UC);
	assert_unmapped(&f->t, gpa - KiB(4), KiB(4));
	assert_unmapped(&f->t, gpa + size, KiB(4));
	assert_invariants(&f->t);
	fixture_end(f);
}

static void map_hpa_not_congruent_to_gpa_uses_4k_leaves(void **state)
{
	(void)state;
	struct fixture *f = fixture_new(&ept_format, 4, ALL_CAPS);
	assert_int_equal(pt_map(&f->t, GiB(1), GiB(2) + KiB(4), MiB(4), &PROT_RWX_WB), 0);
	size_t n4k, n2m, n1g;
	count_leaves(&f->t, &n4k, &n2m, &n1g);
	assert_int_equal(n4k, 1024);
	assert_int_equal(n2m + n1g, 0);
	assert_range(&f->t, GiB(1), GiB(2) + KiB(4), MiB(4), &PROT_RWX_WB);
	fixture_end(f);
}

static void map_up_to_the_input_width_limit_succeeds(void **state)
{
	(void)state;
	struct fixture *f = fixture_new(&ept_format, 4, ALL_CAPS);
	uint64_t top = 1ull << 48;
	assert_int_equal(pt_map(&f->t, top - GiB(1), GiB(1), GiB(1), &PROT_RWX_WB), 0);
	assert_int_equal(pt_map(&f->t, top - GiB(2) + MiB(2), MiB(2), KiB(4), &PROT_RWX_WB), 0);
	assert_range(&f->t, top - GiB(1), GiB(1), GiB(1), &PROT_RWX_WB);
	struct pt_mapping m;
	assert_int_equal(pt_walk(&f->t, top - 1, &m), 0);
	assert_int_equal(m.hpa + (top - 1 - m.gpa), GiB(2) - 1);
	fixture_end(f);
}

static void map_refuses_misaligned_or_empty_request_and_changes_nothing(void **state)
{
	(void)state;
	struct fixture *f = fixture_new(&ept_format, 4, ALL_CAPS);
	assert_int_equal(pt_map(&f->t, GiB(1), 0, MiB(2), &PROT_RWX_WB), 0);
	struct snap s;
	snap_take(&f->t, &s);
	assert_int_equal(pt_map(&f->t, 0x800, 0, KiB(4), &PROT_RWX_WB), -HV_EINVAL);
	assert_int_equal(pt_map(&f->t, 0, 0x10, KiB(4), &PROT_RWX_WB), -HV_EINVAL);
	assert_int_equal(pt_map(&f->t, 0, 0, KiB(4) + 1, &PROT_RWX_WB), -HV_EINVAL);
	assert_int_equal(pt_map(&f->t, 0, 0, 0, &PROT_RWX_WB), -HV_EINVAL);
	assert_int_equal(pt_map(&f->t, 0, 0, KiB(4), NULL), -HV_EINVAL);
	assert_snap_unchanged(&f->t, &s);
	fixture_end(f);
}

static void map_refuses_addresses_beyond_width_and_changes_nothing(void **state)
{
	(void)state;
	struct fixture *f = fixture_new(&ept_format, 4, ALL_CAPS); /* hpa_bits 48 */
	assert_int_equal(pt_map(&f->t, GiB(1), 0, MiB(2), &PROT_RWX_WB), 0);
	struct snap s;
	snap_take(&f->t, &s);
	uint64_t top = 1ull << 48;
	assert_int_equal(pt_map(&f->t, top, 0, KiB(4), &PROT_RWX_WB), -HV_ERANGE);
	assert_int_equal(pt_map(&f->t, top - KiB(4), 0, KiB(8), &PROT_RWX_WB), -HV_ERANGE);
	assert_int_equal(pt_map(&f->t, 0xfffffffffffff000ull, 0, KiB(8), &PROT_RWX_WB), -HV_ERANGE);
	assert_int_equal(pt_map(&f->t, 0, 1ull << 48, KiB(4), &PROT_RWX_WB), -HV_ERANGE);
	assert_int_equal(pt_map(&f->t, 0, (1ull << 48) - KiB(4), KiB(8), &PROT_RWX_WB), -HV_ERANGE);
	assert_int_equal(pt_map(&f->t, 0, 0xfffffffffffff000ull, KiB(8), &PROT_RWX_WB), -HV_ERANGE);
	assert_snap_unchanged(&f->t, &s);
	/* the highest host page is fine */
	assert_int_equal(pt_map(&f->t, 0, (1ull << 48) - KiB(4), KiB(4), &PROT_RWX_WB), 0);
	assert_range(&f->t, 0, (1ull << 48) - KiB(4), KiB(4), &PROT_RWX_WB);
	fixture_end(f);
}

static void map_refuses_any_overlap_and_changes_nothing(void **state)
{
	(void)state;
	struct fixture *f = fixture_new(&ept_format, 4, ALL_CAPS);
	assert_int_equal(pt_map(&f->t, MiB(2) + KiB(8), 0x100000, KiB(4), &PROT_RWX_WB), 0); /* 4K */
	assert_int_equal(pt_map(&f->t, GiB(2), GiB(8), GiB(1), &PROT_RWX_WB), 0);             /* 1G */
	assert_int_equal(pt_map(&f->t, GiB(4), GiB(8), MiB(2), &PROT_RWX_WB), 0);             /* 2M */
	struct snap s;
	snap_take(&f->t, &s);
	/* exactly, around, and touching the end of the 4K page */
	assert_int_equal(pt_map(&f->t, MiB(2) + KiB(8), 0, KiB(4), &PROT_RWX_WB), -HV_EBUSY);
	assert_int_equal(pt_map(&f->t, MiB(2), 0, MiB(2), &PROT_RWX_WB), -HV_EBUSY);
	assert_int_equal(pt_map(&f->t, 0, 0, GiB(1), &PROT_RWX_WB), -HV_EBUSY);
	assert_int_equal(pt_map(&f->t, MiB(2) + KiB(12) - KiB(8), 0, KiB(8), &PROT_RWX_WB), -HV_EBUSY);
	/* inside, across the start and across the end of the 1G page */
	assert_int_equal(pt_map(&f->t, GiB(2) + MiB(6) + KiB(4), 0, KiB(4), &PROT_RWX_WB), -HV_EBUSY);
	assert_int_equal(pt_map(&f->t, GiB(2) - KiB(4), 0, KiB(8), &PROT_RWX_WB), -HV_EBUSY);
	assert_int_equal(pt_map(&f->t, GiB(3) - MiB(2), 0, MiB(4), &PROT_RWX_WB), -HV_EBUSY);
	/* a range that swallows the 2M page whole */
	assert_int_equal(pt_map(&f->t, GiB(4) - KiB(4), 0, MiB(4), &PROT_RWX_WB), -HV_EBUSY);
	assert_snap_unchanged(&f->t, &s);
	/* right next to each mapping is free */
	assert_int_equal(pt_map(&f->t, MiB(2) + KiB(4), KiB(4), KiB(4), &PROT_RWX_WB), 0);
	assert_int_equal(pt_map(&f->t, MiB(2) + KiB(12), KiB(12), KiB(4), &PROT_RWX_WB), 0);
	assert_int_equal(pt_map(&f->t, GiB(2) - MiB(2), 0, MiB(2), &PROT_RWX_WB), 0);
	assert_int_equal(pt_map(&f->t, GiB(3), 0, MiB(2), &PROT_RWX_WB), 0);
	assert_range(&f->t, GiB(2), GiB(8), GiB(1), &PROT_RWX_WB);
	assert_range(&f->t, MiB(2) + KiB(8), 0x100000, KiB(4), &PROT_RWX_WB);
	fixture_end(f);
}

/* Make every allocation from the n-th on fail, for n = 0 .. need-1: each attempt is refused with no change. */
static void assert_map_needs_pages(struct fixture *f, uint64_t gpa, uint64_t hpa, uint64_t size, long need)
{
	for (long n = 0; n < need; n++) {
		struct snap s;
		snap_take(&f->t, &s);
		host_platform_fail_after = n;
		assert_int_equal(pt_map(&f->t, gpa, hpa, size, &PROT_RWX_WB), -HV_ENOMEM);
		host_platform_fail_after = -1;
		assert_snap_unchanged(&f->t, &s);
		assert_unmapped(&f->t, gpa, size);
	}
	host_platform_fail_after = need;
	assert_int_equal(pt_map(&f->t, gpa, hpa, size, &PROT_RWX_WB), 0);
	host_platform_fail_after = -1;
	assert_range(&f->t, gpa, hpa, size, &PROT_RWX_WB);
}

static void map_out_of_table_memory_changes_nothing(void **state)
{
	(void)state;
	struct fixture *f = fixture_new(&ept_format, 4, ALL_CAPS);
	size_t before = f->t.pages;
	assert_map_needs_pages(f, GiB(5) + KiB(4), KiB(4), KiB(4), 3);     /* PDPT, PD, PT */
	assert_map_needs_pages(f, GiB(5) + MiB(4), MiB(8), MiB(2), 0);     /* a 2M leaf in the PD */
	/* a PT in the old PD; a new PD holding a 2M leaf and a PT */
	assert_map_needs_pages(f, GiB(6) - KiB(4), MiB(64) - KiB(4), MiB(4), 3);
	/* hpa not congruent to gpa modulo 2M: a new PD and three PTs */
	assert_map_needs_pages(f, GiB(7) + KiB(4), GiB(1) + KiB(8), MiB(4), 4);
	assert_int_equal(f->t.pages, before + 3 + 3 + 4);
	assert_invariants(&f->t);
	fixture_end(f);
}

static void unmap_exact_ranges_of_every_size_frees_empty_tables(void **state)
{
	(void)state;
	struct fixture *f = fixture_new(&ept_format, 4, ALL_CAPS);
	assert_int_equal(pt_map(&f->t, KiB(4), KiB(4), KiB(4), &PROT_RWX_WB), 0);
	assert_int_equal(pt_map(&f->t, MiB(2), MiB(2), MiB(2), &PROT_RWX_WB), 0);
	assert_int_equal(pt_map(&f->t, GiB(1), GiB(1), GiB(1), &PROT_RWX_WB), 0);
	assert_int_equal(f->t.pages, 4);
	assert_int_equal(pt_unmap(&f->t, MiB(2), MiB(2)), 0);
	assert_unmapped(&f->t, MiB(2), MiB(2));
	assert_range(&f->t, KiB(4), KiB(4), KiB(4), &PROT_RWX_WB);
	assert_int_equal(pt_unmap(&f->t, GiB(1), GiB(1)), 0);
	assert_unmapped(&f->t, GiB(1), GiB(1));
	assert_int_equal(f->t.pages, 4);
	assert_int_equal(pt_unmap(&f->t, KiB(4), KiB(4)), 0);
	assert_int_equal(f->t.pages, 1);
	assert_unmapped(&f->t, 0, GiB(4));
	fixture_end(f);
}

static void unmap_refuses_holes_misalignment_and_width_and_changes_nothing(void **state)
{
	(void)state;
	struct fixture *f = fixture_new(&ept_format, 4, ALL_CAPS);
	assert_int_equal(pt_map(&f->t, MiB(2), MiB(2), MiB(2), &PROT_RWX_WB), 0);
	assert_int_equal(pt_map(&f->t, MiB(4) + KiB(4), 0, KiB(4), &PROT_RWX_WB), 0);
	struct snap s;
	snap_take(&f->t, &s);
	assert_int_equal(pt_unmap(&f->t, MiB(2), MiB(2) + KiB(8)), -HV_ENOENT); /* hole at 4M */
	assert_int_equal(pt_unmap(&f->t, MiB(2) - KiB(4), KiB(8)), -HV_ENOENT);
	assert_int_equal(pt_unmap(&f->t, GiB(3), KiB(4)), -HV_ENOENT);
	assert_int_equal(pt_unmap(&f->t, MiB(2) + 1, KiB(4)), -HV_EINVAL);
	assert_int_equal(pt_unmap(&f->t, MiB(2), 0), -HV_EINVAL);
	assert_int_equal(pt_unmap(&f->t, 1ull << 48, KiB(4)), -HV_ERANGE);
	assert_int_equal(pt_unmap(NULL, 0, KiB(4)), -HV_EINVAL);
	assert_snap_unchanged(&f->t, &s);
	fixture_end(f);
}

static void unmap_across_pages_of_every_size_leaves_the_rest(void **state)
{
	(void)state;
	struct fixture *f = fixture_new(&ept_format, 4, ALL_CAPS);
	uint64_t gpa = GiB(1) - MiB(2) - KiB(4);
	uint64_t size = GiB(1) + MiB(4) + KiB(8);
	assert_int_equal(pt_map(&f->t, gpa, gpa, size, &PROT_RWX_WB), 0);
	/* from inside the first 2M page to inside the 1G page */
	uint64_t lo = GiB(1) - MiB(1), hi = GiB(1) + MiB(3) + KiB(4);
	assert_int_equal(pt_unmap(&f->t, lo, hi - lo), 0);
	assert_unmapped(&f->t, lo, hi - lo);
	assert_range(&f->t, gpa, gpa, lo - gpa, &PROT_RWX_WB);
	assert_range(&f->t, hi, hi, gpa + size - hi, &PROT_RWX_WB);
	assert_page_size(&f->t, GiB(1) + MiB(4), MiB(2));
	assert_page_size(&f->t, GiB(1) + MiB(3) + KiB(4), KiB(4));
	assert_invariants(&f->t);
	fixture_end(f);
}

static void destroy_frees_every_table_page(void **state)
{
	(void)state;
	struct fixture *f = fixture_new(&ept_format, 4, ALL_CAPS);
	for (uint64_t i = 0; i < 64; i++)
		assert_int_equal(pt_map(&f->t, GiB(i * 3) + MiB(i * 2) + KiB(i * 4), KiB(i * 4), KiB(12) + GiB(i % 2),
					&PROT_RWX_WB), 0);
	assert_true(f->t.pages > 64);
	assert_int_equal(host_platform_pages_in_use, f->pages_at_start + f->t.pages);
	fixture_end(f); /* checks host_platform_pages_in_use is back to its start */
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(map_4k_builds_three_tables_and_unmap_frees_them),
		cmocka_unit_test(map_aligned_range_uses_2m_leaves),
		cmocka_unit_test(map_without_2m_cap_uses_4k_leaves),
		cmocka_unit_test(map_uses_1g_leaf_only_with_1g_cap),
		cmocka_unit_test(map_mixed_alignment_picks_largest_page_for_each_part),
		cmocka_unit_test(map_hpa_not_congruent_to_gpa_uses_4k_leaves),
		cmocka_unit_test(map_up_to_the_input_width_limit_succeeds),
		cmocka_unit_test(map_refuses_misaligned_or_empty_request_and_changes_nothing),
		cmocka_unit_test(map_refuses_addresses_beyond_width_and_changes_nothing),
		cmocka_unit_test(map_refuses_any_overlap_and_changes_nothing),
		cmocka_unit_test(map_out_of_table_memory_changes_nothing),
		cmocka_unit_test(unmap_exact_ranges_of_every_size_frees_empty_tables),
		cmocka_unit_test(unmap_refuses_holes_misalignment_and_width_and_changes_nothing),
		cmocka_unit_test(unmap_across_pages_of_every_size_leaves_the_rest),
		cmocka_unit_test(destroy_frees_every_table_page),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}

/* SPDX-License-Identifier: BSD-3-Clause */
/* Splitting large pages on partial unmap/change, merging uniform tables back, and refusals during splits. */
#include "pt_test_util.h"
#include <ept/ept_misconfig.h>
#include <ept/pt_ext.h>

#define ALL_CAPS (PT_CAP_2M | PT_CAP_1G)

static const struct pt_prot PROT_RX_WB = {.perm = PT_PERM_R | PT_PERM_X, .memtype = EPT_MT_WB, .flags = 0};

static void unmap_4k_inside_2m_page_splits_it_and_remap_merges_back(void **state)
{
	(void)state;
	struct fixture *f = fixture_new(&ept_format, 4, ALL_CAPS);
	assert_int_equal(pt_map(&f->t, MiB(4), MiB(10), MiB(2), &PROT_RWX_WB), 0);
	struct snap merged;
	snap_take(&f->t, &merged);
	assert_int_equal(f->t.pages, 3);

	assert_int_equal(pt_unmap(&f->t, MiB(4) + KiB(40), KiB(4)), 0);
	assert_int_equal(f->t.pages, 4);
	assert_unmapped(&f->t, MiB(4) + KiB(40), KiB(4));
	assert_range(&f->t, MiB(4), MiB(10), KiB(40), &PROT_RWX_WB);
	assert_range(&f->t, MiB(4) + KiB(44), MiB(10) + KiB(44), MiB(2) - KiB(44), &PROT_RWX_WB);
	assert_page_size(&f->t, MiB(4), KiB(4));
	size_t n4k, n2m, n1g;
	count_leaves(&f->t, &n4k, &n2m, &n1g);
	assert_int_equal(n4k, 511);
	assert_invariants(&f->t);

	assert_int_equal(pt_map(&f->t, MiB(4) + KiB(40), MiB(10) + KiB(40), KiB(4), &PROT_RWX_WB), 0);
	assert_page_size(&f->t, MiB(4), MiB(2));
	assert_snap_unchanged(&f->t, &merged); /* the very same tables as before the split */
	fixture_end(f);
}

static void unmap_4k_inside_1g_page_splits_twice_and_remap_merges_twice(void **state)
{
	(void)state;
	struct fixture *f = fixture_new(&ept_format, 4, ALL_CAPS);
	assert_int_equal(pt_map(&f->t, GiB(1), GiB(4), GiB(1), &PROT_RWX_WB), 0);
	assert_int_equal(f->t.pages, 2);
	uint64_t hole = GiB(1) + MiB(3) + KiB(8);
	assert_int_equal(pt_unmap(&f->t, hole, KiB(4)), 0);
	assert_int_equal(f->t.pages, 4);
	size_t n4k, n2m, n1g;
	count_leaves(&f->t, &n4k, &n2m, &n1g);
	assert_int_equal(n1g, 0);
	assert_int_equal(n2m, 511);
	assert_int_equal(n4k, 511);
	assert_unmapped(&f->t, hole, KiB(4));
	assert_range(&f->t, GiB(1), GiB(4), hole - GiB(1), &PROT_RWX_WB);
	assert_range(&f->t, hole + KiB(4), GiB(4) + (hole + KiB(4) - GiB(1)), GiB(2) - hole - KiB(4), &PROT_RWX_WB);
	assert_invariants(&f->t);

	assert_int_equal(pt_map(&f->t, hole, GiB(4) + (hole - GiB(1)), KiB(4), &PROT_RWX_WB), 0);
	assert_page_size(&f->t, GiB(1), GiB(1));
	assert_int_equal(f->t.pages, 2);
	fixture_end(f);
}

static void change_inside_1g_page_splits_at_both_edges_and_restore_merges(void **state)
{
	(void)state;
	struct fixture *f = fixture_new(&ept_format, 4, ALL_CAPS);
	assert_int_equal(pt_map(&f->t, GiB(2), GiB(2), GiB(1), &PROT_RWX_WB), 0);
	uint64_t lo = GiB(2) + MiB(2) + KiB(4), hi = GiB(2) + MiB(8) - KiB(4);
	assert_int_equal(pt_set_perm(&f->t, lo, hi - lo, PT_PERM_R | PT_PERM_X), 0);
	/* one PD, a PT at each edge */
	assert_int_equal(f->t.pages, 5);
	assert_range(&f->t, lo, lo, hi - lo, &PROT_RX_WB);
	assert_range(&f->t, GiB(2), GiB(2), lo - GiB(2), &PROT_RWX_WB);
	assert_range(&f->t, hi, hi, GiB(3) - hi, &PROT_RWX_WB);
	assert_page_size(&f->t, GiB(2) + MiB(4), MiB(2)); /* the middle stays 2M */
	assert_page_size(&f->t, lo, KiB(4));
	assert_page_size(&f->t, hi, KiB(4));
	assert_invariants(&f->t);

	assert_int_equal(pt_set_perm(&f->t, lo, hi - lo, PT_PERM_RWX), 0);
	assert_page_size(&f->t, GiB(2), GiB(1));
	assert_int_equal(f->t.pages, 2);
	fixture_end(f);
}

static void split_out_of_table_memory_changes_nothing(void **state)
{
	(void)state;
	struct fixture *f = fixture_new(&ept_format, 4, ALL_CAPS);
	assert_int_equal(pt_map(&f->t, GiB(2), GiB(2), GiB(1), &PROT_RWX_WB), 0);
	uint64_t lo = GiB(2) + MiB(2) + KiB(4), hi = GiB(2) + MiB(8) - KiB(4);
	/* set_perm across two 2M edges needs a PD and two PTs; unmapping one 4K page needs a PD and a PT */
	for (long n = 0; n < 3; n++) {
		struct snap s;
		snap_take(&f->t, &s);
		host_platform_fail_after = n;
		assert_int_equal(pt_set_perm(&f->t, lo, hi - lo, PT_PERM_R), -HV_ENOMEM);
		assert_int_equal(pt_protect(&f->t, lo, hi - lo, &PROT_RW_UC), -HV_ENOMEM);
		assert_int_equal(pt_set_memtype(&f->t, lo, hi - lo, EPT_MT_UC, false), -HV_ENOMEM);
		if (n < 2)
			assert_int_equal(pt_unmap(&f->t, lo, KiB(4)), -HV_ENOMEM);
		host_platform_fail_after = -1;
		assert_snap_unchanged(&f->t, &s);
		assert_range(&f->t, GiB(2), GiB(2), GiB(1), &PROT_RWX_WB);
	}
	host_platform_fail_after = 3;
	assert_int_equal(pt_set_perm(&f->t, lo, hi - lo, PT_PERM_R), 0);
	host_platform_fail_after = -1;
	assert_range(&f->t, lo, lo, hi - lo, &PROT_R_WB);
	fixture_end(f);
}

static void change_to_same_attributes_needs_no_memory_and_changes_nothing(void **state)
{
	(void)state;
	struct fixture *f = fixture_new(&ept_format, 4, ALL_CAPS);
	assert_int_equal(pt_map(&f->t, GiB(2), GiB(2), GiB(1), &PROT_RWX_WB), 0);
	struct snap s;
	snap_take(&f->t, &s);
	host_platform_fail_after = 0;
	assert_int_equal(pt_set_perm(&f->t, GiB(2) + KiB(4), KiB(4), PT_PERM_RWX), 0);
	assert_int_equal(pt_set_memtype(&f->t, GiB(2) + KiB(4), MiB(3), EPT_MT_WB, false), 0);
	assert_int_equal(pt_protect(&f->t, GiB(2) + MiB(1), MiB(7), &PROT_RWX_WB), 0);
	host_platform_fail_after = -1;
	assert_snap_unchanged(&f->t, &s);
	fixture_end(f);
}

static void whole_leaf_changes_need_no_split(void **state)
{
	(void)state;
	struct fixture *f = fixture_new(&ept_format, 4, ALL_CAPS);
	assert_int_equal(pt_map(&f->t, GiB(1), GiB(1), GiB(1) + MiB(2), &PROT_RWX_WB), 0);
	size_t pages = f->t.pages;
	host_platform_fail_after = 0;
	assert_int_equal(pt_set_perm(&f->t, GiB(1), GiB(1), PT_PERM_R), 0);
	assert_int_equal(pt_set_perm(&f->t, GiB(2), MiB(2), PT_PERM_R), 0);
	host_platform_fail_after = -1;
	assert_int_equal(f->t.pages, pages);
	assert_range(&f->t, GiB(1), GiB(1), GiB(1) + MiB(2), &PROT_R_WB);
	assert_page_size(&f->t, GiB(1), GiB(1));
	assert_page_size(&f->t, GiB(2), MiB(2));
	fixture_end(f);
}

static void separate_4k_maps_merge_into_2m_and_2m_maps_into_1g(void **state)
{
	(void)state;
	struct fixture *f = fixture_new(&ept_format, 4, ALL_CAPS);
	/* 512 separate 4K maps, in a scattered order */
	for (unsigned int k = 0; k < 512; k++) {
		uint64_t i = (k * 7u) % 512u;
		assert_int_equal(pt_map(&f->t, GiB(1) + i * KiB(4), GiB(9) + i * KiB(4), KiB(4), &PROT_RWX_WB), 0);
		if (k < 511)
			assert_page_size(&f->t, GiB(1) + i * KiB(4), KiB(4));
	}
	assert_page_size(&f->t, GiB(1), MiB(2));
	assert_int_equal(f->t.pages, 3);
	/* the other 511 2M pieces of the 1G region */
	for (uint64_t i = 1; i < 512; i++) {
		assert_int_equal(pt_map(&f->t, GiB(1) + i * MiB(2), GiB(9) + i * MiB(2), MiB(2), &PROT_RWX_WB), 0);
		if (i < 511)
			assert_page_size(&f->t, GiB(1), MiB(2));
	}
	assert_page_size(&f->t, GiB(1), GiB(1));
	assert_int_equal(f->t.pages, 2);
	assert_range(&f->t, GiB(1), GiB(9), GiB(1), &PROT_RWX_WB);
	fixture_end(f);
}

static void no_merge_when_addresses_not_contiguous(void **state)
{
	(void)state;
	struct fixture *f = fixture_new(&ept_format, 4, ALL_CAPS);
	for (uint64_t i = 0; i < 512; i++) {
		uint64_t hpa = MiB(2) + (i ^ 1u) * KiB(4); /* pairs swapped */
		assert_int_equal(pt_map(&f->t, MiB(2) + i * KiB(4), hpa, KiB(4), &PROT_RWX_WB), 0);
	}
	assert_page_size(&f->t, MiB(2), KiB(4));
	assert_int_equal(f->t.pages, 4);
	fixture_end(f);
}

static void no_merge_when_base_not_aligned_to_larger_page(void **state)
{
	(void)state;
	struct fixture *f = fixture_new(&ept_format, 4, ALL_CAPS);
	/* contiguous, uniform, but the host range starts 4K into a 2M frame */
	for (uint64_t i = 0; i < 512; i++)
		assert_int_equal(pt_map(&f->t, MiB(2) + i * KiB(4), MiB(8) + KiB(4) + i * KiB(4), KiB(4), &PROT_RWX_WB),
				 0);
	assert_page_size(&f->t, MiB(2), KiB(4));
	fixture_end(f);
}

static void no_merge_when_attributes_differ(void **state)
{
	(void)state;
	struct fixture *f = fixture_new(&ept_format, 4, ALL_CAPS);
	assert_int_equal(pt_map(&f->t, MiB(2), MiB(2), MiB(2) - KiB(4), &PROT_RWX_WB), 0);
	assert_int_equal(pt_map(&f->t, MiB(4) - KiB(4), MiB(4) - KiB(4), KiB(4), &PROT_R_WB), 0);
	assert_page_size(&f->t, MiB(2), KiB(4));
	const struct pt_prot rwx_uc = {.perm = PT_PERM_RWX, .memtype = EPT_MT_UC, .flags = 0};
	assert_int_equal(pt_protect(&f->t, MiB(4) - KiB(4), KiB(4), &rwx_uc), 0);
	assert_page_size(&f->t, MiB(2), KiB(4)); /* memory type still differs */
	const struct pt_prot rwx_wb_ipat = {.perm = PT_PERM_RWX, .memtype = EPT_MT_WB, .flags = PT_FLAG_IPAT};
	assert_int_equal(pt_protect(&f->t, MiB(4) - KiB(4), KiB(4), &rwx_wb_ipat), 0);
	assert_page_size(&f->t, MiB(2), KiB(4)); /* ignore-PAT still differs */
	assert_int_equal(pt_protect(&f->t, MiB(4) - KiB(4), KiB(4), &PROT_RWX_WB), 0);
	assert_page_size(&f->t, MiB(2), MiB(2));
	fixture_end(f);
}

static void no_merge_into_sizes_the_caps_do_not_allow(void **state)
{
	(void)state;
	struct fixture *f = fixture_new(&ept_format, 4, 0);
	for (uint64_t i = 0; i < 512; i++)
		assert_int_equal(pt_map(&f->t, MiB(2) + i * KiB(4), MiB(2) + i * KiB(4), KiB(4), &PROT_RWX_WB), 0);
	assert_page_size(&f->t, MiB(2), KiB(4));
	fixture_end(f);

	f = fixture_new(&ept_format, 4, PT_CAP_2M);
	for (uint64_t i = 0; i < 512; i++)
		assert_int_equal(pt_map(&f->t, GiB(1) + i * MiB(2), GiB(1) + i * MiB(2), MiB(2), &PROT_RWX_WB), 0);
	assert_page_size(&f->t, GiB(1), MiB(2));
	assert_int_equal(f->t.pages, 3);
	fixture_end(f);
}

static void split_keeps_accessed_dirty_and_ignored_bits_of_the_leaf(void **state)
{
	(void)state;
	struct fixture *f = fixture_new(&ept_format, 4, ALL_CAPS);
	assert_int_equal(pt_map(&f->t, MiB(2), MiB(2), MiB(2), &PROT_RWX_WB), 0);
	/* the CPU set A and D on the 2M leaf */
	uint64_t *pd = (uint64_t *)(uintptr_t)(f->t.root[0] & PT_ADDR_MASK);
	pd = (uint64_t *)(uintptr_t)(pd[0] & PT_ADDR_MASK);
	assert_true(pd[1] & EPT_PAGE_SIZE);
	pd[1] |= EPT_ACCESSED | EPT_DIRTY;
	assert_int_equal(pt_set_perm(&f->t, MiB(2), KiB(4), PT_PERM_R), 0);
	struct pt_mapping m;
	assert_int_equal(pt_walk(&f->t, MiB(3), &m), 0);
	assert_int_equal(m.level, 1);
	assert_int_equal(m.entry & (EPT_ACCESSED | EPT_DIRTY), EPT_ACCESSED | EPT_DIRTY);
	assert_false(m.entry & EPT_PAGE_SIZE);
	assert_int_equal(m.prot.perm, PT_PERM_RWX);
	assert_int_equal(pt_walk(&f->t, MiB(2), &m), 0);
	assert_int_equal(m.prot.perm, PT_PERM_R);
	/* restoring the permission merges back, A/D included */
	assert_int_equal(pt_set_perm(&f->t, MiB(2), KiB(4), PT_PERM_RWX), 0);
	assert_int_equal(pt_walk(&f->t, MiB(2), &m), 0);
	assert_int_equal(m.level, 2);
	assert_int_equal(m.entry & (EPT_ACCESSED | EPT_DIRTY), EPT_ACCESSED | EPT_DIRTY);
	fixture_end(f);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(unmap_4k_inside_2m_page_splits_it_and_remap_merges_back),
		cmocka_unit_test(unmap_4k_inside_1g_page_splits_twice_and_remap_merges_twice),
		cmocka_unit_test(change_inside_1g_page_splits_at_both_edges_and_restore_merges),
		cmocka_unit_test(split_out_of_table_memory_changes_nothing),
		cmocka_unit_test(change_to_same_attributes_needs_no_memory_and_changes_nothing),
		cmocka_unit_test(whole_leaf_changes_need_no_split),
		cmocka_unit_test(separate_4k_maps_merge_into_2m_and_2m_maps_into_1g),
		cmocka_unit_test(no_merge_when_addresses_not_contiguous),
		cmocka_unit_test(no_merge_when_base_not_aligned_to_larger_page),
		cmocka_unit_test(no_merge_when_attributes_differ),
		cmocka_unit_test(no_merge_into_sizes_the_caps_do_not_allow),
		cmocka_unit_test(split_keeps_accessed_dirty_and_ignored_bits_of_the_leaf),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}

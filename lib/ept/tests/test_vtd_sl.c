/* SPDX-License-Identifier: BSD-3-Clause */
/* The same engine with the VT-d second-level format: 3- and 4-level tables, entry bits, split/merge. */
#include "pt_test_util.h"
#include <ept/pt_ext.h>

#define ALL_CAPS (PT_CAP_2M | PT_CAP_1G)

static const struct pt_prot DMA_RW = {.perm = PT_PERM_R | PT_PERM_W, .memtype = 0, .flags = 0};
static const struct pt_prot DMA_R = {.perm = PT_PERM_R, .memtype = 0, .flags = 0};

static void three_level_table_refuses_addresses_at_or_above_2_pow_39(void **state)
{
	(void)state;
	struct fixture *f = fixture_new(&vtd_sl_format, 3, ALL_CAPS);
	uint64_t top = 1ull << 39;
	assert_int_equal(pt_input_limit(&f->t), top);
	assert_int_equal(pt_map(&f->t, top - GiB(1), 0, GiB(1), &DMA_RW), 0);
	assert_int_equal(pt_map(&f->t, 0, 0, KiB(4), &DMA_RW), 0);
	struct snap s;
	snap_take(&f->t, &s);
	assert_int_equal(pt_map(&f->t, top, 0, KiB(4), &DMA_RW), -HV_ERANGE);
	assert_int_equal(pt_map(&f->t, top - KiB(4), 0, KiB(8), &DMA_RW), -HV_ERANGE);
	assert_int_equal(pt_map(&f->t, 1ull << 47, 0, KiB(4), &DMA_RW), -HV_ERANGE);
	assert_int_equal(pt_unmap(&f->t, top, KiB(4)), -HV_ERANGE);
	assert_int_equal(pt_set_perm(&f->t, top - KiB(4), KiB(8), PT_PERM_R), -HV_ERANGE);
	assert_snap_unchanged(&f->t, &s);
	struct pt_mapping m;
	assert_int_equal(pt_walk(&f->t, top, &m), -HV_ERANGE);
	assert_int_equal(pt_walk(&f->t, top - 1, &m), 0);
	assert_int_equal(m.level, 3);
	assert_int_equal(m.hpa, 0);
	/* root + one page directory + one page table: a 3-level root is a PDPT */
	assert_int_equal(f->t.pages, 3);
	fixture_end(f);
}

static void four_level_table_maps_above_2_pow_39(void **state)
{
	(void)state;
	struct fixture *f = fixture_new(&vtd_sl_format, 4, ALL_CAPS);
	assert_int_equal(pt_map(&f->t, 1ull << 39, GiB(2), GiB(1), &DMA_RW), 0);
	assert_range(&f->t, 1ull << 39, GiB(2), GiB(1), &DMA_RW);
	assert_int_equal(pt_map(&f->t, (1ull << 48) - KiB(4), 0, KiB(4), &DMA_RW), 0);
	assert_int_equal(pt_map(&f->t, 1ull << 48, 0, KiB(4), &DMA_RW), -HV_ERANGE);
	struct pt_config cfg = {.levels = 2, .hpa_bits = 48, .caps = 0};
	struct pt_table t;
	assert_int_equal(pt_create(&t, &vtd_sl_format, &cfg), -HV_EINVAL);
	cfg.levels = 5;
	assert_int_equal(pt_create(&t, &vtd_sl_format, &cfg), -HV_EINVAL);
	fixture_end(f);
}

static void vtd_entries_use_r_w_sp_snp_and_tm_bits(void **state)
{
	(void)state;
	struct fixture *f = fixture_new(&vtd_sl_format, 3, ALL_CAPS);
	const struct pt_prot snp_tm = {.perm = PT_PERM_R | PT_PERM_W, .memtype = 0, .flags = PT_FLAG_SNP | PT_FLAG_TM};
	assert_int_equal(pt_map(&f->t, MiB(2), GiB(3), MiB(2), &snp_tm), 0);
	assert_int_equal(pt_map(&f->t, KiB(4), KiB(4), KiB(4), &DMA_R), 0);
	struct pt_mapping m;
	assert_int_equal(pt_walk(&f->t, MiB(2), &m), 0);
	assert_int_equal(m.entry, GiB(3) | VTD_SL_READ | VTD_SL_WRITE | VTD_SL_SUPER_PAGE | VTD_SL_SNOOP |
					  VTD_SL_TRANSIENT);
	assert_int_equal(m.prot.flags, PT_FLAG_SNP | PT_FLAG_TM);
	assert_int_equal(m.prot.memtype, 0);
	assert_int_equal(pt_walk(&f->t, KiB(4), &m), 0);
	assert_int_equal(m.entry, KiB(4) | VTD_SL_READ);
	/* entries that reference tables carry R and W only */
	uint64_t pde = f->t.root[0];
	assert_int_equal(pde & ~PT_ADDR_MASK, VTD_SL_READ | VTD_SL_WRITE);
	uint64_t *pd = (uint64_t *)(uintptr_t)(pde & PT_ADDR_MASK);
	assert_int_equal(pd[0] & ~PT_ADDR_MASK, VTD_SL_READ | VTD_SL_WRITE);
	fixture_end(f);
}

static void vtd_allows_write_only_refuses_memtype_ipat_and_x_without_cap(void **state)
{
	(void)state;
	struct fixture *f = fixture_new(&vtd_sl_format, 3, ALL_CAPS);
	const struct pt_prot wo = {.perm = PT_PERM_W, .memtype = 0, .flags = 0};
	assert_int_equal(pt_map(&f->t, 0, 0, KiB(4), &wo), 0);
	assert_range(&f->t, 0, 0, KiB(4), &wo);
	struct snap s;
	snap_take(&f->t, &s);
	const struct pt_prot mt = {.perm = PT_PERM_R, .memtype = 6, .flags = 0};
	const struct pt_prot ipat = {.perm = PT_PERM_R, .memtype = 0, .flags = PT_FLAG_IPAT};
	const struct pt_prot rx = {.perm = PT_PERM_R | PT_PERM_X, .memtype = 0, .flags = 0};
	const struct pt_prot x = {.perm = PT_PERM_X, .memtype = 0, .flags = 0};
	const struct pt_prot none = {.perm = 0, .memtype = 0, .flags = 0};
	assert_int_equal(pt_map(&f->t, KiB(4), 0, KiB(4), &mt), -HV_EINVAL);
	assert_int_equal(pt_map(&f->t, KiB(4), 0, KiB(4), &ipat), -HV_EINVAL);
	assert_int_equal(pt_map(&f->t, KiB(4), 0, KiB(4), &rx), -HV_ENODEV);
	assert_int_equal(pt_map(&f->t, KiB(4), 0, KiB(4), &x), -HV_EINVAL); /* X alone is not present */
	assert_int_equal(pt_map(&f->t, KiB(4), 0, KiB(4), &none), -HV_EINVAL);
	assert_int_equal(pt_set_memtype(&f->t, 0, KiB(4), 0, false), -HV_EINVAL);
	assert_int_equal(pt_set_perm(&f->t, 0, KiB(4), PT_PERM_RWX), -HV_ENODEV);
	assert_snap_unchanged(&f->t, &s);
	fixture_end(f);

	/* with execute requests supported, X is encoded, also in entries that reference tables */
	f = fixture_new(&vtd_sl_format, 3, ALL_CAPS | PT_CAP_EXEC);
	assert_int_equal(pt_map(&f->t, KiB(4), 0, KiB(4), &rx), 0);
	assert_range(&f->t, KiB(4), 0, KiB(4), &rx);
	assert_int_equal(f->t.root[0] & ~PT_ADDR_MASK, VTD_SL_READ | VTD_SL_WRITE | VTD_SL_EXECUTE);
	fixture_end(f);
	struct pt_config cfg = {.levels = 3, .hpa_bits = 48, .caps = PT_CAP_EXEC_ONLY};
	struct pt_table t;
	assert_int_equal(pt_create(&t, &vtd_sl_format, &cfg), -HV_EINVAL);
}

static void vtd_split_and_merge_with_super_pages(void **state)
{
	(void)state;
	struct fixture *f = fixture_new(&vtd_sl_format, 3, ALL_CAPS);
	assert_int_equal(pt_map(&f->t, GiB(4), GiB(1), GiB(1), &DMA_RW), 0);
	assert_int_equal(f->t.pages, 1); /* a 1G super page straight in the 3-level root */
	assert_int_equal(pt_set_perm(&f->t, GiB(4) + MiB(10) + KiB(4), KiB(4), PT_PERM_R), 0);
	assert_int_equal(f->t.pages, 3);
	assert_range(&f->t, GiB(4) + MiB(10) + KiB(4), GiB(1) + MiB(10) + KiB(4), KiB(4), &DMA_R);
	assert_range(&f->t, GiB(4), GiB(1), MiB(10) + KiB(4), &DMA_RW);
	assert_range(&f->t, GiB(4) + MiB(10) + KiB(8), GiB(1) + MiB(10) + KiB(8), GiB(1) - MiB(10) - KiB(8), &DMA_RW);
	assert_invariants(&f->t);
	assert_int_equal(pt_set_perm(&f->t, GiB(4) + MiB(10) + KiB(4), KiB(4), PT_PERM_R | PT_PERM_W), 0);
	assert_page_size(&f->t, GiB(4), GiB(1));
	assert_int_equal(f->t.pages, 1);
	assert_int_equal(pt_unmap(&f->t, GiB(4) + MiB(2), MiB(2)), 0);
	assert_unmapped(&f->t, GiB(4) + MiB(2), MiB(2));
	assert_int_equal(f->t.pages, 2);
	fixture_end(f);
}

static void vtd_out_of_memory_changes_nothing(void **state)
{
	(void)state;
	struct fixture *f = fixture_new(&vtd_sl_format, 3, ALL_CAPS);
	assert_int_equal(pt_map(&f->t, GiB(4), GiB(1), GiB(1), &DMA_RW), 0);
	for (long n = 0; n < 2; n++) {
		struct snap s;
		snap_take(&f->t, &s);
		host_platform_fail_after = n;
		assert_int_equal(pt_map(&f->t, KiB(4), 0, KiB(4), &DMA_RW), -HV_ENOMEM);
		assert_int_equal(pt_unmap(&f->t, GiB(4) + KiB(4), KiB(4)), -HV_ENOMEM);
		host_platform_fail_after = -1;
		assert_snap_unchanged(&f->t, &s);
	}
	fixture_end(f);
}

static void vtd_caps_come_from_sllps_field_of_capability_register(void **state)
{
	(void)state;
	assert_int_equal(vtd_sl_pt_caps(0), 0);
	assert_int_equal(vtd_sl_pt_caps(1ull << 34), PT_CAP_2M);
	assert_int_equal(vtd_sl_pt_caps(1ull << 35), PT_CAP_1G);
	assert_int_equal(vtd_sl_pt_caps(0x00d2008c22260206ull), PT_CAP_2M | PT_CAP_1G); /* QEMU intel-iommu */
	assert_int_equal(vtd_sl_pt_caps(~((1ull << 34) | (1ull << 35))), 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(three_level_table_refuses_addresses_at_or_above_2_pow_39),
		cmocka_unit_test(four_level_table_maps_above_2_pow_39),
		cmocka_unit_test(vtd_entries_use_r_w_sp_snp_and_tm_bits),
		cmocka_unit_test(vtd_allows_write_only_refuses_memtype_ipat_and_x_without_cap),
		cmocka_unit_test(vtd_split_and_merge_with_super_pages),
		cmocka_unit_test(vtd_out_of_memory_changes_nothing),
		cmocka_unit_test(vtd_caps_come_from_sllps_field_of_capability_register),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}

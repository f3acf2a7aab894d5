/* SPDX-License-Identifier: BSD-3-Clause */
/* Walks, iteration, EPT-violation exit-qualification decoding and the EPT-misconfiguration check. */
#include "pt_test_util.h"
#include <ept/pt_ext.h>
#include <ept/ept_misconfig.h>

#define ALL_CAPS (PT_CAP_2M | PT_CAP_1G)
#define CAP_ALL_PAGES (EPT_VPID_CAP_2M | EPT_VPID_CAP_1G)

static void walk_returns_page_base_size_and_offsets_translate(void **state)
{
	(void)state;
	struct fixture *f = fixture_new(&ept_format, 4, ALL_CAPS);
	assert_int_equal(pt_map(&f->t, GiB(1), GiB(7), GiB(1) + MiB(2) + KiB(4), &PROT_RW_UC), 0);
	struct pt_mapping m;
	assert_int_equal(pt_walk(&f->t, GiB(1) + 0x12345678, &m), 0);
	assert_int_equal(m.gpa, GiB(1));
	assert_int_equal(m.hpa, GiB(7));
	assert_int_equal(m.level, 3);
	assert_int_equal(m.page_size, GiB(1));
	assert_true(m.entry & EPT_PAGE_SIZE);
	assert_int_equal(pt_walk(&f->t, GiB(2) + 0x1fffff, &m), 0);
	assert_int_equal(m.gpa, GiB(2));
	assert_int_equal(m.hpa, GiB(8));
	assert_int_equal(m.level, 2);
	assert_int_equal(pt_walk(&f->t, GiB(2) + MiB(2) + 0xabc, &m), 0);
	assert_int_equal(m.gpa, GiB(2) + MiB(2));
	assert_int_equal(m.hpa, GiB(8) + MiB(2));
	assert_int_equal(m.level, 1);
	assert_false(m.entry & EPT_PAGE_SIZE);
	assert_int_equal(pt_walk(&f->t, GiB(2) + MiB(2) + KiB(4), &m), -HV_ENOENT);
	assert_int_equal(pt_walk(&f->t, GiB(1) - 1, &m), -HV_ENOENT);
	assert_int_equal(pt_walk(&f->t, 1ull << 48, &m), -HV_ERANGE);
	assert_int_equal(pt_walk(&f->t, ~0ull, &m), -HV_ERANGE);
	assert_int_equal(pt_walk(&f->t, 0, NULL), -HV_EINVAL);
	fixture_end(f);
}

static void next_enumerates_every_leaf_in_address_order(void **state)
{
	(void)state;
	struct fixture *f = fixture_new(&ept_format, 4, ALL_CAPS);
	assert_int_equal(pt_map(&f->t, (1ull << 47) + GiB(1), 0, GiB(1), &PROT_RWX_WB), 0);
	assert_int_equal(pt_map(&f->t, KiB(4), KiB(4), KiB(4), &PROT_RWX_WB), 0);
	assert_int_equal(pt_map(&f->t, MiB(2), MiB(2), MiB(2), &PROT_R_WB), 0);
	const uint64_t want_gpa[] = {KiB(4), MiB(2), (1ull << 47) + GiB(1)};
	const uint64_t want_size[] = {KiB(4), MiB(2), GiB(1)};
	struct pt_mapping m;
	unsigned int n = 0;
	for (uint64_t at = 0; pt_next(&f->t, at, &m) == 0; at = m.gpa + m.page_size, n++) {
		assert_true(n < 3);
		assert_int_equal(m.gpa, want_gpa[n]);
		assert_int_equal(m.page_size, want_size[n]);
	}
	assert_int_equal(n, 3);
	/* from inside a page: that page */
	assert_int_equal(pt_next(&f->t, MiB(3), &m), 0);
	assert_int_equal(m.gpa, MiB(2));
	assert_int_equal(pt_next(&f->t, (1ull << 47) + GiB(2), &m), -HV_ENOENT);
	assert_int_equal(pt_next(&f->t, 1ull << 48, &m), -HV_ENOENT);
	fixture_end(f);
}

static void violation_decodes_access_and_translation_permission_bits(void **state)
{
	(void)state;
	struct ept_violation v;
	ept_decode_violation(0, &v);
	assert_false(v.read || v.write || v.fetch || v.gla_valid || v.gla_translation || v.nmi_unblocking);
	assert_int_equal(v.perm, 0);

	ept_decode_violation(EPT_VQ_READ, &v);
	assert_true(v.read);
	assert_false(v.write || v.fetch);
	ept_decode_violation(EPT_VQ_WRITE, &v);
	assert_true(v.write);
	assert_false(v.read || v.fetch);
	ept_decode_violation(EPT_VQ_FETCH, &v);
	assert_true(v.fetch);
	assert_false(v.read || v.write);

	/* a write to a read/execute page reached through a linear address */
	ept_decode_violation(0x2 | 0x8 | 0x20 | 0x80 | 0x100, &v);
	assert_true(v.write);
	assert_int_equal(v.perm, PT_PERM_R | PT_PERM_X);
	assert_true(v.gla_valid);
	assert_true(v.gla_translation);
	ept_decode_violation(0x10, &v);
	assert_int_equal(v.perm, PT_PERM_W);
}

static void violation_translation_bit_needs_gla_valid(void **state)
{
	(void)state;
	struct ept_violation v;
	ept_decode_violation(EPT_VQ_GLA_VALID | EPT_VQ_GLA_TRANSLATION, &v);
	assert_true(v.gla_valid && v.gla_translation);
	/* access to a guest paging-structure entry: bit 8 clear */
	ept_decode_violation(EPT_VQ_GLA_VALID, &v);
	assert_true(v.gla_valid);
	assert_false(v.gla_translation);
	/* no linear address (e.g. PDPTE load): bit 8 undefined */
	ept_decode_violation(EPT_VQ_GLA_TRANSLATION, &v);
	assert_false(v.gla_valid || v.gla_translation);
}

static void violation_decodes_nmi_unblocking_and_ignores_the_rest(void **state)
{
	(void)state;
	struct ept_violation v;
	ept_decode_violation(EPT_VQ_NMI_UNBLOCKING, &v);
	assert_true(v.nmi_unblocking);
	assert_false(v.read || v.write || v.fetch || v.gla_valid);
	/* bits 6, 9-11, 13 and up (features hvkit does not enable, reserved bits) decode to nothing */
	ept_decode_violation(1ull << 6 | 7ull << 9 | ~0ull << 13, &v);
	assert_false(v.read || v.write || v.fetch || v.gla_valid || v.gla_translation || v.nmi_unblocking || v.perm);
}

static void misconfig_write_without_read_and_unsupported_execute_only(void **state)
{
	(void)state;
	const uint64_t wb = (uint64_t)EPT_MT_WB << 3;
	for (unsigned int level = 1; level <= 4; level++) {
		assert_int_equal(ept_check_entry(0x1000 | 2 | wb, level, 46, CAP_ALL_PAGES), EPT_MISCONFIG_WRITE_NO_READ);
		assert_int_equal(ept_check_entry(0x1000 | 6 | wb, level, 46, CAP_ALL_PAGES), EPT_MISCONFIG_WRITE_NO_READ);
		assert_int_equal(ept_check_entry(0x1000 | 4 | (level == 1 ? wb : 0), level, 46, CAP_ALL_PAGES),
				 EPT_MISCONFIG_EXEC_ONLY);
		assert_int_equal(ept_check_entry(0x1000 | 4 | (level == 1 ? wb : 0), level, 46,
						 CAP_ALL_PAGES | EPT_VPID_CAP_EXEC_ONLY),
				 EPT_MISCONFIG_NONE);
	}
	/* not present: everything else ignored */
	assert_int_equal(ept_check_entry(~7ull, 1, 46, 0), EPT_MISCONFIG_NONE);
}

static void misconfig_reserved_bits_per_level(void **state)
{
	(void)state;
	const uint64_t wb = (uint64_t)EPT_MT_WB << 3;
	/* address bits at or above MAXPHYADDR */
	assert_int_equal(ept_check_entry((1ull << 39) | 7 | wb, 1, 39, 0), EPT_MISCONFIG_RESERVED_BIT);
	assert_int_equal(ept_check_entry(((1ull << 39) - KiB(4)) | 7 | wb, 1, 39, 0), EPT_MISCONFIG_NONE);
	assert_int_equal(ept_check_entry((1ull << 51) | 7, 4, 46, 0), EPT_MISCONFIG_RESERVED_BIT);
	assert_int_equal(ept_check_entry((1ull << 51) | 7 | wb, 1, 52, 0), EPT_MISCONFIG_NONE);
	/* PML4E: bits 7:3 reserved */
	for (unsigned int b = 3; b <= 7; b++)
		assert_int_equal(ept_check_entry(0x1000 | 7 | (1ull << b), 4, 46, CAP_ALL_PAGES),
				 EPT_MISCONFIG_RESERVED_BIT);
	assert_int_equal(ept_check_entry(0x1000 | 7, 4, 46, 0), EPT_MISCONFIG_NONE);
	/* PDPTE/PDE referencing a table: bits 6:3 reserved */
	for (unsigned int level = 2; level <= 3; level++) {
		assert_int_equal(ept_check_entry(0x1000 | 7, level, 46, 0), EPT_MISCONFIG_NONE);
		assert_int_equal(ept_check_entry(0x1000 | 7 | wb, level, 46, 0), EPT_MISCONFIG_RESERVED_BIT);
		assert_int_equal(ept_check_entry(0x1000 | 7 | EPT_IGNORE_PAT, level, 46, 0),
				 EPT_MISCONFIG_RESERVED_BIT);
	}
	/* 1G leaf: bits 29:12 reserved; needs 1G support */
	assert_int_equal(ept_check_entry(GiB(1) | EPT_PAGE_SIZE | 7 | wb, 3, 46, CAP_ALL_PAGES), EPT_MISCONFIG_NONE);
	assert_int_equal(ept_check_entry(GiB(1) | MiB(2) | EPT_PAGE_SIZE | 7 | wb, 3, 46, CAP_ALL_PAGES),
			 EPT_MISCONFIG_RESERVED_BIT);
	assert_int_equal(ept_check_entry(GiB(1) | EPT_PAGE_SIZE | 7 | wb, 3, 46, EPT_VPID_CAP_2M),
			 EPT_MISCONFIG_RESERVED_BIT);
	/* 2M leaf: bits 20:12 reserved; needs 2M support */
	assert_int_equal(ept_check_entry(MiB(2) | EPT_PAGE_SIZE | 7 | wb, 2, 46, CAP_ALL_PAGES), EPT_MISCONFIG_NONE);
	assert_int_equal(ept_check_entry(MiB(2) | KiB(4) | EPT_PAGE_SIZE | 7 | wb, 2, 46, CAP_ALL_PAGES),
			 EPT_MISCONFIG_RESERVED_BIT);
	assert_int_equal(ept_check_entry(MiB(2) | EPT_PAGE_SIZE | 7 | wb, 2, 46, EPT_VPID_CAP_1G),
			 EPT_MISCONFIG_RESERVED_BIT);
	/* PTE: bit 7 ignored; ignored bits 11:8, 63:52 are fine */
	assert_int_equal(ept_check_entry(KiB(4) | EPT_PAGE_SIZE | 7 | wb | (0xfull << 8) | (0xfffull << 52), 1, 46, 0),
			 EPT_MISCONFIG_NONE);
	/* a bad level */
	assert_int_equal(ept_check_entry(0x1000 | 7, 5, 46, 0), EPT_MISCONFIG_RESERVED_BIT);
	assert_int_equal(ept_check_entry(0x1000 | 7, 0, 46, 0), EPT_MISCONFIG_RESERVED_BIT);
}

static void misconfig_reserved_memory_types_only_in_leaves(void **state)
{
	(void)state;
	for (uint64_t mt = 0; mt < 8; mt++) {
		enum ept_misconfig want = (mt == 2 || mt == 3 || mt == 7) ? EPT_MISCONFIG_MEMTYPE : EPT_MISCONFIG_NONE;
		assert_int_equal(ept_check_entry(KiB(4) | 7 | (mt << 3), 1, 46, 0), want);
		assert_int_equal(ept_check_entry(MiB(2) | EPT_PAGE_SIZE | 1 | (mt << 3), 2, 46, CAP_ALL_PAGES), want);
		assert_int_equal(ept_check_entry(GiB(1) | EPT_PAGE_SIZE | 3 | (mt << 3), 3, 46, CAP_ALL_PAGES), want);
	}
}

static void every_entry_the_engine_writes_is_well_formed(void **state)
{
	(void)state;
	struct fixture *f = fixture_new(&ept_format, 4, ALL_CAPS | PT_CAP_EXEC_ONLY);
	const struct pt_prot xo = {.perm = PT_PERM_X, .memtype = EPT_MT_WT, .flags = PT_FLAG_IPAT};
	assert_int_equal(pt_map(&f->t, GiB(1) - KiB(12), 0x5000, GiB(1) + MiB(6), &xo), 0);
	assert_int_equal(pt_map(&f->t, GiB(3), GiB(3), GiB(1), &PROT_RW_UC), 0);
	assert_int_equal(pt_set_perm(&f->t, GiB(3) + MiB(1), KiB(8), PT_PERM_R), 0);
	assert_invariants(&f->t); /* ept_check_entry on every entry of every table */
	fixture_end(f);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(walk_returns_page_base_size_and_offsets_translate),
		cmocka_unit_test(next_enumerates_every_leaf_in_address_order),
		cmocka_unit_test(violation_decodes_access_and_translation_permission_bits),
		cmocka_unit_test(violation_translation_bit_needs_gla_valid),
		cmocka_unit_test(violation_decodes_nmi_unblocking_and_ignores_the_rest),
		cmocka_unit_test(misconfig_write_without_read_and_unsupported_execute_only),
		cmocka_unit_test(misconfig_reserved_bits_per_level),
		cmocka_unit_test(misconfig_reserved_memory_types_only_in_leaves),
		cmocka_unit_test(every_entry_the_engine_writes_is_well_formed),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}

/* SPDX-License-Identifier: BSD-3-Clause */
/* Permissions, memory types and flags: encoding, validation and partial changes. */
#include "pt_test_util.h"
#include <ept/pt_ext.h>

#define ALL_CAPS (PT_CAP_2M | PT_CAP_1G)

static void ept_permission_combinations_follow_misconfiguration_rules(void **state)
{
	(void)state;
	/* SDM Vol. 3C 29.3.3.1: 010b and 110b always misconfigure; 100b needs execute-only support */
	const int without_xo[8] = {-HV_EINVAL, 0, -HV_EINVAL, 0, -HV_ENODEV, 0, -HV_EINVAL, 0};
	const int with_xo[8] = {-HV_EINVAL, 0, -HV_EINVAL, 0, 0, 0, -HV_EINVAL, 0};
	for (int pass = 0; pass < 2; pass++) {
		struct fixture *f = fixture_new(&ept_format, 4, ALL_CAPS | (pass ? PT_CAP_EXEC_ONLY : 0));
		const int *want = pass ? with_xo : without_xo;
		for (unsigned int p = 0; p < 8; p++) {
			struct pt_prot prot = {.perm = (uint8_t)p, .memtype = EPT_MT_WB, .flags = 0};
			uint64_t gpa = MiB(2) * (p + 1);
			struct snap s;
			snap_take(&f->t, &s);
			assert_int_equal(pt_map(&f->t, gpa, gpa, KiB(4), &prot), want[p]);
			if (want[p] != 0) {
				assert_snap_unchanged(&f->t, &s);
				continue;
			}
			free(s.v);
			struct pt_mapping m;
			assert_int_equal(pt_walk(&f->t, gpa, &m), 0);
			assert_int_equal(m.prot.perm, p);
			assert_int_equal(m.entry & 7u, p);
		}
		struct pt_prot bad = {.perm = 8, .memtype = EPT_MT_WB, .flags = 0};
		assert_int_equal(pt_map(&f->t, GiB(1), 0, KiB(4), &bad), -HV_EINVAL);
		assert_unmapped(&f->t, GiB(1), KiB(4));
		fixture_end(f);
	}
}

static void ept_memory_types_encode_in_bits_5_3_and_reserved_types_are_refused(void **state)
{
	(void)state;
	struct fixture *f = fixture_new(&ept_format, 4, ALL_CAPS);
	const bool valid[8] = {true, true, false, false, true, true, true, false};
	for (unsigned int mt = 0; mt < 9; mt++) {
		struct pt_prot prot = {.perm = PT_PERM_RWX, .memtype = (uint8_t)mt, .flags = 0};
		uint64_t gpa = MiB(2) * (mt + 1);
		int rc = pt_map(&f->t, gpa, gpa, MiB(2), &prot);
		if (mt >= 8 || !valid[mt]) {
			assert_int_equal(rc, -HV_EINVAL);
			assert_unmapped(&f->t, gpa, MiB(2));
			continue;
		}
		assert_int_equal(rc, 0);
		struct pt_mapping m;
		assert_int_equal(pt_walk(&f->t, gpa, &m), 0);
		assert_int_equal(m.prot.memtype, mt);
		assert_int_equal((m.entry >> 3) & 7u, mt);
		assert_false(m.entry & EPT_IGNORE_PAT);
	}
	fixture_end(f);
}

static void ept_ignore_pat_sets_bit_6_and_vtd_flags_are_refused(void **state)
{
	(void)state;
	struct fixture *f = fixture_new(&ept_format, 4, ALL_CAPS);
	const struct pt_prot ipat = {.perm = PT_PERM_RWX, .memtype = EPT_MT_UC, .flags = PT_FLAG_IPAT};
	assert_int_equal(pt_map(&f->t, 0, 0, KiB(4), &ipat), 0);
	struct pt_mapping m;
	assert_int_equal(pt_walk(&f->t, 0, &m), 0);
	assert_true(m.entry & EPT_IGNORE_PAT);
	assert_int_equal(m.prot.flags, PT_FLAG_IPAT);
	const struct pt_prot snp = {.perm = PT_PERM_RWX, .memtype = EPT_MT_WB, .flags = PT_FLAG_SNP};
	const struct pt_prot tm = {.perm = PT_PERM_RWX, .memtype = EPT_MT_WB, .flags = PT_FLAG_TM};
	assert_int_equal(pt_map(&f->t, KiB(4), 0, KiB(4), &snp), -HV_EINVAL);
	assert_int_equal(pt_map(&f->t, KiB(4), 0, KiB(4), &tm), -HV_EINVAL);
	assert_unmapped(&f->t, KiB(4), KiB(4));
	fixture_end(f);
}

static void set_perm_changes_permissions_and_keeps_each_memory_type(void **state)
{
	(void)state;
	struct fixture *f = fixture_new(&ept_format, 4, ALL_CAPS);
	const struct pt_prot rwx_uc = {.perm = PT_PERM_RWX, .memtype = EPT_MT_UC, .flags = PT_FLAG_IPAT};
	assert_int_equal(pt_map(&f->t, MiB(2), MiB(2), MiB(2), &rwx_uc), 0);
	assert_int_equal(pt_map(&f->t, MiB(4), MiB(4), MiB(2), &PROT_RWX_WB), 0);
	assert_int_equal(pt_set_perm(&f->t, MiB(3), MiB(2), PT_PERM_R), 0);
	const struct pt_prot r_uc = {.perm = PT_PERM_R, .memtype = EPT_MT_UC, .flags = PT_FLAG_IPAT};
	assert_range(&f->t, MiB(2), MiB(2), MiB(1), &rwx_uc);
	assert_range(&f->t, MiB(3), MiB(3), MiB(1), &r_uc);
	assert_range(&f->t, MiB(4), MiB(4), MiB(1), &PROT_R_WB);
	assert_range(&f->t, MiB(5), MiB(5), MiB(1), &PROT_RWX_WB);
	fixture_end(f);
}

static void set_memtype_changes_type_and_ignore_pat_and_keeps_permissions(void **state)
{
	(void)state;
	struct fixture *f = fixture_new(&ept_format, 4, ALL_CAPS);
	assert_int_equal(pt_map(&f->t, GiB(1), GiB(1), MiB(4), &PROT_R_WB), 0);
	assert_int_equal(pt_map(&f->t, GiB(1) + MiB(4), GiB(1) + MiB(4), MiB(2), &PROT_RWX_WB), 0);
	assert_int_equal(pt_set_memtype(&f->t, GiB(1) + MiB(3), MiB(2) + KiB(4), EPT_MT_WC, true), 0);
	const struct pt_prot r_wc = {.perm = PT_PERM_R, .memtype = EPT_MT_WC, .flags = PT_FLAG_IPAT};
	const struct pt_prot rwx_wc = {.perm = PT_PERM_RWX, .memtype = EPT_MT_WC, .flags = PT_FLAG_IPAT};
	assert_range(&f->t, GiB(1), GiB(1), MiB(3), &PROT_R_WB);
	assert_range(&f->t, GiB(1) + MiB(3), GiB(1) + MiB(3), MiB(1), &r_wc);
	assert_range(&f->t, GiB(1) + MiB(4), GiB(1) + MiB(4), MiB(1) + KiB(4), &rwx_wc);
	assert_range(&f->t, GiB(1) + MiB(5) + KiB(4), GiB(1) + MiB(5) + KiB(4), MiB(1) - KiB(4), &PROT_RWX_WB);
	/* and back without ignore-PAT */
	assert_int_equal(pt_set_memtype(&f->t, GiB(1) + MiB(3), MiB(2) + KiB(4), EPT_MT_WB, false), 0);
	assert_range(&f->t, GiB(1), GiB(1), MiB(4), &PROT_R_WB);
	assert_range(&f->t, GiB(1) + MiB(4), GiB(1) + MiB(4), MiB(2), &PROT_RWX_WB);
	assert_page_size(&f->t, GiB(1) + MiB(4), MiB(2));
	fixture_end(f);
}

static void protect_replaces_every_attribute(void **state)
{
	(void)state;
	struct fixture *f = fixture_new(&ept_format, 4, ALL_CAPS);
	const struct pt_prot a = {.perm = PT_PERM_RWX, .memtype = EPT_MT_WT, .flags = PT_FLAG_IPAT};
	assert_int_equal(pt_map(&f->t, 0, GiB(1), GiB(1), &a), 0);
	const struct pt_prot b = {.perm = PT_PERM_R | PT_PERM_X, .memtype = EPT_MT_WP, .flags = 0};
	assert_int_equal(pt_protect(&f->t, MiB(6), MiB(2), &b), 0);
	assert_range(&f->t, MiB(6), GiB(1) + MiB(6), MiB(2), &b);
	assert_range(&f->t, 0, GiB(1), MiB(6), &a);
	assert_range(&f->t, MiB(8), GiB(1) + MiB(8), GiB(1) - MiB(8), &a);
	assert_page_size(&f->t, MiB(6), MiB(2));
	fixture_end(f);
}

static void attribute_changes_refuse_bad_values_and_unmapped_ranges_and_change_nothing(void **state)
{
	(void)state;
	struct fixture *f = fixture_new(&ept_format, 4, ALL_CAPS);
	assert_int_equal(pt_map(&f->t, MiB(2), MiB(2), MiB(2), &PROT_RWX_WB), 0);
	struct snap s;
	snap_take(&f->t, &s);
	assert_int_equal(pt_set_perm(&f->t, MiB(2), KiB(4), 0), -HV_EINVAL);
	assert_int_equal(pt_set_perm(&f->t, MiB(2), KiB(4), PT_PERM_W), -HV_EINVAL);
	assert_int_equal(pt_set_perm(&f->t, MiB(2), KiB(4), PT_PERM_W | PT_PERM_X), -HV_EINVAL);
	assert_int_equal(pt_set_perm(&f->t, MiB(2), KiB(4), PT_PERM_X), -HV_ENODEV);
	assert_int_equal(pt_set_perm(&f->t, MiB(2), KiB(4), 0x10), -HV_EINVAL);
	assert_int_equal(pt_set_memtype(&f->t, MiB(2), KiB(4), 2, false), -HV_EINVAL);
	assert_int_equal(pt_set_memtype(&f->t, MiB(2), KiB(4), 3, false), -HV_EINVAL);
	assert_int_equal(pt_set_memtype(&f->t, MiB(2), KiB(4), 7, false), -HV_EINVAL);
	const struct pt_prot bad = {.perm = PT_PERM_R, .memtype = 7, .flags = 0};
	assert_int_equal(pt_protect(&f->t, MiB(2), KiB(4), &bad), -HV_EINVAL);
	assert_int_equal(pt_protect(&f->t, MiB(2), KiB(4), NULL), -HV_EINVAL);
	/* partly or wholly unmapped */
	assert_int_equal(pt_set_perm(&f->t, MiB(2), MiB(2) + KiB(4), PT_PERM_R), -HV_ENOENT);
	assert_int_equal(pt_set_memtype(&f->t, MiB(1), MiB(2), EPT_MT_UC, false), -HV_ENOENT);
	assert_int_equal(pt_protect(&f->t, GiB(1), KiB(4), &PROT_R_WB), -HV_ENOENT);
	/* misaligned, out of range */
	assert_int_equal(pt_set_perm(&f->t, MiB(2) + 8, KiB(4), PT_PERM_R), -HV_EINVAL);
	assert_int_equal(pt_set_memtype(&f->t, 1ull << 48, KiB(4), EPT_MT_UC, false), -HV_ERANGE);
	assert_snap_unchanged(&f->t, &s);
	fixture_end(f);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(ept_permission_combinations_follow_misconfiguration_rules),
		cmocka_unit_test(ept_memory_types_encode_in_bits_5_3_and_reserved_types_are_refused),
		cmocka_unit_test(ept_ignore_pat_sets_bit_6_and_vtd_flags_are_refused),
		cmocka_unit_test(set_perm_changes_permissions_and_keeps_each_memory_type),
		cmocka_unit_test(set_memtype_changes_type_and_ignore_pat_and_keeps_permissions),
		cmocka_unit_test(protect_replaces_every_attribute),
		cmocka_unit_test(attribute_changes_refuse_bad_values_and_unmapped_ranges_and_change_nothing),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}

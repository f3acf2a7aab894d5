/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Reserved bits (SDM 4.3 Table 4-4, 4.4 Tables 4-8..4-11, 4.5 Tables 4-15..4-20): a present entry
 * with one set is a #PF with P and RSVD (-HV_EINVAL); PAE PDPTE reserved bits are a #GP at the
 * CR3 load (-HV_EINVAL, no #PF); a not-present entry's other bits are never checked.
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

#define RSVD_FAULT (GUEST_PF_P | GUEST_PF_RSVD)

/* Map lin at leaf_level, set `bit` in the entry at `level`, expect a reserved-bit #PF there. */
static void expect_reserved(enum fg_mode m, unsigned maxphyaddr, uint64_t efer_extra,
			    unsigned leaf_level, unsigned level, uint64_t bit)
{
	struct fg_chain c;
	struct guest_walk_result r;

	fg_reset(G);
	uint64_t root = fg_new_root(G);
	fg_map(G, m, root, 0x40000000, 0x40000000, leaf_level, FG_URW, &c);
	struct guest_paging p = fg_paging(G, m, root, 0);
	p.maxphyaddr = maxphyaddr;
	p.efer |= efer_extra;
	assert_int_equal(guest_walk_info(&p, 0x40000000, GUEST_ACCESS_READ, &r), 0);
	fg_entry_or(G, m, &c, level, bit);
	assert_int_equal(guest_walk_info(&p, 0x40000000, GUEST_ACCESS_READ, &r), -HV_EINVAL);
	assert_true(r.page_fault);
	assert_int_equal(r.pf_error_code, RSVD_FAULT);
	assert_int_equal(r.level, level);
}

static void expect_not_reserved(enum fg_mode m, unsigned maxphyaddr, unsigned leaf_level,
				unsigned level, uint64_t bit)
{
	struct fg_chain c;
	uint64_t gpa;

	fg_reset(G);
	uint64_t root = fg_new_root(G);
	fg_map(G, m, root, 0x40000000, 0x40000000, leaf_level, FG_URW, &c);
	struct guest_paging p = fg_paging(G, m, root, 0);
	p.maxphyaddr = maxphyaddr;
	fg_entry_or(G, m, &c, level, bit);
	assert_int_equal(guest_walk(&p, 0x40000000, GUEST_ACCESS_READ, &gpa, NULL), 0);
}

static void bits_at_or_above_maxphyaddr_are_reserved_4level(void **state)
{
	(void)state;
	for (unsigned level = 1; level <= 4; level++) {
		expect_reserved(FG_4LEVEL, 39, 0, 1, level, 1ull << 39);
		expect_reserved(FG_4LEVEL, 46, 0, 1, level, 1ull << 51);
		expect_not_reserved(FG_4LEVEL, 40, 1, level, 0); /* sanity: the mapping works */
	}
	expect_reserved(FG_5LEVEL, 46, 0, 1, 5, 1ull << 46);
	expect_reserved(FG_4LEVEL, 46, 0, 2, 2, 1ull << 50); /* 2 MiB leaf */
	expect_reserved(FG_4LEVEL, 46, 0, 3, 3, 1ull << 48); /* 1 GiB leaf */
}

static void bits_62_to_52_are_ignored_in_4level_but_reserved_in_pae(void **state)
{
	(void)state;
	expect_not_reserved(FG_4LEVEL, 52, 1, 1, 1ull << 62);
	expect_not_reserved(FG_4LEVEL, 52, 1, 4, 1ull << 52);
	expect_reserved(FG_PAE, 52, 0, 1, 1, 1ull << 62);
	expect_reserved(FG_PAE, 52, 0, 1, 2, 1ull << 52);
	expect_reserved(FG_PAE, 36, 0, 2, 2, 1ull << 36);
}

static void xd_bit_is_reserved_without_efer_nxe(void **state)
{
	(void)state;
	for (unsigned level = 1; level <= 4; level++)
		expect_reserved(FG_4LEVEL, 52, 0, 1, level, FG_XD);
	expect_reserved(FG_PAE, 52, 0, 1, 2, FG_XD);
	expect_reserved(FG_PAE, 52, 0, 1, 1, FG_XD);
}

static void xd_bit_is_not_reserved_with_efer_nxe(void **state)
{
	(void)state;
	struct fg_chain c;
	uint64_t gpa;
	uint64_t root = fg_new_root(G);
	fg_map(G, FG_4LEVEL, root, 0x1000, 0x2000, 1, FG_URW | FG_XD, &c);
	struct guest_paging p = fg_paging(G, FG_4LEVEL, root, 0);

	p.efer |= FG_EFER_NXE;
	assert_int_equal(guest_walk(&p, 0x1000, GUEST_ACCESS_READ, &gpa, NULL), 0);
	assert_int_equal(gpa, 0x2000);
}

static void ps_is_reserved_in_pml4e_and_pml5e(void **state)
{
	(void)state;
	expect_reserved(FG_4LEVEL, 52, 0, 1, 4, FG_PS);
	expect_reserved(FG_5LEVEL, 52, 0, 1, 5, FG_PS);
	expect_reserved(FG_5LEVEL, 52, 0, 1, 4, FG_PS);
}

static void large_page_frame_low_bits_are_reserved_but_pat_is_not(void **state)
{
	(void)state;
	expect_reserved(FG_4LEVEL, 52, 0, 2, 2, 1ull << 13);
	expect_reserved(FG_4LEVEL, 52, 0, 2, 2, 1ull << 20);
	expect_reserved(FG_4LEVEL, 52, 0, 3, 3, 1ull << 13);
	expect_reserved(FG_4LEVEL, 52, 0, 3, 3, 1ull << 29);
	expect_reserved(FG_PAE, 52, 0, 2, 2, 1ull << 17);
	expect_not_reserved(FG_4LEVEL, 52, 2, 2, 1ull << 12); /* PAT */
	expect_not_reserved(FG_4LEVEL, 52, 3, 3, 1ull << 12);
	expect_not_reserved(FG_PAE, 52, 2, 2, 1ull << 12);
	/* Bit 7 of a PTE is PAT, not PS. */
	expect_not_reserved(FG_4LEVEL, 52, 1, 1, FG_PS);
}

static void pse_4m_page_bit_21_is_reserved_and_4k_entries_have_none(void **state)
{
	(void)state;
	expect_reserved(FG_32BIT, 40, 0, 2, 2, 1ull << 21);
	expect_reserved(FG_32BIT, 52, 0, 2, 2, 1ull << 21);
	expect_reserved(FG_32BIT, 36, 0, 2, 2, 1ull << 17); /* bits 21:(M-19) */
	expect_not_reserved(FG_32BIT, 36, 2, 2, 1ull << 16);
	expect_not_reserved(FG_32BIT, 52, 1, 1, 0xffffffffull);
	expect_not_reserved(FG_32BIT, 52, 1, 2, 0xf60); /* PDE flags other than PS */
}

static void pae_pdpte_reserved_bits_are_einval_without_page_fault(void **state)
{
	(void)state;
	static const uint64_t bits[] = { FG_RW, FG_US, FG_A, FG_PS, 1ull << 8, 1ull << 63, 1ull << 40 };

	for (size_t i = 0; i < sizeof(bits) / sizeof(bits[0]); i++) {
		struct fg_chain c;
		struct guest_walk_result r;
		fg_reset(G);
		uint64_t root = fg_new_root(G);
		fg_map(G, FG_PAE, root, 0x1000, 0x2000, 1, FG_URW, &c);
		struct guest_paging p = fg_paging(G, FG_PAE, root, 0);
		p.maxphyaddr = 40;
		p.efer |= FG_EFER_NXE; /* bit 63 of a PDPTE is reserved even so */
		fg_entry_or(G, FG_PAE, &c, 3, bits[i]);
		assert_int_equal(guest_walk_info(&p, 0x1000, GUEST_ACCESS_READ, &r), -HV_EINVAL);
		assert_int_equal(r.level, 3);
		assert_false(r.page_fault);
	}
}

static void reserved_bits_are_not_checked_in_not_present_entries(void **state)
{
	(void)state;
	struct fg_chain c;
	struct guest_walk_result r;
	uint64_t root = fg_new_root(G);
	fg_map(G, FG_4LEVEL, root, 0x1000, 0x2000, 1, FG_URW, &c);
	struct guest_paging p = fg_paging(G, FG_4LEVEL, root, 0);

	p.maxphyaddr = 36;
	fg_set(G, c.entry_gpa[2], 0xfffffffffffffffeull, 8);
	assert_int_equal(guest_walk_info(&p, 0x1000, GUEST_ACCESS_READ, &r), -HV_ENOENT);
	assert_int_equal(r.level, 2);
	assert_int_equal(r.pf_error_code, 0);
}

static void reserved_bit_fault_wins_over_protection(void **state)
{
	(void)state;
	struct fg_chain c;
	struct guest_walk_result r;
	uint64_t root = fg_new_root(G);
	fg_map(G, FG_4LEVEL, root, 0x1000, 0x2000, 1, FG_P, &c); /* supervisor, read-only */
	struct guest_paging p = fg_paging(G, FG_4LEVEL, root, 3);

	p.maxphyaddr = 40;
	fg_entry_or(G, FG_4LEVEL, &c, 1, 1ull << 45);
	assert_int_equal(guest_walk_info(&p, 0x1000, GUEST_ACCESS_WRITE, &r), -HV_EINVAL);
	assert_int_equal(r.pf_error_code, RSVD_FAULT | GUEST_PF_W | GUEST_PF_U);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		FG_TEST(bits_at_or_above_maxphyaddr_are_reserved_4level),
		FG_TEST(bits_62_to_52_are_ignored_in_4level_but_reserved_in_pae),
		FG_TEST(xd_bit_is_reserved_without_efer_nxe),
		FG_TEST(xd_bit_is_not_reserved_with_efer_nxe),
		FG_TEST(ps_is_reserved_in_pml4e_and_pml5e),
		FG_TEST(large_page_frame_low_bits_are_reserved_but_pat_is_not),
		FG_TEST(pse_4m_page_bit_21_is_reserved_and_4k_entries_have_none),
		FG_TEST(pae_pdpte_reserved_bits_are_einval_without_page_fault),
		FG_TEST(reserved_bits_are_not_checked_in_not_present_entries),
		FG_TEST(reserved_bit_fault_wins_over_protection),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}

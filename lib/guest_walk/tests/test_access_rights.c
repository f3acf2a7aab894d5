/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Access rights (SDM 4.6) and the page-fault error code (SDM 4.7): U/S and R/W must be 1 in every
 * entry that controls the translation; CPL 3 needs U/S; writes need R/W at CPL 3 or with CR0.WP;
 * fetches need XD = 0 everywhere (with EFER.NXE) and, at CPL < 3 with CR4.SMEP, a supervisor page.
 * SMAP is not modelled: supervisor reads and writes of user pages are allowed.
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

#define LIN 0x0000000040201000ull
#define FRAME 0x0000000000abc000ull

static struct fg_chain chain;

/* A user, writable, executable 4 KiB page at LIN in mode m. */
static struct guest_paging map_page(enum fg_mode m, unsigned cpl)
{
	uint64_t root = fg_new_root(G);
	fg_map(G, m, root, LIN, FRAME, 1, FG_URW, &chain);
	return fg_paging(G, m, root, cpl);
}

static int walk(struct guest_paging *p, enum guest_access a, struct guest_walk_result *r)
{
	return guest_walk_info(p, LIN, a, r);
}

static void user_access_needs_us_in_every_entry(void **state)
{
	(void)state;
	struct guest_walk_result r;

	for (unsigned level = 1; level <= 4; level++) {
		fg_reset(G);
		struct guest_paging p = map_page(FG_4LEVEL, 3);
		assert_int_equal(walk(&p, GUEST_ACCESS_READ, &r), 0);
		fg_entry_clear(G, FG_4LEVEL, &chain, level, FG_US);
		assert_int_equal(walk(&p, GUEST_ACCESS_READ, &r), -HV_EPERM);
		assert_true(r.page_fault);
		assert_int_equal(r.pf_error_code, GUEST_PF_P | GUEST_PF_U);
		assert_int_equal(r.level, 1); /* rights are checked once the walk has reached the leaf */
		p.cpl = 2;
		assert_int_equal(walk(&p, GUEST_ACCESS_READ, &r), 0);
	}
}

static void user_write_needs_rw_in_every_entry_whatever_wp(void **state)
{
	(void)state;
	struct guest_walk_result r;

	for (unsigned level = 1; level <= 4; level++) {
		fg_reset(G);
		struct guest_paging p = map_page(FG_4LEVEL, 3);
		fg_entry_clear(G, FG_4LEVEL, &chain, level, FG_RW);
		assert_int_equal(walk(&p, GUEST_ACCESS_READ, &r), 0);
		assert_int_equal(walk(&p, GUEST_ACCESS_FETCH, &r), 0);
		p.cr0 |= FG_CR0_WP;
		assert_int_equal(walk(&p, GUEST_ACCESS_WRITE, &r), -HV_EPERM);
		assert_int_equal(r.pf_error_code, GUEST_PF_P | GUEST_PF_W | GUEST_PF_U);
		p.cr0 &= ~FG_CR0_WP;
		assert_int_equal(walk(&p, GUEST_ACCESS_WRITE, &r), -HV_EPERM);
	}
}

static void supervisor_write_to_read_only_page_needs_cr0_wp_clear(void **state)
{
	(void)state;
	struct guest_walk_result r;
	struct guest_paging p = map_page(FG_4LEVEL, 0);

	fg_entry_clear(G, FG_4LEVEL, &chain, 2, FG_RW);
	assert_int_equal(walk(&p, GUEST_ACCESS_WRITE, &r), 0); /* WP = 0 */
	p.cr0 |= FG_CR0_WP;
	assert_int_equal(walk(&p, GUEST_ACCESS_WRITE, &r), -HV_EPERM);
	assert_int_equal(r.pf_error_code, GUEST_PF_P | GUEST_PF_W);
	/* Also for a supervisor page (U/S = 0 somewhere). */
	fg_entry_clear(G, FG_4LEVEL, &chain, 1, FG_US);
	assert_int_equal(walk(&p, GUEST_ACCESS_WRITE, &r), -HV_EPERM);
	p.cr0 &= ~FG_CR0_WP;
	assert_int_equal(walk(&p, GUEST_ACCESS_WRITE, &r), 0);
}

static void supervisor_data_access_to_user_page_is_allowed_smap_unmodelled(void **state)
{
	(void)state;
	struct guest_walk_result r;
	struct guest_paging p = map_page(FG_4LEVEL, 0);

	p.cr0 |= FG_CR0_WP;
	p.cr4 |= 1ull << 21; /* CR4.SMAP: out of scope, ignored */
	assert_int_equal(walk(&p, GUEST_ACCESS_READ, &r), 0);
	assert_int_equal(walk(&p, GUEST_ACCESS_WRITE, &r), 0);
}

static void fetch_needs_xd_clear_in_every_entry_with_nxe(void **state)
{
	(void)state;
	struct guest_walk_result r;

	for (unsigned level = 1; level <= 4; level++) {
		fg_reset(G);
		struct guest_paging p = map_page(FG_4LEVEL, 0);
		p.efer |= FG_EFER_NXE;
		fg_entry_or(G, FG_4LEVEL, &chain, level, FG_XD);
		assert_int_equal(walk(&p, GUEST_ACCESS_READ, &r), 0);
		assert_int_equal(walk(&p, GUEST_ACCESS_FETCH, &r), -HV_EPERM);
		assert_int_equal(r.pf_error_code, GUEST_PF_P | GUEST_PF_I);
		p.cpl = 3;
		assert_int_equal(walk(&p, GUEST_ACCESS_FETCH, &r), -HV_EPERM);
		assert_int_equal(r.pf_error_code, GUEST_PF_P | GUEST_PF_U | GUEST_PF_I);
	}
}

static void pae_xd_applies_to_pde_and_pte(void **state)
{
	(void)state;
	struct guest_walk_result r;
	struct guest_paging p = map_page(FG_PAE, 0);

	p.efer |= FG_EFER_NXE;
	assert_int_equal(walk(&p, GUEST_ACCESS_FETCH, &r), 0);
	fg_entry_or(G, FG_PAE, &chain, 2, FG_XD);
	assert_int_equal(walk(&p, GUEST_ACCESS_FETCH, &r), -HV_EPERM);
	assert_int_equal(r.pf_error_code, GUEST_PF_P | GUEST_PF_I);
}

static void smep_forbids_supervisor_fetch_from_user_page(void **state)
{
	(void)state;
	struct guest_walk_result r;
	struct guest_paging p = map_page(FG_4LEVEL, 0);

	assert_int_equal(walk(&p, GUEST_ACCESS_FETCH, &r), 0);
	p.cr4 |= FG_CR4_SMEP;
	assert_int_equal(walk(&p, GUEST_ACCESS_FETCH, &r), -HV_EPERM);
	assert_int_equal(r.pf_error_code, GUEST_PF_P | GUEST_PF_I);
	assert_int_equal(walk(&p, GUEST_ACCESS_READ, &r), 0); /* SMEP is about fetches only */
	p.cpl = 3;
	assert_int_equal(walk(&p, GUEST_ACCESS_FETCH, &r), 0); /* user fetches are not affected */
	p.cpl = 0;
	fg_entry_clear(G, FG_4LEVEL, &chain, 3, FG_US); /* now a supervisor page */
	assert_int_equal(walk(&p, GUEST_ACCESS_FETCH, &r), 0);
}

static void smep_sets_id_bit_in_32bit_paging(void **state)
{
	(void)state;
	struct guest_walk_result r;
	struct guest_paging p = map_page(FG_32BIT, 3);

	fg_entry_clear(G, FG_32BIT, &chain, 1, FG_P);
	p.efer |= FG_EFER_NXE; /* no effect without CR4.PAE */
	assert_int_equal(walk(&p, GUEST_ACCESS_FETCH, &r), -HV_ENOENT);
	assert_int_equal(r.pf_error_code, GUEST_PF_U);
	p.cr4 |= FG_CR4_SMEP;
	assert_int_equal(walk(&p, GUEST_ACCESS_FETCH, &r), -HV_ENOENT);
	assert_int_equal(r.pf_error_code, GUEST_PF_U | GUEST_PF_I);
}

static void pae_pdpte_takes_no_part_in_access_rights(void **state)
{
	(void)state;
	struct guest_walk_result r;
	struct guest_paging p = map_page(FG_PAE, 3);

	p.cr0 |= FG_CR0_WP;
	/* The PDPTE has neither R/W nor U/S (both reserved there), yet CPL 3 may write. */
	assert_int_equal(fg_get(G, chain.entry_gpa[3], 8) & (FG_RW | FG_US), 0);
	assert_int_equal(walk(&p, GUEST_ACCESS_WRITE, &r), 0);
	assert_int_equal(r.gpa, FRAME);
}

static void accessed_and_dirty_bits_are_neither_needed_nor_set(void **state)
{
	(void)state;
	struct guest_walk_result r;
	struct guest_paging p = map_page(FG_4LEVEL, 3);
	static uint8_t before[FG_MAX_PAGES][4096];

	memcpy(before, G->page, sizeof(before));
	assert_int_equal(walk(&p, GUEST_ACCESS_WRITE, &r), 0);
	assert_int_equal(walk(&p, GUEST_ACCESS_FETCH, &r), 0);
	assert_memory_equal(before, G->page, sizeof(before));
	for (unsigned level = 1; level <= 4; level++)
		assert_int_equal(fg_get(G, chain.entry_gpa[level], 8) & (FG_A | FG_D), 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		FG_TEST(user_access_needs_us_in_every_entry),
		FG_TEST(user_write_needs_rw_in_every_entry_whatever_wp),
		FG_TEST(supervisor_write_to_read_only_page_needs_cr0_wp_clear),
		FG_TEST(supervisor_data_access_to_user_page_is_allowed_smap_unmodelled),
		FG_TEST(fetch_needs_xd_clear_in_every_entry_with_nxe),
		FG_TEST(pae_xd_applies_to_pde_and_pte),
		FG_TEST(smep_forbids_supervisor_fetch_from_user_page),
		FG_TEST(smep_sets_id_bit_in_32bit_paging),
		FG_TEST(pae_pdpte_takes_no_part_in_access_rights),
		FG_TEST(accessed_and_dirty_bits_are_neither_needed_nor_set),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}

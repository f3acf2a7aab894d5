/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * PAE paging (SDM 4.4): four PDPTE registers loaded from the 32-byte table at CR3[31:5] (or given
 * from the VMCS), 512-entry directories and tables of 8-byte entries, 2 MiB pages whenever
 * PDE.PS (CR4.PSE plays no part), frames up to MAXPHYADDR, 32-bit linear addresses.
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

static void pae_pte_maps_4k_page_through_pdpte_from_cr3(void **state)
{
	(void)state;
	struct fg_chain c;
	uint64_t root = fg_new_root(G);
	fg_map(G, FG_PAE, root, 0xc0201ff8, 0x123456000ull, 1, FG_URW, &c);
	struct guest_paging p = fg_paging(G, FG_PAE, root, 0);
	struct guest_walk_result r;

	assert_int_equal(guest_walk_info(&p, 0xc0201ff8, GUEST_ACCESS_READ, &r), 0);
	assert_int_equal(r.gpa, 0x123456ff8ull); /* above 4 GiB: PAE frames are MAXPHYADDR wide */
	assert_int_equal(r.page_bytes_left, 8);
	assert_int_equal(r.level, 1);
	/* linear[31:30] = 3 selects PDPTE3; [29:21] = 1 the PDE; [20:12] = 1 the PTE. */
	assert_int_equal(c.entry_gpa[3], root + 3 * 8);
	assert_int_equal(c.entry_gpa[2] & 0xfff, 1 * 8);
	assert_int_equal(c.entry_gpa[1] & 0xfff, 1 * 8);
	assert_int_equal(G->nreads, 3);
}

static void pae_pde_ps_maps_2m_page_without_cr4_pse(void **state)
{
	(void)state;
	struct fg_chain c;
	uint64_t root = fg_new_root(G);
	fg_map(G, FG_PAE, root, 0x40312345, 0x7fe00000, 2, FG_URW, &c);
	struct guest_paging p = fg_paging(G, FG_PAE, root, 0);
	uint64_t gpa = 0, left = 0;

	assert_int_equal(p.cr4 & FG_CR4_PSE, 0);
	assert_int_equal(guest_walk(&p, 0x40312345, GUEST_ACCESS_READ, &gpa, &left), 0);
	assert_int_equal(gpa, 0x7fe00000 + 0x112345);
	assert_int_equal(left, 0x200000 - 0x112345);
}

static void pae_pdpte_registers_are_used_instead_of_memory(void **state)
{
	(void)state;
	struct fg_chain c;
	uint64_t root = fg_new_root(G);
	fg_map(G, FG_PAE, root, 0x00001000, 0x3000, 1, FG_URW, &c);
	uint64_t pdptes[4] = { fg_get(G, c.entry_gpa[3], 8), 0, 0, 0 };
	struct guest_paging p = fg_paging(G, FG_PAE, root, 0);
	uint64_t gpa = 0;

	/* The in-memory PDPT no longer matches the registers (as after a guest write to it). */
	fg_set(G, c.entry_gpa[3], 0, 8);
	p.pdptes = pdptes;
	assert_int_equal(guest_walk(&p, 0x00001010, GUEST_ACCESS_READ, &gpa, NULL), 0);
	assert_int_equal(gpa, 0x3010);
	assert_int_equal(G->nreads, 2); /* PDE and PTE: the PDPT was not read */
	assert_int_equal(G->log[0].gpa, c.entry_gpa[2]);
	p.pdptes = NULL;
	assert_int_equal(guest_walk(&p, 0x00001010, GUEST_ACCESS_READ, &gpa, NULL), -HV_ENOENT);
}

static void pae_not_present_pdpte_fails_at_level_3(void **state)
{
	(void)state;
	uint64_t root = fg_new_root(G);
	struct guest_paging p = fg_paging(G, FG_PAE, root, 3);
	struct guest_walk_result r;

	p.efer = FG_EFER_NXE;
	assert_int_equal(guest_walk_info(&p, 0x80000000, GUEST_ACCESS_FETCH, &r), -HV_ENOENT);
	assert_int_equal(r.level, 3);
	assert_true(r.page_fault);
	assert_int_equal(r.pf_error_code, GUEST_PF_U | GUEST_PF_I);
}

static void pae_not_present_pde_and_pte_fail_at_their_level(void **state)
{
	(void)state;
	struct fg_chain c;
	uint64_t root = fg_new_root(G);
	fg_map(G, FG_PAE, root, 0x00201000, 0x3000, 1, FG_URW, &c);
	struct guest_paging p = fg_paging(G, FG_PAE, root, 0);
	struct guest_walk_result r;

	fg_entry_clear(G, FG_PAE, &c, 1, FG_P);
	assert_int_equal(guest_walk_info(&p, 0x00201000, GUEST_ACCESS_READ, &r), -HV_ENOENT);
	assert_int_equal(r.level, 1);
	fg_entry_clear(G, FG_PAE, &c, 2, FG_P);
	assert_int_equal(guest_walk_info(&p, 0x00201000, GUEST_ACCESS_READ, &r), -HV_ENOENT);
	assert_int_equal(r.level, 2);
}

static void pae_linear_bits_above_31_are_dropped(void **state)
{
	(void)state;
	struct fg_chain c;
	uint64_t root = fg_new_root(G);
	fg_map(G, FG_PAE, root, 0xfffff000, 0x8000, 1, FG_URW, &c);
	struct guest_paging p = fg_paging(G, FG_PAE, root, 0);
	uint64_t gpa = 0;

	p.cr4 |= FG_CR4_LA57; /* LA57 only matters in IA-32e mode */
	assert_int_equal(guest_walk(&p, 0x7fffffffffffffffull, GUEST_ACCESS_READ, &gpa, NULL), 0);
	assert_int_equal(gpa, 0x8fff);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		FG_TEST(pae_pte_maps_4k_page_through_pdpte_from_cr3),
		FG_TEST(pae_pde_ps_maps_2m_page_without_cr4_pse),
		FG_TEST(pae_pdpte_registers_are_used_instead_of_memory),
		FG_TEST(pae_not_present_pdpte_fails_at_level_3),
		FG_TEST(pae_not_present_pde_and_pte_fail_at_their_level),
		FG_TEST(pae_linear_bits_above_31_are_dropped),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}

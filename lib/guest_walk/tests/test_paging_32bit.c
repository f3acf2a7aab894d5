/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * 32-bit paging (SDM 4.3): a 1024-entry page directory at CR3[31:12], 4 KiB pages through a page
 * table, 4 MiB pages when CR4.PSE and PDE.PS (with PSE-36 bits 20:13 giving PA 39:32), 4-byte
 * entries, 32-bit linear addresses.
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

static void pte_maps_4k_page(void **state)
{
	(void)state;
	struct fg_chain c;
	uint64_t root = fg_new_root(G);
	fg_map(G, FG_32BIT, root, 0xc0401abc, 0x00345000, 1, FG_URW, &c);
	struct guest_paging p = fg_paging(G, FG_32BIT, root, 0);
	struct guest_walk_result r;

	assert_int_equal(guest_walk_info(&p, 0xc0401abc, GUEST_ACCESS_READ, &r), 0);
	assert_int_equal(r.gpa, 0x00345abc);
	assert_int_equal(r.page_bytes_left, 0x1000 - 0xabc);
	assert_int_equal(r.page_size, 0x1000);
	assert_int_equal(r.level, 1);
	/* The PDE is at CR3 + 4 * linear[31:22], the PTE at its table + 4 * linear[21:12]. */
	assert_int_equal(c.entry_gpa[2], root + 4 * 0x301);
	assert_int_equal(c.entry_gpa[1] & 0xfff, 4 * 0x001);
}

static void pde_ps_maps_4m_page_with_cr4_pse(void **state)
{
	(void)state;
	struct fg_chain c;
	uint64_t root = fg_new_root(G);
	fg_map(G, FG_32BIT, root, 0x80123456, 0x1fc00000, 2, FG_URW, &c);
	struct guest_paging p = fg_paging(G, FG_32BIT, root, 3);
	uint64_t gpa = 0, left = 0;

	assert_int_equal(guest_walk(&p, 0x80123456, GUEST_ACCESS_WRITE, &gpa, &left), 0);
	assert_int_equal(gpa, 0x1fc00000 + 0x123456);
	assert_int_equal(left, 0x400000 - 0x123456);
	assert_int_equal(G->nreads, 1); /* the PDE only */
}

static void pde_ps_is_ignored_without_cr4_pse(void **state)
{
	(void)state;
	struct fg_chain c;
	uint64_t root = fg_new_root(G);
	fg_map(G, FG_32BIT, root, 0x00403010, 0x00777000, 1, FG_URW, &c);
	fg_entry_or(G, FG_32BIT, &c, 2, FG_PS);
	struct guest_paging p = fg_paging(G, FG_32BIT, root, 0);
	uint64_t gpa = 0;

	p.cr4 &= ~FG_CR4_PSE;
	assert_int_equal(guest_walk(&p, 0x00403010, GUEST_ACCESS_READ, &gpa, NULL), 0);
	assert_int_equal(gpa, 0x00777010); /* through the page table, not a 4 MiB page */
}

static void pse36_bits_give_physical_address_above_4gib(void **state)
{
	(void)state;
	struct fg_chain c;
	uint64_t root = fg_new_root(G);
	fg_map(G, FG_32BIT, root, 0x00c00010, 0xab12c00000ull, 2, FG_URW, &c);
	struct guest_paging p = fg_paging(G, FG_32BIT, root, 0);
	uint64_t gpa = 0;

	/* MAXPHYADDR 40: entry bits 20:13 are PA 39:32. */
	p.maxphyaddr = 40;
	assert_int_equal(fg_get(G, c.entry_gpa[2], 4) & 0x1fe000, 0xabull << 13);
	assert_int_equal(guest_walk(&p, 0x00c00010, GUEST_ACCESS_READ, &gpa, NULL), 0);
	assert_int_equal(gpa, 0xab12c00010ull);
	/* MAXPHYADDR 52 still maps at most 40 bits with 32-bit paging. */
	p.maxphyaddr = 52;
	assert_int_equal(guest_walk(&p, 0x00c00010, GUEST_ACCESS_READ, &gpa, NULL), 0);
	assert_int_equal(gpa, 0xab12c00010ull);
	/* MAXPHYADDR 36: PA 35:32 in bits 16:13 (bits 20:17 would be reserved). */
	fg_set(G, c.entry_gpa[2], 0x12c00000 | (0xbull << 13) | FG_URW | FG_PS, 4);
	p.maxphyaddr = 36;
	assert_int_equal(guest_walk(&p, 0x00c00010, GUEST_ACCESS_READ, &gpa, NULL), 0);
	assert_int_equal(gpa, 0xb12c00010ull);
}

static void not_present_pde_fails_at_level_2(void **state)
{
	(void)state;
	uint64_t root = fg_new_root(G);
	struct guest_paging p = fg_paging(G, FG_32BIT, root, 0);
	struct guest_walk_result r;

	fg_set(G, root + 4 * 0x3ff, 0xfffff000 & ~FG_P, 4); /* not present: the rest is ignored */
	assert_int_equal(guest_walk_info(&p, 0xffc00000, GUEST_ACCESS_READ, &r), -HV_ENOENT);
	assert_int_equal(r.level, 2);
	assert_true(r.page_fault);
	assert_int_equal(r.pf_error_code, 0);
}

static void not_present_pte_fails_at_level_1(void **state)
{
	(void)state;
	struct fg_chain c;
	uint64_t root = fg_new_root(G);
	fg_map(G, FG_32BIT, root, 0x1000, 0x5000, 1, FG_URW, &c);
	fg_entry_clear(G, FG_32BIT, &c, 1, FG_P);
	struct guest_paging p = fg_paging(G, FG_32BIT, root, 3);
	struct guest_walk_result r;

	assert_int_equal(guest_walk_info(&p, 0x1000, GUEST_ACCESS_WRITE, &r), -HV_ENOENT);
	assert_int_equal(r.level, 1);
	assert_int_equal(r.pf_error_code, GUEST_PF_W | GUEST_PF_U);
}

static void linear_bits_above_31_are_dropped(void **state)
{
	(void)state;
	struct fg_chain c;
	uint64_t root = fg_new_root(G);
	fg_map(G, FG_32BIT, root, 0x00401000, 0x9000, 1, FG_URW, &c);
	struct guest_paging p = fg_paging(G, FG_32BIT, root, 0);
	uint64_t gpa = 0;

	p.cr3 |= 0xffffffff00000018ull; /* CR3 bits 63:32 and PWT/PCD play no part */
	assert_int_equal(guest_walk(&p, 0xdead000000401004ull, GUEST_ACCESS_READ, &gpa, NULL), 0);
	assert_int_equal(gpa, 0x9004);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		FG_TEST(pte_maps_4k_page),
		FG_TEST(pde_ps_maps_4m_page_with_cr4_pse),
		FG_TEST(pde_ps_is_ignored_without_cr4_pse),
		FG_TEST(pse36_bits_give_physical_address_above_4gib),
		FG_TEST(not_present_pde_fails_at_level_2),
		FG_TEST(not_present_pte_fails_at_level_1),
		FG_TEST(linear_bits_above_31_are_dropped),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}

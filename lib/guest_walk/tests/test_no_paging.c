/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * CR0.PG = 0 (SDM 4.1.1): the linear address is the physical address, 32 bits wide outside
 * IA-32e mode; no paging structure is read and no access is refused.
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

static struct guest_paging real_mode(void)
{
	return (struct guest_paging){ .cr0 = 0, .read_gpa = fg_read_gpa, .ctx = G };
}

static void paging_off_linear_is_physical(void **state)
{
	(void)state;
	struct guest_paging p = real_mode();
	uint64_t gpa = 0, left = 0;

	assert_int_equal(guest_walk(&p, 0xfee00300, GUEST_ACCESS_FETCH, &gpa, &left), 0);
	assert_int_equal(gpa, 0xfee00300);
	assert_int_equal(left, 0x1000 - 0x300);
	assert_int_equal(G->nreads, 0);
}

static void paging_off_wraps_linear_at_4gib_outside_long_mode(void **state)
{
	(void)state;
	struct guest_paging p = real_mode();
	uint64_t gpa = 0;

	p.cr0 = FG_CR0_PE; /* protected mode without paging: still 32-bit linear addresses */
	assert_int_equal(guest_walk(&p, 0x100000ffeull, GUEST_ACCESS_READ, &gpa, NULL), 0);
	assert_int_equal(gpa, 0xffe);
}

static void paging_off_ignores_pae_pse_and_nxe(void **state)
{
	(void)state;
	struct guest_paging p = real_mode();
	struct guest_walk_result r;

	p.cr4 = FG_CR4_PAE | FG_CR4_PSE | FG_CR4_LA57;
	p.efer = FG_EFER_NXE | FG_EFER_LME; /* LME without PG: IA-32e mode is not active */
	assert_int_equal(guest_walk_info(&p, 0x12345678, GUEST_ACCESS_READ, &r), 0);
	assert_int_equal(r.gpa, 0x12345678);
	assert_int_equal(r.page_size, 0x1000);
	assert_int_equal(r.level, 0);
	assert_int_equal(G->nreads, 0);
}

static void paging_off_refuses_no_access(void **state)
{
	(void)state;
	struct guest_paging p = real_mode();
	uint64_t gpa = 0;

	p.cpl = 3;
	p.cr0 = FG_CR0_PE | FG_CR0_WP;
	p.cr4 = FG_CR4_SMEP;
	assert_int_equal(guest_walk(&p, 0x2000, GUEST_ACCESS_WRITE, &gpa, NULL), 0);
	assert_int_equal(guest_walk(&p, 0x2000, GUEST_ACCESS_FETCH, &gpa, NULL), 0);
	assert_int_equal(gpa, 0x2000);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		FG_TEST(paging_off_linear_is_physical),
		FG_TEST(paging_off_wraps_linear_at_4gib_outside_long_mode),
		FG_TEST(paging_off_ignores_pae_pse_and_nxe),
		FG_TEST(paging_off_refuses_no_access),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}

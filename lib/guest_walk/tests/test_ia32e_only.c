/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * The partition image's walker (src/paging_legacy_none.c): 32-bit and PAE paging, which the full walker translates,
 * are refused with -HV_ENOSYS, by guest_walk_info, guest_walk and guest_fetch alike, with no #PF for the guest and no
 * read of guest memory; 4-level paging and no paging still translate, without access rights (src/access_rights_none.c) (test_no_paging, test_paging_4level and test_paging_5level run against it too).
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

static void refused(enum fg_mode m)
{
	struct fg_chain c;
	struct guest_walk_result r;
	uint64_t root = fg_new_root(G), gpa = 0;
	uint8_t bytes[4];
	size_t got = 1;
	fg_map(G, m, root, 0x00401000u, 0x5000, 1, FG_URW, &c);
	struct guest_paging p = fg_paging(G, m, root, 0);
	unsigned reads = G->nreads;
	assert_int_equal(guest_walk_info(&p, 0x00401234u, GUEST_ACCESS_READ, &r), -HV_ENOSYS);
	assert_false(r.page_fault);
	assert_int_equal(guest_walk(&p, 0x00401234u, GUEST_ACCESS_WRITE, &gpa, NULL), -HV_ENOSYS);
	assert_int_equal(guest_fetch(&p, 0x00401234u, bytes, sizeof(bytes), &got), -HV_ENOSYS);
	assert_int_equal(got, 0);
	assert_int_equal(G->nreads, reads);
}

static void paging_32bit_is_refused(void **state)
{
	(void)state;
	refused(FG_32BIT);
}

static void pae_paging_is_refused(void **state)
{
	(void)state;
	refused(FG_PAE);
}

static void paging_4level_still_translates(void **state)
{
	(void)state;
	struct fg_chain c;
	uint64_t root = fg_new_root(G), gpa = 0;
	fg_map(G, FG_4LEVEL, root, 0x00401000u, 0x5000, 1, FG_URW, &c);
	struct guest_paging p = fg_paging(G, FG_4LEVEL, root, 0);
	assert_int_equal(guest_walk(&p, 0x00401234u, GUEST_ACCESS_READ, &gpa, NULL), 0);
	assert_int_equal(gpa, 0x5234);
}

/* src/access_rights_none.c: a user-mode write to a read-only supervisor page, or a fetch from an XD page,
 * translates (the full walker refuses both: test_access_rights). */
static void access_rights_are_not_checked(void **state)
{
	(void)state;
	struct fg_chain c;
	uint64_t root = fg_new_root(G), gpa = 0;
	fg_map(G, FG_4LEVEL, root, 0x00401000u, 0x5000, 1, FG_P | FG_XD, &c);
	struct guest_paging p = fg_paging(G, FG_4LEVEL, root, 3);
	p.efer |= FG_EFER_NXE;
	assert_int_equal(guest_walk(&p, 0x00401234u, GUEST_ACCESS_WRITE, &gpa, NULL), 0);
	assert_int_equal(gpa, 0x5234);
	assert_int_equal(guest_walk(&p, 0x00401234u, GUEST_ACCESS_FETCH, &gpa, NULL), 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		FG_TEST(paging_32bit_is_refused),
		FG_TEST(pae_paging_is_refused),
		FG_TEST(paging_4level_still_translates),
		FG_TEST(access_rights_are_not_checked),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}

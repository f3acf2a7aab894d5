/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Requests the walker refuses without reading guest memory: NULL arguments, an access that is
 * not an enum guest_access, a MAXPHYADDR outside 32..52, and control registers that name no
 * paging mode (IA-32e mode with paging but without CR4.PAE, SDM 4.1.2).
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

static void null_arguments_are_einval(void **state)
{
	(void)state;
	struct guest_paging p = fg_paging(G, FG_4LEVEL, 0x100000, 0);
	struct guest_paging no_reader = p;
	uint64_t gpa = 7;
	uint8_t buf[4];
	size_t got;

	no_reader.read_gpa = NULL;
	assert_int_equal(guest_walk(NULL, 0, GUEST_ACCESS_READ, &gpa, NULL), -HV_EINVAL);
	assert_int_equal(guest_walk(&p, 0, GUEST_ACCESS_READ, NULL, NULL), -HV_EINVAL);
	assert_int_equal(guest_walk(&no_reader, 0, GUEST_ACCESS_READ, &gpa, NULL), -HV_EINVAL);
	assert_int_equal(guest_walk_info(&p, 0, GUEST_ACCESS_READ, NULL), -HV_EINVAL);
	assert_int_equal(guest_fetch(&p, 0, buf, 4, NULL), -HV_EINVAL);
	assert_int_equal(guest_fetch(&p, 0, NULL, 4, &got), -HV_EINVAL);
	assert_int_equal(guest_fetch(NULL, 0, buf, 4, &got), -HV_EINVAL);
	assert_int_equal(gpa, 7);
	assert_int_equal(G->nreads, 0);
}

static void unknown_access_kind_is_einval(void **state)
{
	(void)state;
	struct guest_paging p = fg_paging(G, FG_4LEVEL, 0x100000, 0);
	struct guest_walk_result r;

	assert_int_equal(guest_walk_info(&p, 0, (enum guest_access)3, &r), -HV_EINVAL);
	assert_false(r.page_fault);
	assert_int_equal(G->nreads, 0);
}

static void maxphyaddr_outside_32_to_52_is_einval(void **state)
{
	(void)state;
	struct guest_paging p = fg_paging(G, FG_4LEVEL, 0x100000, 0);
	uint64_t gpa;

	p.maxphyaddr = 31;
	assert_int_equal(guest_walk(&p, 0, GUEST_ACCESS_READ, &gpa, NULL), -HV_EINVAL);
	p.maxphyaddr = 53;
	assert_int_equal(guest_walk(&p, 0, GUEST_ACCESS_READ, &gpa, NULL), -HV_EINVAL);
	assert_int_equal(G->nreads, 0);
}

static void long_mode_paging_without_pae_is_einval(void **state)
{
	(void)state;
	struct guest_paging p = fg_paging(G, FG_4LEVEL, 0x100000, 0);
	uint64_t gpa;

	p.cr4 &= ~FG_CR4_PAE;
	assert_int_equal(guest_walk(&p, 0, GUEST_ACCESS_READ, &gpa, NULL), -HV_EINVAL);
	assert_int_equal(G->nreads, 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		FG_TEST(null_arguments_are_einval),
		FG_TEST(unknown_access_kind_is_einval),
		FG_TEST(maxphyaddr_outside_32_to_52_is_einval),
		FG_TEST(long_mode_paging_without_pae_is_einval),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}

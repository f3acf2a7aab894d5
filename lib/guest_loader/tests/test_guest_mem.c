/* SPDX-License-Identifier: BSD-3-Clause */
/* Guest RAM membership, overlap and the RAM map reported to guests. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <guest_loader/guest_mem.h>

#include "../src/loader_util.h"
#include "../src/multiboot_internal.h"

static struct guest_mem mem_of(const struct guest_mem_range *r, uint32_t n, uint64_t ram_size)
{
	return (struct guest_mem){ .ram_size = ram_size, .ranges = r, .range_count = n };
}

static void contains_is_bounded_by_ram_size_without_ranges(void **state)
{
	(void)state;
	struct guest_mem m = mem_of(NULL, 0, 0x10000);
	assert_true(guest_mem_contains(&m, 0, 0x10000));
	assert_true(guest_mem_contains(&m, 0xffff, 1));
	assert_false(guest_mem_contains(&m, 0xffff, 2));
	assert_false(guest_mem_contains(&m, 0x10000, 1));
}

static void contains_refuses_empty_and_wrapping_ranges(void **state)
{
	(void)state;
	struct guest_mem m = mem_of(NULL, 0, 0x10000);
	assert_false(guest_mem_contains(&m, 0, 0));
	assert_false(guest_mem_contains(&m, 0x1000, UINT64_MAX));
}

static void contains_spans_adjacent_ranges_but_not_gaps(void **state)
{
	(void)state;
	const struct guest_mem_range r[] = { { 0x3000, 0x1000 }, { 0x0, 0x2000 }, { 0x2000, 0x1000 } };
	struct guest_mem m = mem_of(r, 3, 0);
	assert_true(guest_mem_contains(&m, 0x1800, 0x2000)); /* 0x1800..0x3800 over three ranges */
	assert_true(guest_mem_contains(&m, 0, 0x4000));
	assert_false(guest_mem_contains(&m, 0x3800, 0x1000));
	const struct guest_mem_range gap[] = { { 0x0, 0x1000 }, { 0x2000, 0x1000 } };
	m = mem_of(gap, 2, 0);
	assert_false(guest_mem_contains(&m, 0x800, 0x1000));
	assert_true(guest_mem_contains(&m, 0x2000, 0x1000));
}

static void ranges_listed_override_ram_size(void **state)
{
	(void)state;
	const struct guest_mem_range r[] = { { 0x100000, 0x100000 } };
	struct guest_mem m = mem_of(r, 1, 0x10000000);
	assert_false(guest_mem_contains(&m, 0, 0x1000));
	assert_int_equal(guest_mem_range_count(&m), 1);
	assert_int_equal(guest_mem_range_at(&m, 0).base, 0x100000);
}

static void overlap_is_half_open(void **state)
{
	(void)state;
	assert_true(guest_ranges_overlap(0x1000, 0x1000, 0x1fff, 1));
	assert_false(guest_ranges_overlap(0x1000, 0x1000, 0x2000, 1));
	assert_false(guest_ranges_overlap(0x2000, 1, 0x1000, 0x1000));
	assert_false(guest_ranges_overlap(0x1000, 0, 0x1000, 0x1000));
}

static void usable_ranges_cut_out_the_legacy_hole(void **state)
{
	(void)state;
	const struct guest_mem_range r[] = { { 0, 0x2000000 }, { 0x80000000, 0x100000 }, { 0xa0000, 0x20000 } };
	struct guest_mem m = mem_of(r, 3, 0);
	struct guest_mem_range u[8];
	assert_int_equal(usable_ranges(&m, u, 8), 3);
	assert_int_equal(u[0].base, 0);
	assert_int_equal(u[0].size, 0xa0000);
	assert_int_equal(u[1].base, 0x100000);
	assert_int_equal(u[1].size, 0x1f00000);
	assert_int_equal(u[2].base, 0x80000000);
	assert_int_equal(u[2].size, 0x100000);
}

static void low_and_upper_memory_count_contiguous_kib(void **state)
{
	(void)state;
	struct guest_mem m = mem_of(NULL, 0, 0x2000000);
	assert_int_equal(low_mem_kib(&m), 640);
	assert_int_equal(upper_mem_kib(&m), 0x2000000 / 1024 - 1024);
	const struct guest_mem_range r[] = { { 0, 0x10000 }, { 0x100000, 0x100000 }, { 0x300000, 0x100000 } };
	m = mem_of(r, 3, 0);
	assert_int_equal(low_mem_kib(&m), 64);
	assert_int_equal(upper_mem_kib(&m), 1024); /* stops at the gap at 2 MiB */
	const struct guest_mem_range high[] = { { 0x200000, 0x100000 } };
	m = mem_of(high, 1, 0);
	assert_int_equal(low_mem_kib(&m), 0);
	assert_int_equal(upper_mem_kib(&m), 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(contains_is_bounded_by_ram_size_without_ranges),
		cmocka_unit_test(contains_refuses_empty_and_wrapping_ranges),
		cmocka_unit_test(contains_spans_adjacent_ranges_but_not_gaps),
		cmocka_unit_test(ranges_listed_override_ram_size),
		cmocka_unit_test(overlap_is_half_open),
		cmocka_unit_test(usable_ranges_cut_out_the_legacy_hole),
		cmocka_unit_test(low_and_upper_memory_count_contiguous_kib),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}

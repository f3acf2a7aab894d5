/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * scenario/src/sc_fdt.h declares the libfdt functions the parser calls instead of including libfdt.h. This file
 * includes both: a prototype that differs from libfdt's is a compile error. The tests check the header-word read
 * and the iteration macros against libfdt's own on a blob built here.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <libfdt.h>
#include "../src/sc_fdt.h"

static char blob[512];

static void build(void)
{
	assert_int_equal(fdt_create_empty_tree(blob, sizeof(blob)), 0);
	assert_true(fdt_add_subnode(blob, 0, "b") >= 0);
	int a = fdt_add_subnode(blob, 0, "a"); /* libfdt inserts before "b": offsets of later nodes move */
	assert_true(a >= 0);
	assert_int_equal(fdt_setprop_u32(blob, a, "x", 1), 0);
	assert_int_equal(fdt_setprop_u32(blob, a, "y", 2), 0);
}

static void test_header_words(void **state)
{
	(void)state;
	build();
	assert_int_equal(SC_FDT_HEADER_SIZE, sizeof(struct fdt_header));
	assert_int_equal(sc_fdt_header_word(blob, 5), fdt_version(blob));
	assert_int_equal(sc_fdt_header_word(blob, 6), fdt_last_comp_version(blob));
	assert_int_equal(sc_fdt_header_word(blob, 0), FDT_MAGIC);
}

static void test_iteration_matches_libfdt(void **state)
{
	int ours = 0, theirs = 0, off, a;

	(void)state;
	build();
	sc_for_each_subnode(off, blob, 0)
		ours++;
	fdt_for_each_subnode(off, blob, 0)
		theirs++;
	assert_int_equal(ours, 2);
	assert_int_equal(ours, theirs);
	a = fdt_path_offset(blob, "/a");
	ours = theirs = 0;
	sc_for_each_property(off, blob, a)
		ours++;
	fdt_for_each_property_offset(off, blob, a)
		theirs++;
	assert_int_equal(ours, 2);
	assert_int_equal(ours, theirs);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_header_words),
		cmocka_unit_test(test_iteration_matches_libfdt),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}

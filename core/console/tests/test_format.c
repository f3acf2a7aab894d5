/* SPDX-License-Identifier: BSD-3-Clause */
/* hv_vsnprintf (core/console/format.c) against the C library's snprintf for every conversion it supports,
 * plus its own rules: %p is 0x and lower-case hex, an unknown conversion (%c, %X, ... among them) prints
 * itself, truncation. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include <cmocka.h>
#include <core/console.h>

#define SAME(...)                                                                  \
	do {                                                                       \
		char want[128], got[128];                                          \
		int wn = snprintf(want, sizeof(want), __VA_ARGS__);                \
		int gn = hv_snprintf(got, sizeof(got), __VA_ARGS__);               \
		assert_string_equal(got, want);                                    \
		assert_int_equal(gn, wn);                                          \
	} while (0)

static void test_integers_match_libc(void **state)
{
	(void)state;
	SAME("%d %d %d %d", 0, 42, -42, -2147483647 - 1);
	SAME("%u %x", 4000000000u, 0xbeefu);
	SAME("%ld %lu %lx %llx", (long)-5, 7ul, 0xfffffffffful, 0x123456789abcdefull);
	SAME("%zu %zx", (size_t)99, (size_t)0xabc);
	SAME("[%5d] [%05d] [%05d] [%5d]", 42, 42, -42, -42);
	SAME("[%8x] [%08x] [%2x]", 0xabcu, 0xabcu, 0x12345u);
	SAME("[%016lx] [%3u]", 0xdeadbeeful, 12345u);
}

static void test_strings_chars_percent_match_libc(void **state)
{
	(void)state;
	SAME("[%s] [%8s] [%2s]", "abc", "abc", "abcdef");
	SAME("100%% of %s", "it");
	SAME("plain text, no conversion");
}

static void test_own_rules(void **state)
{
	char b[64];
	(void)state;
	hv_snprintf(b, sizeof(b), "%p", (void *)0x1234);
	assert_string_equal(b, "0x1234");
	const char *volatile none = NULL;
	hv_snprintf(b, sizeof(b), "%s", none);
	assert_string_equal(b, "(null)");
	const char *fmt_unknown = "%q and %"; /* an unknown conversion prints itself; a lone % at the end nothing */
	hv_snprintf(b, sizeof(b), fmt_unknown);
	assert_string_equal(b, "%q and ");
	/* What no format string of the image uses is not converted either: %c, %i, %X, the '-' flag. */
	const char *fmt_unused = "%c %i %X %-5d|";
	assert_int_equal(hv_snprintf(b, sizeof(b), fmt_unused, 'x', 1, 2u, 3), 14);
	assert_string_equal(b, "%c %i %X %-5d|");
}

static void test_truncation_counts_everything(void **state)
{
	char b[8];
	(void)state;
	memset(b, 'z', sizeof(b));
	assert_int_equal(hv_snprintf(b, 5, "%s-%d", "hello", 12), 8);
	assert_string_equal(b, "hell");
	assert_int_equal(b[5], 'z');
	assert_int_equal(hv_snprintf(NULL, 0, "%x", 0xabcdu), 4);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_integers_match_libc),
		cmocka_unit_test(test_strings_chars_percent_match_libc),
		cmocka_unit_test(test_own_rules),
		cmocka_unit_test(test_truncation_counts_everything),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}

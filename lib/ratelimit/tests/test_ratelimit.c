/* SPDX-License-Identifier: BSD-3-Clause */
/* The log rate limiter: at most N lines per TSC window, the rest counted. The host
 * platform's TSC is host_platform_tsc_value and runs at 1 GHz. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <host_platform.h>
#include <ratelimit/ratelimit.h>

#define MS 1000000ull /* TSC ticks per millisecond at 1 GHz */

static struct ratelimit rl;

static int setup(void **state)
{
	(void)state;
	host_platform_reset();
	host_platform_tsc_value = 5000 * MS;
	ratelimit_init(&rl, 3, 100);
	return 0;
}

static void window_is_computed_from_tsc_hz(void **state)
{
	(void)state;
	assert_int_equal(rl.window_tsc, 100 * MS);
	struct ratelimit big;
	ratelimit_init(&big, 1, UINT32_MAX); /* no overflow for any 32-bit ms */
	assert_int_equal(big.window_tsc, (uint64_t)UINT32_MAX * MS);
}

static void at_most_burst_lines_per_window(void **state)
{
	(void)state;
	uint32_t sup = 77;
	for (unsigned int i = 0; i < 3; i++) {
		assert_true(ratelimit_allow(&rl, &sup));
		assert_int_equal(sup, 0);
		host_platform_tsc_value += 10 * MS;
	}
	for (unsigned int i = 0; i < 5; i++)
		assert_false(ratelimit_allow(&rl, &sup));
	assert_int_equal(rl.suppressed_total, 5);
	/* one tick before the window ends: still suppressed */
	host_platform_tsc_value = 5000 * MS + 100 * MS - 1;
	assert_false(ratelimit_allow(&rl, &sup));
	assert_int_equal(sup, 0); /* untouched when refused */
}

static void next_window_allows_again_and_reports_suppressed_count(void **state)
{
	(void)state;
	uint32_t sup;
	for (unsigned int i = 0; i < 10; i++)
		ratelimit_allow(&rl, NULL);
	assert_int_equal(rl.suppressed_total, 7);
	host_platform_tsc_value += 100 * MS; /* exactly one window later */
	assert_true(ratelimit_allow(&rl, &sup));
	assert_int_equal(sup, 7);
	assert_true(ratelimit_allow(&rl, &sup));
	assert_int_equal(sup, 0); /* reported once */
	assert_int_equal(rl.suppressed_total, 7);
}

static void tsc_behind_window_start_opens_a_new_window(void **state)
{
	(void)state;
	for (unsigned int i = 0; i < 4; i++)
		ratelimit_allow(&rl, NULL);
	host_platform_tsc_value -= 1; /* another CPU's TSC, slightly behind */
	uint32_t sup;
	assert_true(ratelimit_allow(&rl, &sup));
	assert_int_equal(sup, 1);
}

static void zero_burst_suppresses_everything(void **state)
{
	(void)state;
	ratelimit_init(&rl, 0, 100);
	for (unsigned int i = 0; i < 4; i++) {
		assert_false(ratelimit_allow(&rl, NULL));
		host_platform_tsc_value += 200 * MS;
	}
	assert_int_equal(rl.suppressed_total, 4);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup(window_is_computed_from_tsc_hz, setup),
		cmocka_unit_test_setup(at_most_burst_lines_per_window, setup),
		cmocka_unit_test_setup(next_window_allows_again_and_reports_suppressed_count, setup),
		cmocka_unit_test_setup(tsc_behind_window_start_opens_a_new_window, setup),
		cmocka_unit_test_setup(zero_burst_suppresses_everything, setup),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}

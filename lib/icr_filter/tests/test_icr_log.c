/* SPDX-License-Identifier: BSD-3-Clause */
/* The rate-limited log line for ICR destinations outside the VM (lib/ratelimit does the limiting).
 * The host platform's TSC is host_platform_tsc_value and runs at 1 GHz. */
#include "icr_test.h"

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

static void dropped_ids_are_logged_rate_limited(void **state)
{
	(void)state;
	struct icr_vm_map m;
	struct icr_action a;
	test_map(&m, 4);

	assert_int_equal(icr_filter(&m, 1, PHYS(2, APIC_DM_FIXED, 0x30), &a), 0);
	assert_false(icr_log_dropped(&rl, "vm1", 1, &a)); /* nothing dropped: no line */
	assert_int_equal(host_platform_log_count[PLAT_LOG_WARN], 0);

	assert_int_equal(icr_filter(&m, 1, PHYS(0x77, APIC_DM_FIXED, 0x30), &a), 0);
	for (unsigned int i = 0; i < 5; i++)
		icr_log_dropped(&rl, "vm1", 1, &a);
	assert_int_equal(host_platform_log_count[PLAT_LOG_WARN], 3);
	assert_non_null(strstr(host_platform_last_log, "vm1 vcpu 1"));
	assert_non_null(strstr(host_platform_last_log, "APIC ID 0x77"));

	host_platform_tsc_value += 100 * MS;
	assert_true(icr_log_dropped(&rl, "vm1", 1, &a));
	assert_int_equal(host_platform_log_count[PLAT_LOG_WARN], 4);
	assert_non_null(strstr(host_platform_last_log, "2 lines suppressed"));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup(dropped_ids_are_logged_rate_limited, setup),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}

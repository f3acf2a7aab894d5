/* SPDX-License-Identifier: BSD-3-Clause */
/* The ACPI PM timer: 3.579545 MHz from the TSC, 32 bits, no overflow in the arithmetic. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <vdev/pm_timer.h>

static uint64_t fake_tsc;
static uint64_t now(void *ctx) { (void)ctx; return fake_tsc; }

static void ticks_follow_the_tsc_rate(void **state)
{
	(void)state;
	assert_int_equal(vpm_timer_ticks(50000000ull, 1000, 1000), 0);
	assert_int_equal(vpm_timer_ticks(50000000ull, 1000, 1000 + 50000000ull), VPM_TIMER_HZ);    /* one second */
	assert_int_equal(vpm_timer_ticks(50000000ull, 0, 25000000ull), VPM_TIMER_HZ / 2);         /* half */
	assert_int_equal(vpm_timer_ticks(0, 0, 12345), 0);
}

static void no_overflow_after_hours_and_wraps_at_32_bits(void **state)
{
	(void)state;
	const uint64_t hz = 3000000000ull, secs = 100000; /* 27 hours at 3 GHz: delta * 3579545 > 2^64 */
	uint64_t want = (secs * VPM_TIMER_HZ) & 0xffffffffull;
	assert_int_equal(vpm_timer_ticks(hz, 0, secs * hz), want);
	/* TSC wrapping past 2^64 between base and now */
	assert_int_equal(vpm_timer_ticks(hz, ~0ull - hz + 1, hz), (2ull * VPM_TIMER_HZ) & 0xffffffffull);
}

static void port_reads_give_the_counter_bytes(void **state)
{
	(void)state;
	struct vdev_table t;
	vdev_table_init(&t, "vm0");
	struct vpm_timer d = { .tsc_hz = VPM_TIMER_HZ, .now = now, .ctx = NULL };
	fake_tsc = 100;
	assert_int_equal(vpm_timer_register(&d, &t, 0x608), 0);
	fake_tsc = 100 + 0x12345678u; /* one TSC tick per timer tick */
	uint32_t v = 0;
	assert_int_equal(vdev_io(&t, 0x608, 4, false, &v), VDEV_HANDLED);
	assert_int_equal(v, 0x12345678u);
	assert_int_equal(vdev_io(&t, 0x60a, 2, false, &v), VDEV_HANDLED);
	assert_int_equal(v, 0x1234u);
	uint32_t w = 0;
	assert_int_equal(vdev_io(&t, 0x608, 4, true, &w), VDEV_HANDLED); /* ignored */
	assert_int_equal(vdev_io(&t, 0x608, 4, false, &v), VDEV_HANDLED);
	assert_int_equal(v, 0x12345678u);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(ticks_follow_the_tsc_rate),
		cmocka_unit_test(no_overflow_after_hours_and_wraps_at_32_bits),
		cmocka_unit_test(port_reads_give_the_counter_bytes),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}

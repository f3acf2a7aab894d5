/* SPDX-License-Identifier: BSD-3-Clause */
/* The APIC timer: SDM Vol. 3A 11.5.4 and 11.5.4.1 (TSC-deadline mode). */
#include "vlapic_fake_core.h"

static const uint32_t ids1[] = { 0 };

static int setup(void **s) { (void)s; fc_setup(1, ids1, true); return 0; }
static int teardown(void **s) { (void)s; fc_teardown(); return 0; }
#define A (&fc.vl[0])
#define TSC(v) (host_platform_tsc_value = (v))
#define LVT_ONE_SHOT 0x40u
#define LVT_PERIODIC (0x40u | (APIC_TIMER_PERIODIC << 17))
#define LVT_DEADLINE (0x40u | (APIC_TIMER_TSC_DEADLINE << 17))

static void test_one_shot_counts_down_and_fires_once_11_5_4(void **s)
{
	(void)s;
	TSC(1000);
	fc_write(A, APIC_OFF_LVT_TIMER, LVT_ONE_SHOT);
	fc_write(A, APIC_OFF_TIMER_ICR, 100); /* DCR 0: divide by 2 */
	assert_int_equal(fc.arms, 1);
	assert_int_equal(fc.last_deadline, 1200);
	assert_ptr_equal(fc.last_timer_vl, A);
	assert_int_equal(fc_read(A, APIC_OFF_TIMER_CCR), 100);
	TSC(1100);
	assert_int_equal(fc_read(A, APIC_OFF_TIMER_CCR), 50);
	TSC(1199);
	assert_int_equal(fc_read(A, APIC_OFF_TIMER_CCR), 1); /* 199 TSC = 99 counts at /2 */
	TSC(1200);
	assert_int_equal(fc_read(A, APIC_OFF_TIMER_CCR), 0);
	assert_int_equal(vlapic_timer_expired(A), 0);
	assert_true(fc_irr(A, 0x40));
	assert_int_equal(fc.arms, 1); /* not re-armed */
	TSC(5000);
	assert_int_equal(fc_read(A, APIC_OFF_TIMER_CCR), 0);
	assert_int_equal(fc_read(A, APIC_OFF_TIMER_ICR), 100);
	assert_int_equal(vlapic_timer_expired(A), -HV_ENOENT);
}

static void test_expiry_before_deadline_rearms_without_interrupt(void **s)
{
	(void)s;
	TSC(0);
	fc_write(A, APIC_OFF_LVT_TIMER, LVT_ONE_SHOT);
	fc_write(A, APIC_OFF_TIMER_ICR, 10);
	TSC(19);
	assert_int_equal(vlapic_timer_expired(A), -HV_EBUSY);
	assert_false(fc_irr(A, 0x40));
	assert_int_equal(fc.arms, 2);
	assert_int_equal(fc.last_deadline, 20);
	TSC(20);
	assert_int_equal(vlapic_timer_expired(A), 0);
	assert_true(fc_irr(A, 0x40));
}

static void test_periodic_reloads_and_skips_missed_periods_11_5_4(void **s)
{
	(void)s;
	TSC(0);
	fc_write(A, APIC_OFF_TIMER_DCR, 0xB); /* divide by 1 */
	fc_write(A, APIC_OFF_LVT_TIMER, LVT_PERIODIC);
	fc_write(A, APIC_OFF_TIMER_ICR, 10);
	assert_int_equal(fc.last_deadline, 10);
	TSC(10);
	assert_int_equal(vlapic_timer_expired(A), 0);
	assert_int_equal(fc.last_deadline, 20);
	assert_int_equal(fc_read(A, APIC_OFF_TIMER_CCR), 10);
	TSC(13);
	assert_int_equal(fc_read(A, APIC_OFF_TIMER_CCR), 7);
	/* The host ran late: one interrupt, the next deadline stays on the grid. */
	TSC(45);
	assert_int_equal(vlapic_timer_expired(A), 0);
	assert_int_equal(fc.last_deadline, 50);
	assert_int_equal(fc_read(A, APIC_OFF_TIMER_CCR), 5);
	assert_true(fc_irr(A, 0x40));
}

static void test_periodic_period_has_a_floor(void **s)
{
	(void)s;
	fc.vm.cfg.min_period_tsc = 1000;
	TSC(0);
	fc_write(A, APIC_OFF_TIMER_DCR, 0xB); /* divide by 1 */
	fc_write(A, APIC_OFF_LVT_TIMER, LVT_PERIODIC);
	fc_write(A, APIC_OFF_TIMER_ICR, 1); /* one bus tick: a livelock without the floor */
	assert_int_equal(fc.last_deadline, 1000);
	TSC(1000);
	assert_int_equal(vlapic_timer_expired(A), 0);
	assert_int_equal(fc.last_deadline, 2000);
	TSC(5500); /* late: one interrupt, the next expiry on the floored grid */
	assert_int_equal(vlapic_timer_expired(A), 0);
	assert_int_equal(fc.last_deadline, 6000);
	/* A one-shot count is not floored: it fires once. */
	fc_write(A, APIC_OFF_LVT_TIMER, LVT_ONE_SHOT);
	fc_write(A, APIC_OFF_TIMER_ICR, 1);
	assert_int_equal(fc.last_deadline, 5501);
	/* Periods above the floor are untouched. */
	fc_write(A, APIC_OFF_LVT_TIMER, LVT_PERIODIC);
	fc_write(A, APIC_OFF_TIMER_ICR, 5000);
	assert_int_equal(fc.last_deadline, 10500);
}

static void test_divide_configuration_values_11_5_4(void **s)
{
	(void)s;
	const struct { uint32_t dcr, div; } tab[] = {
		{ 0x0, 2 }, { 0x1, 4 }, { 0x2, 8 }, { 0x3, 16 }, { 0x8, 32 }, { 0x9, 64 }, { 0xA, 128 }, { 0xB, 1 },
	};
	TSC(1000);
	fc_write(A, APIC_OFF_LVT_TIMER, LVT_ONE_SHOT);
	for (unsigned int i = 0; i < 8; i++) {
		fc_write(A, APIC_OFF_TIMER_DCR, tab[i].dcr | 0xFFFFFFF4u); /* other bits ignored */
		assert_int_equal(fc_read(A, APIC_OFF_TIMER_DCR), tab[i].dcr);
		fc_write(A, APIC_OFF_TIMER_ICR, 3);
		assert_int_equal(fc.last_deadline, 1000 + 3 * tab[i].div);
	}
}

static void test_bus_clock_is_tsc_divided_by_tsc_per_bus_tick(void **s)
{
	(void)s;
	fc.vm.cfg.tsc_per_bus_tick = 4;
	assert_int_equal(vlapic_timer_hz(A), 250000000ull);
	TSC(0);
	fc_write(A, APIC_OFF_TIMER_DCR, 0xB);
	fc_write(A, APIC_OFF_LVT_TIMER, LVT_ONE_SHOT);
	fc_write(A, APIC_OFF_TIMER_ICR, 25);
	assert_int_equal(fc.last_deadline, 100);
	TSC(40);
	assert_int_equal(fc_read(A, APIC_OFF_TIMER_CCR), 15);
}

static void test_initial_count_zero_stops_timer_11_5_4(void **s)
{
	(void)s;
	TSC(0);
	fc_write(A, APIC_OFF_LVT_TIMER, LVT_PERIODIC);
	fc_write(A, APIC_OFF_TIMER_ICR, 10);
	assert_int_equal(fc.cancels, 0);
	fc_write(A, APIC_OFF_TIMER_ICR, 0);
	assert_int_equal(fc.cancels, 1);
	assert_int_equal(fc_read(A, APIC_OFF_TIMER_CCR), 0);
	assert_int_equal(vlapic_timer_expired(A), -HV_ENOENT);
}

static void test_masked_timer_counts_without_interrupt_11_5_1(void **s)
{
	(void)s;
	TSC(0);
	fc_write(A, APIC_OFF_TIMER_DCR, 0xB);
	fc_write(A, APIC_OFF_LVT_TIMER, LVT_PERIODIC | APIC_LVT_MASKED);
	fc_write(A, APIC_OFF_TIMER_ICR, 10);
	TSC(10);
	assert_int_equal(vlapic_timer_expired(A), 0);
	assert_false(fc_irr(A, 0x40));
	assert_int_equal(fc.last_deadline, 20);
	fc_write(A, APIC_OFF_LVT_TIMER, LVT_PERIODIC);
	TSC(20);
	assert_int_equal(vlapic_timer_expired(A), 0);
	assert_true(fc_irr(A, 0x40));
}

static void test_divide_change_keeps_elapsed_count(void **s)
{
	(void)s;
	TSC(0);
	fc_write(A, APIC_OFF_LVT_TIMER, LVT_ONE_SHOT);
	fc_write(A, APIC_OFF_TIMER_ICR, 100); /* /2: deadline 200 */
	TSC(100);                             /* 50 counts done */
	fc_write(A, APIC_OFF_TIMER_DCR, 0xB); /* /1 for the other 50 */
	assert_int_equal(fc.last_deadline, 150);
	TSC(120);
	assert_int_equal(fc_read(A, APIC_OFF_TIMER_CCR), 30);
}

static void test_one_shot_to_periodic_change_keeps_counting(void **s)
{
	(void)s;
	TSC(0);
	fc_write(A, APIC_OFF_TIMER_DCR, 0xB);
	fc_write(A, APIC_OFF_LVT_TIMER, LVT_ONE_SHOT);
	fc_write(A, APIC_OFF_TIMER_ICR, 10);
	fc_write(A, APIC_OFF_LVT_TIMER, LVT_PERIODIC);
	assert_int_equal(fc.cancels, 0);
	TSC(10);
	assert_int_equal(vlapic_timer_expired(A), 0);
	assert_int_equal(fc.last_deadline, 20); /* reloaded as periodic */
}

static void test_tsc_deadline_mode_11_5_4_1(void **s)
{
	(void)s;
	uint64_t v;
	TSC(1000);
	fc_write(A, APIC_OFF_LVT_TIMER, LVT_DEADLINE);
	fc_write(A, APIC_OFF_TIMER_ICR, 77); /* ignored in TSC-deadline mode */
	assert_int_equal(fc_read(A, APIC_OFF_TIMER_ICR), 0);
	assert_int_equal(fc.arms, 0);
	assert_int_equal(vlapic_wrmsr(A, IA32_TSC_DEADLINE, 5000), 0);
	assert_int_equal(fc.last_deadline, 5000);
	assert_int_equal(vlapic_rdmsr(A, IA32_TSC_DEADLINE, &v), 0);
	assert_int_equal(v, 5000);
	assert_int_equal(fc_read(A, APIC_OFF_TIMER_CCR), 0);
	TSC(5000);
	assert_int_equal(vlapic_timer_expired(A), 0);
	assert_true(fc_irr(A, 0x40));
	assert_int_equal(vlapic_rdmsr(A, IA32_TSC_DEADLINE, &v), 0);
	assert_int_equal(v, 0); /* cleared when it fires */
	assert_int_equal(vlapic_timer_expired(A), -HV_ENOENT);
}

static void test_tsc_deadline_in_past_fires_at_once_and_zero_disarms_11_5_4_1(void **s)
{
	(void)s;
	uint64_t v;
	TSC(1000);
	fc_write(A, APIC_OFF_LVT_TIMER, LVT_DEADLINE);
	assert_int_equal(vlapic_wrmsr(A, IA32_TSC_DEADLINE, 999), 0);
	assert_true(fc_irr(A, 0x40));
	assert_int_equal(fc.arms, 0);
	assert_int_equal(vlapic_rdmsr(A, IA32_TSC_DEADLINE, &v), 0);
	assert_int_equal(v, 0);
	assert_int_equal(vlapic_wrmsr(A, IA32_TSC_DEADLINE, 3000), 0);
	assert_int_equal(fc.arms, 1);
	assert_int_equal(vlapic_wrmsr(A, IA32_TSC_DEADLINE, 0), 0);
	assert_int_equal(fc.cancels, 1);
	assert_int_equal(vlapic_timer_expired(A), -HV_ENOENT);
}

static void test_tsc_deadline_uses_guest_tsc_offset(void **s)
{
	(void)s;
	vlapic_set_tsc_offset(A, 1000); /* guest TSC = host + 1000 */
	TSC(100);
	fc_write(A, APIC_OFF_LVT_TIMER, LVT_DEADLINE);
	assert_int_equal(vlapic_wrmsr(A, IA32_TSC_DEADLINE, 6000), 0);
	assert_int_equal(fc.last_deadline, 5000);
	/* guest time 1050 is in the past for the guest: fires at once */
	assert_int_equal(vlapic_wrmsr(A, IA32_TSC_DEADLINE, 1050), 0);
	assert_true(fc_irr(A, 0x40));
}

/* SDM 17.17: a WRMSR to IA32_TSC moves the TSC under an armed deadline; the deadline stays in
 * guest TSC and the host timer follows. */
static void test_tsc_offset_change_rearms_deadline_17_17(void **s)
{
	(void)s;
	uint64_t v;
	TSC(100);
	fc_write(A, APIC_OFF_LVT_TIMER, LVT_DEADLINE);
	assert_int_equal(vlapic_wrmsr(A, IA32_TSC_DEADLINE, 6000), 0);
	assert_int_equal(fc.last_deadline, 6000);
	vlapic_set_tsc_offset(A, 2000); /* guest TSC jumped forward by 2000 */
	assert_int_equal(fc.last_deadline, 4000);
	assert_int_equal(vlapic_rdmsr(A, IA32_TSC_DEADLINE, &v), 0);
	assert_int_equal(v, 6000);
	vlapic_set_tsc_offset(A, 10000); /* now past the deadline: fires */
	assert_true(fc_irr(A, 0x40));
}

static void test_tsc_deadline_msr_ignored_outside_deadline_mode_11_5_4_1(void **s)
{
	(void)s;
	uint64_t v;
	TSC(0);
	fc_write(A, APIC_OFF_LVT_TIMER, LVT_ONE_SHOT);
	assert_int_equal(vlapic_wrmsr(A, IA32_TSC_DEADLINE, 5000), 0);
	assert_int_equal(fc.arms, 0);
	assert_int_equal(vlapic_rdmsr(A, IA32_TSC_DEADLINE, &v), 0);
	assert_int_equal(v, 0);
}

static void test_mode_change_to_or_from_deadline_disarms_11_5_4_1(void **s)
{
	(void)s;
	uint64_t v;
	TSC(0);
	fc_write(A, APIC_OFF_LVT_TIMER, LVT_DEADLINE);
	assert_int_equal(vlapic_wrmsr(A, IA32_TSC_DEADLINE, 500), 0);
	fc_write(A, APIC_OFF_LVT_TIMER, LVT_ONE_SHOT);
	assert_int_equal(fc.cancels, 1);
	assert_int_equal(vlapic_timer_expired(A), -HV_ENOENT);
	fc_write(A, APIC_OFF_LVT_TIMER, LVT_DEADLINE);
	assert_int_equal(vlapic_rdmsr(A, IA32_TSC_DEADLINE, &v), 0);
	assert_int_equal(v, 0);
	fc_write(A, APIC_OFF_LVT_TIMER, LVT_ONE_SHOT);
	fc_write(A, APIC_OFF_TIMER_ICR, 50);
	fc_write(A, APIC_OFF_LVT_TIMER, LVT_DEADLINE);
	assert_int_equal(fc.cancels, 2); /* the running one-shot count was disarmed */
	assert_int_equal(vlapic_timer_expired(A), -HV_ENOENT);
}

static void test_disable_and_destroy_cancel_the_host_timer(void **s)
{
	(void)s;
	TSC(0);
	fc_write(A, APIC_OFF_LVT_TIMER, LVT_PERIODIC);
	fc_write(A, APIC_OFF_TIMER_ICR, 10);
	assert_int_equal(vlapic_wrmsr(A, IA32_APIC_BASE, APIC_BASE_DEFAULT), 0);
	assert_int_equal(fc.cancels, 1);
	assert_int_equal(vlapic_wrmsr(A, IA32_APIC_BASE, APIC_BASE_DEFAULT | APIC_BASE_EN), 0);
	fc_write(A, APIC_OFF_SVR, 0x1FF);
	fc_write(A, APIC_OFF_LVT_TIMER, LVT_PERIODIC);
	fc_write(A, APIC_OFF_TIMER_ICR, 10);
	vlapic_destroy(A);
	assert_int_equal(fc.cancels, 2);
	fc.n = 0;
	assert_int_equal(host_platform_pages_in_use, 0);
}

int main(void)
{
#define T(f) cmocka_unit_test_setup_teardown(f, setup, teardown)
	const struct CMUnitTest tests[] = {
		T(test_one_shot_counts_down_and_fires_once_11_5_4),
		T(test_expiry_before_deadline_rearms_without_interrupt),
		T(test_periodic_reloads_and_skips_missed_periods_11_5_4),
		T(test_periodic_period_has_a_floor),
		T(test_divide_configuration_values_11_5_4),
		T(test_bus_clock_is_tsc_divided_by_tsc_per_bus_tick),
		T(test_initial_count_zero_stops_timer_11_5_4),
		T(test_masked_timer_counts_without_interrupt_11_5_1),
		T(test_divide_change_keeps_elapsed_count),
		T(test_one_shot_to_periodic_change_keeps_counting),
		T(test_tsc_deadline_mode_11_5_4_1),
		T(test_tsc_deadline_in_past_fires_at_once_and_zero_disarms_11_5_4_1),
		T(test_tsc_deadline_uses_guest_tsc_offset),
		T(test_tsc_offset_change_rearms_deadline_17_17),
		T(test_tsc_deadline_msr_ignored_outside_deadline_mode_11_5_4_1),
		T(test_mode_change_to_or_from_deadline_disarms_11_5_4_1),
		T(test_disable_and_destroy_cancel_the_host_timer),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}

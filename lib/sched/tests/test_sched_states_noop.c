/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Entity states with the noop policy: pause, resume, kill, remove, a halt undone before the switch, kicks and
 * running time. Built twice, against the framework with noop and against the one-entity framework
 * (src/sched_single.c), so both give the same answers.
 */
#include "sched_test.h"
#include <sched/sched_noop.h>

static int setup(void **state)
{
	(void)state;
	host_platform_reset();
	return 0;
}

static void one_vcpu(struct sched_pcpu *p, struct vcpu *a, unsigned int cpu)
{
	vcpu_init(a, 0, NULL);
	assert_int_equal(sched_pcpu_init(p, cpu, &sched_noop_ops, NULL), 0);
	host_platform_cpu = cpu;
}

static void pause_holds_the_entity_and_remembers_wakes(void **state)
{
	(void)state;
	struct sched_pcpu p = {0};
	struct vcpu a;
	one_vcpu(&p, &a, 0);
	add_and_wake(&p, &a);
	check_pause_remembers_wakes(&p, &a);
}

static void halt_then_wake_before_the_switch_keeps_running(void **state)
{
	(void)state;
	struct sched_pcpu p = {0};
	struct vcpu a;
	one_vcpu(&p, &a, 0);
	add_and_wake(&p, &a);
	assert_ptr_equal(sched_pick_next(&p, NULL), &a.se);
	assert_int_equal(sched_sleep(&a.se, NULL), 0);
	assert_int_equal(sched_wake(&a.se, NULL), 0);
	assert_int_equal(sched_entity_state(&a.se), SCHED_RUNNING);
	assert_ptr_equal(sched_pick_next(&p, NULL), &a.se);
	assert_int_equal(p.switches, 1);
}

static void remote_changes_kick_once_and_dead_is_final(void **state)
{
	(void)state;
	struct sched_pcpu p = {0};
	struct vcpu a;
	bool kick = false;
	one_vcpu(&p, &a, 2);
	add_and_wake(&p, &a);
	assert_ptr_equal(sched_pick_next(&p, NULL), &a.se);
	host_platform_cpu = 1;
	assert_int_equal(sched_pause(&a.se, &kick), 0);
	assert_true(kick);
	assert_int_equal(sched_kill(&a.se, &kick), 0);
	assert_false(kick); /* the first request is still pending */
	assert_int_equal(sched_entity_state(&a.se), SCHED_DEAD);
	assert_int_equal(sched_wake(&a.se, &kick), -HV_EPERM);
	host_platform_cpu = 2;
	assert_null(sched_pick_next(&p, NULL));
	assert_int_equal(sched_remove(&p, &a.se), 0);
	assert_int_equal(sched_entity_state(&a.se), SCHED_DEAD);
	assert_int_equal(sched_add(&p, &a.se), -HV_EPERM);
	assert_int_equal(sched_wake(&a.se, NULL), -HV_ENOENT);
}

static void remove_of_the_running_entity_asks_to_repick(void **state)
{
	(void)state;
	struct sched_pcpu p = {0}, q = {0};
	struct vcpu a;
	one_vcpu(&p, &a, 0);
	assert_int_equal(sched_pcpu_init(&q, 1, &sched_noop_ops, NULL), 0);
	add_and_wake(&p, &a);
	assert_int_equal(sched_remove(&q, &a.se), -HV_ENOENT);
	assert_int_equal(sched_add(&q, &a.se), -HV_EBUSY);
	assert_ptr_equal(sched_pick_next(&p, NULL), &a.se);
	assert_int_equal(sched_pcpu_init(&p, 0, &sched_noop_ops, NULL), -HV_EBUSY);
	assert_int_equal(sched_remove(&p, &a.se), 0);
	assert_null(p.current);
	assert_true(sched_need_resched(&p));
	assert_null(sched_pick_next(&p, NULL));
	assert_int_equal(sched_entity_state(&a.se), SCHED_DETACHED);
	assert_int_equal(p.nr_entities, 0);
	assert_int_equal(sched_remove(&p, &a.se), -HV_ENOENT);
}

static void running_time_is_charged_while_it_runs(void **state)
{
	(void)state;
	struct sched_pcpu p = {0};
	struct vcpu a;
	one_vcpu(&p, &a, 0);
	add_and_wake(&p, &a);
	at(100);
	assert_ptr_equal(sched_pick_next(&p, NULL), &a.se);
	at(400);
	assert_false(sched_tick(&p, NULL));
	assert_int_equal(a.se.runtime, 300);
	assert_int_equal(sched_sleep(&a.se, NULL), 0);
	assert_null(sched_pick_next(&p, NULL));
	at(1000);
	assert_false(sched_tick(&p, NULL));
	assert_int_equal(a.se.runtime, 300);
	assert_int_equal(sched_yield_current(&p), -HV_ENOENT);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup(pause_holds_the_entity_and_remembers_wakes, setup),
		cmocka_unit_test_setup(halt_then_wake_before_the_switch_keeps_running, setup),
		cmocka_unit_test_setup(remote_changes_kick_once_and_dead_is_final, setup),
		cmocka_unit_test_setup(remove_of_the_running_entity_asks_to_repick, setup),
		cmocka_unit_test_setup(running_time_is_charged_while_it_runs, setup),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}

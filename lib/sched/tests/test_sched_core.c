/* SPDX-License-Identifier: BSD-3-Clause */
/* The framework's rules: states, refusals, accounting, need-resched and cross-CPU kicks (run on rr and noop). */
#include "sched_test.h"
#include <sched/sched_noop.h>
#include <sched/sched_rr.h>

static const struct sched_rr_args rr_args = {.slice = 1000};

static int setup(void **state)
{
	(void)state;
	host_platform_reset();
	return 0;
}

static void pcpu_init_refuses_missing_ops_and_bad_args(void **state)
{
	(void)state;
	struct sched_pcpu p;
	memset(&p, 0, sizeof(p));
	assert_int_equal(sched_pcpu_init(&p, 0, NULL, NULL), -HV_EINVAL);
	struct sched_ops partial = sched_rr_ops;
	partial.tick = NULL;
	assert_int_equal(sched_pcpu_init(&p, 0, &partial, &rr_args), -HV_EINVAL);
	assert_null(p.ops);
	struct sched_rr_args zero = {.slice = 0};
	assert_int_equal(sched_pcpu_init(&p, 0, &sched_rr_ops, &zero), -HV_EINVAL);
	assert_null(p.ops);
	assert_int_equal(sched_pcpu_init(&p, 3, &sched_rr_ops, &rr_args), 0);
	assert_ptr_equal(p.ops, &sched_rr_ops);
	assert_int_equal(p.cpu, 3);
	assert_int_equal(p.slice, 1000);
}

static void pcpu_init_refuses_a_pcpu_that_still_holds_entities(void **state)
{
	(void)state;
	struct sched_pcpu p = {0};
	struct vcpu a;
	vcpu_init(&a, 0, NULL);
	assert_int_equal(sched_pcpu_init(&p, 0, &sched_rr_ops, &rr_args), 0);
	assert_int_equal(sched_add(&p, &a.se), 0);
	assert_int_equal(sched_pcpu_init(&p, 0, &sched_noop_ops, NULL), -HV_EBUSY);
	assert_ptr_equal(p.ops, &sched_rr_ops);
	assert_ptr_equal(a.se.pcpu, &p);
}

static void added_entity_starts_blocked_and_runs_only_after_wake(void **state)
{
	(void)state;
	struct sched_pcpu p = {0};
	struct vcpu a;
	vcpu_init(&a, 0, NULL);
	assert_int_equal(sched_entity_state(&a.se), SCHED_DETACHED);
	assert_int_equal(sched_pcpu_init(&p, 0, &sched_rr_ops, &rr_args), 0);
	assert_int_equal(sched_add(&p, &a.se), 0);
	assert_int_equal(sched_entity_state(&a.se), SCHED_BLOCKED);
	assert_null(sched_pick_next(&p, NULL));
	assert_int_equal(sched_wake(&a.se, NULL), 0);
	assert_int_equal(sched_entity_state(&a.se), SCHED_RUNNABLE);
	assert_ptr_equal(sched_pick_next(&p, NULL), &a.se);
	assert_int_equal(sched_entity_state(&a.se), SCHED_RUNNING);
	assert_ptr_equal(p.current, &a.se);
}

static void add_refuses_dead_entity_and_entity_on_another_pcpu(void **state)
{
	(void)state;
	struct sched_pcpu p = {0}, q = {0};
	struct vcpu a, b;
	vcpu_init(&a, 0, NULL);
	vcpu_init(&b, 1, NULL);
	assert_int_equal(sched_pcpu_init(&p, 0, &sched_rr_ops, &rr_args), 0);
	assert_int_equal(sched_pcpu_init(&q, 1, &sched_rr_ops, &rr_args), 0);
	add_and_wake(&p, &a);
	assert_int_equal(sched_kill(&a.se, NULL), 0);
	assert_int_equal(sched_entity_state(&a.se), SCHED_DEAD);
	assert_int_equal(sched_remove(&p, &a.se), 0);
	assert_int_equal(sched_entity_state(&a.se), SCHED_DEAD); /* removal does not resurrect */
	assert_int_equal(sched_add(&q, &a.se), -HV_EPERM);
	assert_null(a.se.pcpu);
	assert_int_equal(q.nr_entities, 0);

	assert_int_equal(sched_add(&p, &b.se), 0);
	assert_int_equal(sched_add(&q, &b.se), -HV_EBUSY);
	assert_int_equal(sched_add(&p, &b.se), -HV_EBUSY);
	assert_ptr_equal(b.se.pcpu, &p);
	assert_int_equal(p.nr_entities, 1);
	assert_int_equal(q.nr_entities, 0);
	assert_int_equal(sched_add(NULL, &b.se), -HV_EINVAL);
}

static void remove_refuses_entity_not_on_the_pcpu(void **state)
{
	(void)state;
	struct sched_pcpu p = {0}, q = {0};
	struct vcpu a, b;
	vcpu_init(&a, 0, NULL);
	vcpu_init(&b, 1, NULL);
	assert_int_equal(sched_pcpu_init(&p, 0, &sched_rr_ops, &rr_args), 0);
	assert_int_equal(sched_pcpu_init(&q, 1, &sched_rr_ops, &rr_args), 0);
	add_and_wake(&p, &a);
	assert_int_equal(sched_remove(&q, &a.se), -HV_ENOENT);
	assert_int_equal(sched_remove(&p, &b.se), -HV_ENOENT); /* detached */
	assert_ptr_equal(a.se.pcpu, &p);
	assert_int_equal(sched_entity_state(&a.se), SCHED_RUNNABLE);
	assert_int_equal(p.nr_entities, 1);
	assert_ptr_equal(sched_pick_next(&p, NULL), &a.se);
	assert_int_equal(sched_remove(&p, &a.se), 0);
	assert_int_equal(sched_entity_state(&a.se), SCHED_DETACHED);
	assert_int_equal(sched_remove(&p, &a.se), -HV_ENOENT); /* twice */
	/* a removed entity can join another pcpu (migration) */
	assert_int_equal(sched_add(&q, &a.se), 0);
}

static void state_changes_refuse_detached_and_dead_entities(void **state)
{
	(void)state;
	struct sched_pcpu p = {0};
	struct vcpu a;
	vcpu_init(&a, 0, NULL);
	bool kick = true;
	assert_int_equal(sched_wake(&a.se, &kick), -HV_ENOENT);
	assert_false(kick);
	assert_int_equal(sched_sleep(&a.se, NULL), -HV_ENOENT);
	assert_int_equal(sched_pause(&a.se, NULL), -HV_ENOENT);
	assert_int_equal(sched_resume(&a.se, NULL), -HV_ENOENT);
	assert_int_equal(sched_kill(&a.se, NULL), -HV_ENOENT);
	assert_int_equal(sched_wake(NULL, NULL), -HV_EINVAL);
	assert_int_equal(sched_pcpu_init(&p, 0, &sched_rr_ops, &rr_args), 0);
	assert_int_equal(sched_add(&p, &a.se), 0);
	assert_int_equal(sched_kill(&a.se, NULL), 0);
	assert_int_equal(sched_wake(&a.se, NULL), -HV_EPERM);
	assert_int_equal(sched_resume(&a.se, NULL), -HV_EPERM);
	assert_int_equal(sched_sleep(&a.se, NULL), -HV_EPERM);
	assert_int_equal(sched_kill(&a.se, NULL), -HV_EPERM);
	assert_int_equal(sched_entity_state(&a.se), SCHED_DEAD);
	assert_null(sched_pick_next(&p, NULL));
}

static void pause_holds_an_entity_and_remembers_wakes_until_resume(void **state)
{
	(void)state;
	struct sched_pcpu p = {0};
	struct vcpu a;
	vcpu_init(&a, 0, NULL);
	assert_int_equal(sched_pcpu_init(&p, 0, &sched_rr_ops, &rr_args), 0);
	add_and_wake(&p, &a);
	check_pause_remembers_wakes(&p, &a);
}

static void wake_and_sleep_are_idempotent(void **state)
{
	(void)state;
	struct sched_pcpu p = {0};
	struct vcpu a, b;
	vcpu_init(&a, 0, NULL);
	vcpu_init(&b, 1, NULL);
	assert_int_equal(sched_pcpu_init(&p, 0, &sched_rr_ops, &rr_args), 0);
	add_and_wake(&p, &a);
	add_and_wake(&p, &b);
	assert_int_equal(sched_wake(&b.se, NULL), 0); /* a second wake must not queue it twice */
	assert_int_equal(pick_id(&p), 0);
	assert_int_equal(sched_sleep(&a.se, NULL), 0);
	assert_int_equal(sched_sleep(&a.se, NULL), 0);
	assert_int_equal(pick_id(&p), 1);
	assert_int_equal(sched_sleep(&b.se, NULL), 0);
	assert_null(sched_pick_next(&p, NULL));
}

static void halt_then_wake_before_switching_keeps_running(void **state)
{
	(void)state;
	struct sched_pcpu p = {0};
	struct vcpu a, b;
	vcpu_init(&a, 0, NULL);
	vcpu_init(&b, 1, NULL);
	assert_int_equal(sched_pcpu_init(&p, 0, &sched_rr_ops, &rr_args), 0);
	add_and_wake(&p, &a);
	add_and_wake(&p, &b);
	assert_int_equal(pick_id(&p), 0);
	/* HLT exit with an interrupt arriving before the pcpu switched away */
	assert_int_equal(sched_sleep(&a.se, NULL), 0);
	assert_int_equal(sched_wake(&a.se, NULL), 0);
	assert_int_equal(sched_entity_state(&a.se), SCHED_RUNNING);
	assert_int_equal(pick_id(&p), 0); /* its slice is not over */
	at(1000);
	assert_int_equal(pick_id(&p), 1);
	at(2000);
	assert_int_equal(pick_id(&p), 0); /* a was queued exactly once */
	at(3000);
	assert_int_equal(pick_id(&p), 1);
}

static void remote_wake_of_idle_pcpu_asks_for_a_kick_local_does_not(void **state)
{
	(void)state;
	struct sched_pcpu p = {0};
	struct vcpu a;
	vcpu_init(&a, 0, NULL);
	assert_int_equal(sched_pcpu_init(&p, 2, &sched_noop_ops, NULL), 0);
	assert_int_equal(sched_add(&p, &a.se), 0);
	bool kick = false;
	host_platform_cpu = 0; /* another CPU wakes a vCPU of pcpu 2 */
	assert_int_equal(sched_wake(&a.se, &kick), 0);
	assert_true(kick);
	assert_true(sched_need_resched(&p));
	host_platform_cpu = 2;
	assert_ptr_equal(sched_pick_next(&p, NULL), &a.se);
	assert_false(sched_need_resched(&p));
	/* the pcpu blocks its own vCPU: reschedule, no IPI */
	assert_int_equal(sched_sleep(&a.se, &kick), 0);
	assert_false(kick);
	assert_true(sched_need_resched(&p));
	assert_null(sched_pick_next(&p, NULL));
	/* a remote pause of the running vCPU kicks; a second request while pending does not */
	assert_int_equal(sched_wake(&a.se, NULL), 0);
	assert_ptr_equal(sched_pick_next(&p, NULL), &a.se);
	host_platform_cpu = 1;
	assert_int_equal(sched_pause(&a.se, &kick), 0);
	assert_true(kick);
	assert_int_equal(sched_kill(&a.se, &kick), 0);
	assert_false(kick);
}

static void remove_of_current_entity_requests_reschedule(void **state)
{
	(void)state;
	struct sched_pcpu p = {0};
	struct vcpu a;
	vcpu_init(&a, 0, NULL);
	assert_int_equal(sched_pcpu_init(&p, 0, &sched_noop_ops, NULL), 0);
	add_and_wake(&p, &a);
	assert_ptr_equal(sched_pick_next(&p, NULL), &a.se);
	assert_int_equal(sched_remove(&p, &a.se), 0);
	assert_null(p.current);
	assert_true(sched_need_resched(&p));
	assert_null(sched_pick_next(&p, NULL));
	assert_int_equal(p.nr_entities, 0);
}

static void running_time_is_charged_to_the_running_entity_only(void **state)
{
	(void)state;
	struct sched_pcpu p = {0};
	struct vcpu a;
	vcpu_init(&a, 0, NULL);
	at(100);
	assert_int_equal(sched_pcpu_init(&p, 0, &sched_noop_ops, NULL), 0);
	add_and_wake(&p, &a);
	at(200);
	assert_ptr_equal(sched_pick_next(&p, NULL), &a.se);
	at(450);
	assert_false(sched_tick(&p, NULL));
	assert_int_equal(a.se.runtime, 250);
	assert_int_equal(sched_sleep(&a.se, NULL), 0);
	at(1000); /* blocked: not charged */
	assert_null(sched_pick_next(&p, NULL));
	at(5000);
	assert_int_equal(sched_wake(&a.se, NULL), 0);
	assert_ptr_equal(sched_pick_next(&p, NULL), &a.se);
	at(5010);
	sched_tick(&p, NULL);
	assert_int_equal(a.se.runtime, 260);
}

static void yield_refuses_when_nothing_runs(void **state)
{
	(void)state;
	struct sched_pcpu p = {0};
	assert_int_equal(sched_pcpu_init(&p, 0, &sched_rr_ops, &rr_args), 0);
	assert_int_equal(sched_yield_current(&p), -HV_ENOENT);
	assert_int_equal(sched_yield_current(NULL), -HV_EINVAL);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup(pcpu_init_refuses_missing_ops_and_bad_args, setup),
		cmocka_unit_test_setup(pcpu_init_refuses_a_pcpu_that_still_holds_entities, setup),
		cmocka_unit_test_setup(added_entity_starts_blocked_and_runs_only_after_wake, setup),
		cmocka_unit_test_setup(add_refuses_dead_entity_and_entity_on_another_pcpu, setup),
		cmocka_unit_test_setup(remove_refuses_entity_not_on_the_pcpu, setup),
		cmocka_unit_test_setup(state_changes_refuse_detached_and_dead_entities, setup),
		cmocka_unit_test_setup(pause_holds_an_entity_and_remembers_wakes_until_resume, setup),
		cmocka_unit_test_setup(wake_and_sleep_are_idempotent, setup),
		cmocka_unit_test_setup(halt_then_wake_before_switching_keeps_running, setup),
		cmocka_unit_test_setup(remote_wake_of_idle_pcpu_asks_for_a_kick_local_does_not, setup),
		cmocka_unit_test_setup(remove_of_current_entity_requests_reschedule, setup),
		cmocka_unit_test_setup(running_time_is_charged_to_the_running_entity_only, setup),
		cmocka_unit_test_setup(yield_refuses_when_nothing_runs, setup),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}

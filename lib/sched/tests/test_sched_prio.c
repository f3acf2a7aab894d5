/* SPDX-License-Identifier: BSD-3-Clause */
/* Strict priority: higher levels always win, a higher wake preempts, round-robin within a level. */
#include "sched_test.h"
#include <sched/sched_prio.h>

#define SLICE 1000u

static const struct sched_prio_args args = {.slice = SLICE};

static int setup(void **state)
{
	(void)state;
	host_platform_reset();
	return 0;
}

static void add_prio(struct sched_pcpu *p, struct vcpu *v, unsigned int id, uint32_t prio)
{
	struct sched_params s = {.priority = prio};
	vcpu_init(v, id, &s);
	add_and_wake(p, v);
}

static void prio_refuses_bad_slice_and_priority(void **state)
{
	(void)state;
	struct sched_pcpu p = {0};
	struct sched_prio_args bad = {.slice = 0};
	assert_int_equal(sched_pcpu_init(&p, 0, &sched_prio_ops, &bad), -HV_EINVAL);
	assert_int_equal(sched_pcpu_init(&p, 0, &sched_prio_ops, &args), 0);
	struct sched_params s = {.priority = SCHED_PRIO_MAX + 1};
	struct vcpu v;
	vcpu_init(&v, 0, &s);
	assert_int_equal(sched_add(&p, &v.se), -HV_EINVAL);
	assert_null(v.se.pcpu);
	assert_int_equal(p.nr_entities, 0);
	v.se.params.priority = SCHED_PRIO_MAX;
	assert_int_equal(sched_add(&p, &v.se), 0);
}

static void prio_lower_level_never_runs_while_a_higher_one_is_runnable(void **state)
{
	(void)state;
	struct sched_pcpu p = {0};
	struct vcpu lo, hi;
	assert_int_equal(sched_pcpu_init(&p, 0, &sched_prio_ops, &args), 0);
	add_prio(&p, &lo, 0, 1);
	add_prio(&p, &hi, 1, 5);
	uint64_t dl;
	assert_int_equal(id_of(sched_pick_next(&p, &dl)), 1);
	assert_int_equal(dl, SCHED_NO_DEADLINE); /* no peer at its level: no timer */
	at(100 * SLICE);
	assert_false(sched_tick(&p, NULL));
	assert_int_equal(sched_yield_current(&p), 0); /* yielding does not hand the CPU to a lower level */
	assert_int_equal(pick_id(&p), 1);
	assert_int_equal(lo.se.runtime, 0);
	assert_int_equal(sched_sleep(&hi.se, NULL), 0);
	assert_int_equal(pick_id(&p), 0);
}

static void prio_wake_of_a_higher_level_preempts_at_once(void **state)
{
	(void)state;
	struct sched_pcpu p = {0};
	struct vcpu lo1, lo2, hi;
	assert_int_equal(sched_pcpu_init(&p, 0, &sched_prio_ops, &args), 0);
	add_prio(&p, &lo1, 0, 1);
	add_prio(&p, &lo2, 1, 1);
	struct sched_params s = {.priority = 9};
	vcpu_init(&hi, 2, &s);
	assert_int_equal(sched_add(&p, &hi.se), 0);
	assert_int_equal(pick_id(&p), 0);
	at(300); /* mid-slice */
	host_platform_cpu = 1; /* e.g. an interrupt for hi taken on another CPU */
	bool kick = false;
	assert_int_equal(sched_wake(&hi.se, &kick), 0);
	assert_true(kick);
	host_platform_cpu = 0;
	assert_true(sched_need_resched(&p));
	assert_int_equal(pick_id(&p), 2);
	at(400);
	assert_int_equal(sched_sleep(&hi.se, NULL), 0);
	/* the preempted entity keeps its place at the head of its level */
	assert_int_equal(pick_id(&p), 0);
}

static void prio_wake_of_an_equal_or_lower_level_does_not_preempt(void **state)
{
	(void)state;
	struct sched_pcpu p = {0};
	struct vcpu a, b, c;
	assert_int_equal(sched_pcpu_init(&p, 0, &sched_prio_ops, &args), 0);
	add_prio(&p, &a, 0, 4);
	struct sched_params lower = {.priority = 2}, equal = {.priority = 4};
	vcpu_init(&b, 1, &lower);
	vcpu_init(&c, 2, &equal);
	assert_int_equal(sched_add(&p, &b.se), 0);
	assert_int_equal(sched_add(&p, &c.se), 0);
	assert_int_equal(pick_id(&p), 0);
	assert_int_equal(sched_wake(&b.se, NULL), 0);
	assert_false(sched_need_resched(&p));
	/* an equal peer does not preempt but makes the lone runner arm its slice timer */
	assert_int_equal(sched_wake(&c.se, NULL), 0);
	uint64_t dl;
	assert_int_equal(id_of(sched_pick_next(&p, &dl)), 0);
	assert_int_equal(dl, SLICE);
	at(SLICE);
	assert_true(sched_tick(&p, NULL));
	assert_int_equal(pick_id(&p), 2);
}

static void prio_round_robin_within_a_level(void **state)
{
	(void)state;
	struct sched_pcpu p = {0};
	struct vcpu v[4];
	assert_int_equal(sched_pcpu_init(&p, 0, &sched_prio_ops, &args), 0);
	for (unsigned int i = 0; i < 3; i++)
		add_prio(&p, &v[i], i, 7);
	add_prio(&p, &v[3], 3, 6);
	unsigned int turns[4] = {0};
	unsigned int picks = simulate(&p, 300ull * SLICE, turns, 4);
	assert_int_equal(picks, 300);
	for (unsigned int i = 0; i < 3; i++)
		assert_int_equal(turns[i], 100);
	assert_int_equal(turns[3], 0);
	assert_int_equal(v[3].se.runtime, 0);
	/* and in FIFO order */
	assert_int_equal(pick_id(&p), 0);
	at(301ull * SLICE);
	assert_true(sched_tick(&p, NULL));
	assert_int_equal(pick_id(&p), 1);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup(prio_refuses_bad_slice_and_priority, setup),
		cmocka_unit_test_setup(prio_lower_level_never_runs_while_a_higher_one_is_runnable, setup),
		cmocka_unit_test_setup(prio_wake_of_a_higher_level_preempts_at_once, setup),
		cmocka_unit_test_setup(prio_wake_of_an_equal_or_lower_level_does_not_preempt, setup),
		cmocka_unit_test_setup(prio_round_robin_within_a_level, setup),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}

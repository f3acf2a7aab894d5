/* SPDX-License-Identifier: BSD-3-Clause */
/* Round-robin: equal turns, yield and block go to the tail, wakes join the tail, removal of the current entity. */
#include "sched_test.h"
#include <sched/sched_rr.h>

#define SLICE 1000u

static const struct sched_rr_args args = {.slice = SLICE};

struct rr_fixture {
	struct sched_pcpu p;
	struct vcpu v[3];
};

static int setup(void **state)
{
	host_platform_reset();
	static struct rr_fixture f;
	memset(&f, 0, sizeof(f));
	assert_int_equal(sched_pcpu_init(&f.p, 0, &sched_rr_ops, &args), 0);
	for (unsigned int i = 0; i < 3; i++) {
		vcpu_init(&f.v[i], i, NULL);
		add_and_wake(&f.p, &f.v[i]);
	}
	*state = &f;
	return 0;
}

static void rr_refuses_zero_and_oversized_slices(void **state)
{
	(void)state;
	struct sched_pcpu p = {0};
	struct sched_rr_args bad = {.slice = 0};
	assert_int_equal(sched_pcpu_init(&p, 0, &sched_rr_ops, &bad), -HV_EINVAL);
	bad.slice = SCHED_DURATION_MAX + 1;
	assert_int_equal(sched_pcpu_init(&p, 0, &sched_rr_ops, &bad), -HV_EINVAL);
	assert_null(p.ops);
	/* NULL args: 10 ms of the TSC frequency */
	assert_int_equal(sched_pcpu_init(&p, 0, &sched_rr_ops, NULL), 0);
	assert_int_equal(p.slice, plat_tsc_hz() / 100);
}

static void rr_gives_each_of_three_entities_a_third_of_the_slices(void **state)
{
	struct rr_fixture *f = *state;
	for (unsigned int n = 299; n <= 301; n++) {
		unsigned int turns[3] = {0};
		uint64_t start = host_platform_tsc_value;
		unsigned int picks = simulate(&f->p, start + (uint64_t)n * SLICE, turns, 3);
		assert_int_equal(picks, n);
		for (unsigned int i = 0; i < 3; i++) {
			assert_true(turns[i] + 1 >= n / 3 && turns[i] <= n / 3 + 1);
		}
	}
	/* and the time itself: 900 slices in all, each entity within one slice of a third */
	uint64_t total = f->v[0].se.runtime + f->v[1].se.runtime + f->v[2].se.runtime;
	assert_int_equal(total, 900ull * SLICE);
	for (unsigned int i = 0; i < 3; i++) {
		assert_true(f->v[i].se.runtime + SLICE >= total / 3 && f->v[i].se.runtime <= total / 3 + SLICE);
	}
}

static void rr_slices_rotate_in_fifo_order(void **state)
{
	struct rr_fixture *f = *state;
	uint64_t dl;
	assert_int_equal(id_of(sched_pick_next(&f->p, &dl)), 0);
	assert_int_equal(dl, SLICE);
	at(SLICE - 1);
	assert_false(sched_tick(&f->p, NULL));
	for (unsigned int k = 1; k <= 7; k++) {
		at((uint64_t)k * SLICE);
		assert_true(sched_tick(&f->p, NULL));
		assert_int_equal(id_of(sched_pick_next(&f->p, &dl)), k % 3);
		assert_int_equal(dl, (uint64_t)(k + 1) * SLICE);
	}
}

static void rr_yield_moves_the_current_entity_to_the_tail(void **state)
{
	struct rr_fixture *f = *state;
	assert_int_equal(pick_id(&f->p), 0);
	at(10);
	assert_int_equal(sched_yield_current(&f->p), 0);
	assert_true(sched_need_resched(&f->p));
	assert_int_equal(pick_id(&f->p), 1);
	at(20);
	assert_int_equal(sched_yield_current(&f->p), 0);
	assert_int_equal(pick_id(&f->p), 2);
	at(30);
	assert_int_equal(sched_yield_current(&f->p), 0);
	assert_int_equal(pick_id(&f->p), 0);
}

static void rr_block_and_wake_requeue_at_the_tail_in_wake_order(void **state)
{
	struct rr_fixture *f = *state;
	assert_int_equal(pick_id(&f->p), 0);
	at(100);
	assert_int_equal(sched_sleep(&f->v[0].se, NULL), 0); /* 0 blocks: 1 runs */
	assert_int_equal(pick_id(&f->p), 1);
	at(200);
	assert_int_equal(sched_sleep(&f->v[1].se, NULL), 0); /* 1 blocks: 2 runs */
	assert_int_equal(pick_id(&f->p), 2);
	/* woken 1 then 0: they queue behind 2 in that order and do not preempt it */
	assert_int_equal(sched_wake(&f->v[1].se, NULL), 0);
	uint64_t dl;
	assert_int_equal(id_of(sched_pick_next(&f->p, &dl)), 2); /* 2 was alone: it only gets a timer */
	assert_int_equal(dl, 200 + SLICE);
	assert_int_equal(sched_wake(&f->v[0].se, NULL), 0);
	assert_false(sched_need_resched(&f->p)); /* 2 has a timer now: nothing to do */
	assert_int_equal(pick_id(&f->p), 2);
	at(200 + SLICE);
	assert_true(sched_tick(&f->p, NULL));
	assert_int_equal(pick_id(&f->p), 1);
	at(200 + 2 * SLICE);
	assert_true(sched_tick(&f->p, NULL));
	assert_int_equal(pick_id(&f->p), 0);
	at(200 + 3 * SLICE);
	assert_true(sched_tick(&f->p, NULL));
	assert_int_equal(pick_id(&f->p), 2);
}

static void rr_remove_of_the_current_entity_passes_the_cpu_on(void **state)
{
	struct rr_fixture *f = *state;
	assert_int_equal(pick_id(&f->p), 0);
	at(50);
	assert_int_equal(sched_remove(&f->p, &f->v[0].se), 0);
	assert_true(sched_need_resched(&f->p));
	assert_int_equal(pick_id(&f->p), 1);
	unsigned int turns[3] = {0};
	simulate(&f->p, 50 + 10 * SLICE, turns, 3);
	assert_int_equal(turns[0], 0);
	assert_int_equal(turns[1], 5);
	assert_int_equal(turns[2], 5);
	assert_int_equal(f->v[0].se.runtime, 50);
}

static void rr_alone_runs_without_a_timer_until_company_arrives(void **state)
{
	struct rr_fixture *f = *state;
	assert_int_equal(sched_sleep(&f->v[1].se, NULL), 0);
	assert_int_equal(sched_sleep(&f->v[2].se, NULL), 0);
	uint64_t dl = 0;
	assert_int_equal(id_of(sched_pick_next(&f->p, &dl)), 0);
	assert_int_equal(dl, SCHED_NO_DEADLINE);
	at(500);
	/* a wake must re-arm the timer of the lone runner, without taking the CPU from it early */
	assert_int_equal(sched_wake(&f->v[1].se, NULL), 0);
	assert_true(sched_need_resched(&f->p));
	assert_int_equal(id_of(sched_pick_next(&f->p, &dl)), 0);
	assert_int_equal(dl, SLICE);
	at(SLICE);
	assert_true(sched_tick(&f->p, NULL));
	assert_int_equal(pick_id(&f->p), 1);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup(rr_refuses_zero_and_oversized_slices, setup),
		cmocka_unit_test_setup(rr_gives_each_of_three_entities_a_third_of_the_slices, setup),
		cmocka_unit_test_setup(rr_slices_rotate_in_fifo_order, setup),
		cmocka_unit_test_setup(rr_yield_moves_the_current_entity_to_the_tail, setup),
		cmocka_unit_test_setup(rr_block_and_wake_requeue_at_the_tail_in_wake_order, setup),
		cmocka_unit_test_setup(rr_remove_of_the_current_entity_passes_the_cpu_on, setup),
		cmocka_unit_test_setup(rr_alone_runs_without_a_timer_until_company_arrives, setup),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}

/* SPDX-License-Identifier: BSD-3-Clause */
/* Borrowed virtual time: weighted shares, the context-switch allowance, no banked credit, warp and its limits. */
#include "sched_test.h"
#include <stdio.h>
#include <sched/sched_bvt.h>

static int setup(void **state)
{
	(void)state;
	host_platform_reset();
	return 0;
}

static void pcpu_bvt(struct sched_pcpu *p, uint64_t mcu, uint64_t allowance)
{
	struct sched_bvt_args a = {.mcu = mcu, .allowance = allowance};
	memset(p, 0, sizeof(*p));
	assert_int_equal(sched_pcpu_init(p, 0, &sched_bvt_ops, &a), 0);
}

static void bvt_refuses_bad_args_and_params(void **state)
{
	(void)state;
	struct sched_pcpu p = {0};
	struct sched_bvt_args a = {.mcu = 0, .allowance = 10};
	assert_int_equal(sched_pcpu_init(&p, 0, &sched_bvt_ops, &a), -HV_EINVAL);
	a.mcu = 10;
	a.allowance = SCHED_DURATION_MAX + 1;
	assert_int_equal(sched_pcpu_init(&p, 0, &sched_bvt_ops, &a), -HV_EINVAL);
	assert_null(p.ops);
	pcpu_bvt(&p, 1000, 1000);
	const struct sched_params bad[] = {
		{.weight = 0},
		{.weight = SCHED_BVT_WEIGHT_MAX + 1},
		{.weight = 10, .warp = 100, .warp_limit = 0},
		{.weight = 10, .warp = SCHED_BVT_WARP_MAX + 1, .warp_limit = 10},
		{.weight = 10, .warp = 100, .warp_limit = 10, .unwarp_time = SCHED_DURATION_MAX + 1},
	};
	for (unsigned int i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		struct vcpu v;
		vcpu_init(&v, i, &bad[i]);
		assert_int_equal(sched_add(&p, &v.se), -HV_EINVAL);
		assert_null(v.se.pcpu);
		assert_int_equal(sched_entity_state(&v.se), SCHED_DETACHED);
	}
	assert_int_equal(p.nr_entities, 0);
	struct vcpu ok;
	const struct sched_params good = {.weight = SCHED_BVT_WEIGHT_MAX, .warp = 100, .warp_limit = 10};
	vcpu_init(&ok, 9, &good);
	assert_int_equal(sched_add(&p, &ok.se), 0);
}

/*
 * Shares follow weights 1:2:3. Tolerance: the entity with the lowest evt runs
 * and is displaced once its evt leads the lowest by more than C/w (virtual),
 * checked at mcu granularity, so no avt ever leads the lowest by more than
 * (C + mcu) * SCALE / w_min. Converting back, each entity's real time is
 * within (C + mcu) * w_i / w_min of its exact share; integer division loses
 * under one virtual unit per charge (T / mcu charges at most), worth at most
 * w_i / SCALE ticks each. The bound is 0.36% of each share here (measured: under 0.1%).
 */
static void bvt_shares_follow_weights_over_a_long_run(void **state)
{
	(void)state;
	const uint64_t mcu = 1000, c = 2000, total = 6000000;
	const uint32_t w[3] = {100, 200, 300};
	struct sched_pcpu p;
	struct vcpu v[3];
	pcpu_bvt(&p, mcu, c);
	for (unsigned int i = 0; i < 3; i++) {
		struct sched_params s = {.weight = w[i]};
		vcpu_init(&v[i], i, &s);
		add_and_wake(&p, &v[i]);
	}
	unsigned int turns[3] = {0};
	simulate(&p, total, turns, 3);
	uint64_t sum = v[0].se.runtime + v[1].se.runtime + v[2].se.runtime;
	assert_int_equal(sum, total);
	for (unsigned int i = 0; i < 3; i++) {
		uint64_t want = total * w[i] / 600;
		uint64_t tol = (c + mcu) * w[i] / w[0] + (total / mcu) * w[i] / SCHED_BVT_WEIGHT_MAX + 1;
		uint64_t got = v[i].se.runtime;
		uint64_t err = got > want ? got - want : want - got;
		if (err > tol)
			fprintf(stderr, "entity %u: ran %llu, share %llu, error %llu > %llu\n", i,
				(unsigned long long)got, (unsigned long long)want, (unsigned long long)err,
				(unsigned long long)tol);
		assert_true(err <= tol);
		assert_true(turns[i] > 100); /* they really took turns */
	}
}

static void bvt_allowance_keeps_near_equal_entities_from_thrashing(void **state)
{
	(void)state;
	const uint64_t mcu = 100, total = 1000000;
	unsigned int switches[2];
	for (unsigned int run = 0; run < 2; run++) {
		uint64_t c = run == 0 ? 0 : 10000;
		struct sched_pcpu p;
		struct vcpu a, b;
		struct sched_params s = {.weight = 512};
		at(0);
		pcpu_bvt(&p, mcu, c);
		vcpu_init(&a, 0, &s);
		vcpu_init(&b, 1, &s);
		add_and_wake(&p, &a);
		add_and_wake(&p, &b);
		unsigned int turns[2] = {0};
		switches[run] = simulate(&p, total, turns, 2);
		/* equal weights: equal halves either way, within one allowance plus mcu */
		assert_true(a.se.runtime + c + mcu >= total / 2 && a.se.runtime <= total / 2 + c + mcu);
	}
	/* no allowance: a switch about every mcu; allowance C: about every 2C (from C behind to C ahead) */
	assert_true(switches[0] >= total / mcu / 2);
	assert_true(switches[1] <= total / 10000 / 2 + 2);
}

static void bvt_woken_sleeper_banks_no_credit(void **state)
{
	(void)state;
	const uint64_t mcu = 1000, c = 2000;
	struct sched_pcpu p;
	struct vcpu a, b;
	struct sched_params s = {.weight = 512};
	pcpu_bvt(&p, mcu, c);
	vcpu_init(&a, 0, &s);
	vcpu_init(&b, 1, &s);
	add_and_wake(&p, &a);
	assert_int_equal(sched_add(&p, &b.se), 0);
	uint64_t dl;
	assert_int_equal(id_of(sched_pick_next(&p, &dl)), 0);
	assert_int_equal(dl, SCHED_NO_DEADLINE); /* alone: no timer */
	at(1000000);
	assert_int_equal(sched_wake(&b.se, NULL), 0);
	assert_true(sched_need_resched(&p)); /* only to arm a timer: a keeps running */
	assert_int_equal(id_of(sched_pick_next(&p, &dl)), 0);
	assert_true(dl != SCHED_NO_DEADLINE);
	assert_true(b.se.avt >= a.se.avt);
	unsigned int turns[2] = {0};
	simulate(&p, 2000000, turns, 2);
	/* b slept through a's first million ticks; it now gets half, not the whole next million */
	assert_true(b.se.runtime >= 500000 - (c + mcu) && b.se.runtime <= 500000 + c + mcu);
}

static void bvt_yield_hands_the_cpu_to_the_best_other_entity(void **state)
{
	(void)state;
	struct sched_pcpu p;
	struct vcpu a, b;
	struct sched_params s = {.weight = 512};
	pcpu_bvt(&p, 1000, 100000);
	vcpu_init(&a, 0, &s);
	vcpu_init(&b, 1, &s);
	add_and_wake(&p, &a);
	add_and_wake(&p, &b);
	assert_int_equal(pick_id(&p), 0);
	at(10);
	assert_int_equal(sched_yield_current(&p), 0);
	assert_true(sched_need_resched(&p));
	assert_int_equal(pick_id(&p), 1);
}

/* a (no warp) runs; b (latency-sensitive) wakes. */
struct warp_fixture {
	struct sched_pcpu p;
	struct vcpu a, b;
};

#define WARP 50000u         /* virtual units: 25000 ticks of lead at weight 512 */
#define WARP_LIMIT 5000u    /* ticks */
#define UNWARP 100000u      /* ticks */

static void warp_setup(struct warp_fixture *f)
{
	pcpu_bvt(&f->p, 1000, 2000);
	struct sched_params plain = {.weight = 512};
	struct sched_params sensitive = {.weight = 512, .warp = WARP, .warp_limit = WARP_LIMIT, .unwarp_time = UNWARP};
	vcpu_init(&f->a, 0, &plain);
	vcpu_init(&f->b, 1, &sensitive);
	add_and_wake(&f->p, &f->a);
	assert_int_equal(sched_add(&f->p, &f->b.se), 0);
	assert_int_equal(pick_id(&f->p), 0);
	at(1000000);
}

static void bvt_warp_lets_a_woken_entity_run_first_but_only_for_its_limit(void **state)
{
	(void)state;
	struct warp_fixture f;
	warp_setup(&f);
	bool kick = true;
	assert_int_equal(sched_wake(&f.b.se, &kick), 0);
	assert_false(kick); /* same CPU */
	assert_true(sched_need_resched(&f.p));
	assert_true(f.b.se.warped);
	uint64_t dl;
	assert_int_equal(id_of(sched_pick_next(&f.p, &dl)), 1);
	assert_int_equal(dl, 1000000 + WARP_LIMIT); /* the warp limit bounds the turn */
	at(dl - 1);
	assert_false(sched_tick(&f.p, NULL));
	at(dl);
	assert_true(sched_tick(&f.p, NULL));
	assert_false(f.b.se.warped);
	assert_int_equal(pick_id(&f.p), 0);
	assert_int_equal(f.b.se.runtime, WARP_LIMIT);
	/* the borrowed time is paid back: over the next stretch b gets less than half */
	unsigned int turns[2] = {0};
	simulate(&f.p, 1000000 + WARP_LIMIT + 100000, turns, 2);
	assert_true(f.b.se.runtime < (100000 + WARP_LIMIT) / 2 + 3000);
}

static void bvt_entity_without_warp_waits_its_turn(void **state)
{
	(void)state;
	struct warp_fixture f;
	warp_setup(&f);
	f.b.se.params.warp = 0; /* same entity, not latency-sensitive */
	assert_int_equal(sched_wake(&f.b.se, NULL), 0);
	assert_false(f.b.se.warped);
	assert_int_equal(pick_id(&f.p), 0);
}

static void bvt_warp_needs_the_unwarp_time_before_warping_again(void **state)
{
	(void)state;
	struct warp_fixture f;
	warp_setup(&f);
	assert_int_equal(sched_wake(&f.b.se, NULL), 0);
	assert_int_equal(pick_id(&f.p), 1);
	at(1001000);
	assert_int_equal(sched_sleep(&f.b.se, NULL), 0); /* blocking ends the warp */
	assert_false(f.b.se.warped);
	assert_int_equal(pick_id(&f.p), 0);
	at(1001000 + UNWARP - 1);
	assert_int_equal(sched_wake(&f.b.se, NULL), 0);
	assert_false(f.b.se.warped);
	assert_int_equal(pick_id(&f.p), 0); /* not warped: no preemption (the pick only arms a's timer) */
	assert_int_equal(sched_sleep(&f.b.se, NULL), 0);
	at(1001000 + UNWARP);
	assert_int_equal(sched_wake(&f.b.se, NULL), 0);
	assert_true(f.b.se.warped);
	assert_true(sched_need_resched(&f.p));
	assert_int_equal(pick_id(&f.p), 1);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup(bvt_refuses_bad_args_and_params, setup),
		cmocka_unit_test_setup(bvt_shares_follow_weights_over_a_long_run, setup),
		cmocka_unit_test_setup(bvt_allowance_keeps_near_equal_entities_from_thrashing, setup),
		cmocka_unit_test_setup(bvt_woken_sleeper_banks_no_credit, setup),
		cmocka_unit_test_setup(bvt_yield_hands_the_cpu_to_the_best_other_entity, setup),
		cmocka_unit_test_setup(bvt_warp_lets_a_woken_entity_run_first_but_only_for_its_limit, setup),
		cmocka_unit_test_setup(bvt_entity_without_warp_waits_its_turn, setup),
		cmocka_unit_test_setup(bvt_warp_needs_the_unwarp_time_before_warping_again, setup),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}

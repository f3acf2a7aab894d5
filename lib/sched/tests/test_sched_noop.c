/* SPDX-License-Identifier: BSD-3-Clause */
/* noop (partition mode): one entity per pcpu, idle while it is blocked, resumed on wake, no timer. */
#include "sched_test.h"
#include <sched/sched_noop.h>

static int setup(void **state)
{
	(void)state;
	host_platform_reset();
	return 0;
}

static void noop_refuses_a_second_entity_with_ebusy(void **state)
{
	(void)state;
	struct sched_pcpu p = {0};
	struct vcpu a, b;
	vcpu_init(&a, 0, NULL);
	vcpu_init(&b, 1, NULL);
	assert_int_equal(sched_pcpu_init(&p, 0, &sched_noop_ops, NULL), 0);
	assert_int_equal(sched_add(&p, &a.se), 0);
	assert_int_equal(sched_add(&p, &b.se), -HV_EBUSY);
	assert_null(b.se.pcpu);
	assert_int_equal(sched_entity_state(&b.se), SCHED_DETACHED);
	assert_int_equal(p.nr_entities, 1);
	assert_int_equal(sched_wake(&a.se, NULL), 0);
	assert_ptr_equal(sched_pick_next(&p, NULL), &a.se);
	/* once the first leaves, the pcpu has room again */
	assert_int_equal(sched_remove(&p, &a.se), 0);
	assert_int_equal(sched_add(&p, &b.se), 0);
}

static void noop_refuses_policy_args(void **state)
{
	(void)state;
	struct sched_pcpu p = {0};
	uint64_t bogus = 5;
	assert_int_equal(sched_pcpu_init(&p, 0, &sched_noop_ops, &bogus), -HV_EINVAL);
	assert_null(p.ops);
}

static void noop_idles_when_its_entity_blocks(void **state)
{
	(void)state;
	struct sched_pcpu p = {0};
	struct vcpu a;
	vcpu_init(&a, 0, NULL);
	assert_int_equal(sched_pcpu_init(&p, 0, &sched_noop_ops, NULL), 0);
	add_and_wake(&p, &a);
	assert_ptr_equal(sched_pick_next(&p, NULL), &a.se);
	assert_int_equal(sched_sleep(&a.se, NULL), 0); /* guest HLT */
	assert_true(sched_need_resched(&p));
	uint64_t dl = 0;
	assert_null(sched_pick_next(&p, &dl));
	assert_int_equal(dl, SCHED_NO_DEADLINE);
	assert_null(p.current);
	at(1000000);
	assert_false(sched_tick(&p, NULL));
	assert_null(sched_pick_next(&p, NULL));
}

static void noop_resumes_its_entity_on_wake(void **state)
{
	(void)state;
	struct sched_pcpu p = {0};
	struct vcpu a;
	vcpu_init(&a, 0, NULL);
	assert_int_equal(sched_pcpu_init(&p, 1, &sched_noop_ops, NULL), 0);
	host_platform_cpu = 1;
	add_and_wake(&p, &a);
	assert_ptr_equal(sched_pick_next(&p, NULL), &a.se);
	assert_int_equal(sched_sleep(&a.se, NULL), 0);
	assert_null(sched_pick_next(&p, NULL));
	/* an interrupt for the vCPU arrives on CPU 0: the halted pcpu 1 must be kicked */
	host_platform_cpu = 0;
	bool kick = false;
	assert_int_equal(sched_wake(&a.se, &kick), 0);
	assert_true(kick);
	host_platform_cpu = 1;
	assert_true(sched_need_resched(&p));
	assert_ptr_equal(sched_pick_next(&p, NULL), &a.se);
	assert_int_equal(sched_entity_state(&a.se), SCHED_RUNNING);
}

static void noop_never_asks_for_a_timer_or_preempts(void **state)
{
	(void)state;
	struct sched_pcpu p = {0};
	struct vcpu a;
	vcpu_init(&a, 0, NULL);
	assert_int_equal(sched_pcpu_init(&p, 0, &sched_noop_ops, NULL), 0);
	add_and_wake(&p, &a);
	uint64_t dl = 0;
	assert_ptr_equal(sched_pick_next(&p, &dl), &a.se);
	assert_int_equal(dl, SCHED_NO_DEADLINE);
	for (uint64_t t = 1; t < 10; t++) {
		at(t * 1000000000ull);
		assert_false(sched_tick(&p, &dl));
		assert_int_equal(dl, SCHED_NO_DEADLINE);
	}
	assert_int_equal(sched_yield_current(&p), 0);
	assert_false(sched_need_resched(&p));
	assert_ptr_equal(sched_pick_next(&p, NULL), &a.se);
	assert_int_equal(p.switches, 1);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup(noop_refuses_a_second_entity_with_ebusy, setup),
		cmocka_unit_test_setup(noop_refuses_policy_args, setup),
		cmocka_unit_test_setup(noop_idles_when_its_entity_blocks, setup),
		cmocka_unit_test_setup(noop_resumes_its_entity_on_wake, setup),
		cmocka_unit_test_setup(noop_never_asks_for_a_timer_or_preempts, setup),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}

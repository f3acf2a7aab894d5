/* SPDX-License-Identifier: BSD-3-Clause */
/* Shared fixtures for lib/sched's tests: a fake vCPU embedding the entity, time control, a simulated run loop. */
#ifndef SCHED_TEST_H
#define SCHED_TEST_H

#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <string.h>
#include <cmocka.h>

#include <hvkit/errno.h>
#include <sched/sched.h>
#include "host_platform.h"

/* The core's vCPU as the tests model it: the library only sees se. */
struct vcpu {
	unsigned int id;
	struct sched_entity se;
};

#define VCPU_OF(e) ((struct vcpu *)(void *)((char *)(e) - offsetof(struct vcpu, se)))
#define NO_VCPU 999u

static inline unsigned int id_of(struct sched_entity *e)
{
	return e != NULL ? VCPU_OF(e)->id : NO_VCPU;
}

static inline void at(uint64_t tsc)
{
	host_platform_tsc_value = tsc;
}

static inline void vcpu_init(struct vcpu *v, unsigned int id, const struct sched_params *params)
{
	v->id = id;
	sched_entity_init(&v->se, params);
}

/* Add v to p and make it runnable (as the core does when a vCPU is launched). */
static inline void add_and_wake(struct sched_pcpu *p, struct vcpu *v)
{
	assert_int_equal(sched_add(p, &v->se), 0);
	assert_int_equal(sched_wake(&v->se, NULL), 0);
}

static inline unsigned int pick_id(struct sched_pcpu *p)
{
	return id_of(sched_pick_next(p, NULL));
}

/*
 * The core's run loop without guests: from the current time to end, fire the
 * timer at every deadline the scheduler asks for and pick again when it says so.
 * turns[id] counts every pick that hands the CPU to that vCPU (ids < nturns).
 * Returns the number of picks.
 */
static inline unsigned int simulate(struct sched_pcpu *p, uint64_t end, unsigned int *turns, unsigned int nturns)
{
	uint64_t dl;
	unsigned int picks = 0;
	struct sched_entity *e = sched_pick_next(p, &dl);
	for (;;) {
		if (e != NULL) {
			picks++;
			if (id_of(e) < nturns)
				turns[id_of(e)]++;
		}
		e = NULL;
		while (e == NULL && dl != SCHED_NO_DEADLINE && dl < end) {
			assert_true(dl > host_platform_tsc_value); /* time always moves on */
			at(dl);
			if (sched_tick(p, &dl))
				e = sched_pick_next(p, &dl);
		}
		if (e == NULL)
			break;
	}
	at(end);
	sched_tick(p, NULL); /* charge the tail */
	return picks;
}

/* The pause/resume rules on one pcpu whose policy p already has, with a already added and woken (the same with
 * every framework and policy: src/sched_states.c): pausing the running entity asks for a reschedule; a halt and
 * a wake while paused leave it paused; resume makes it runnable; paused while halted, resume leaves it blocked. */
static inline void check_pause_remembers_wakes(struct sched_pcpu *p, struct vcpu *a)
{
	assert_ptr_equal(sched_pick_next(p, NULL), &a->se);
	assert_int_equal(sched_pause(&a->se, NULL), 0);
	assert_int_equal(sched_entity_state(&a->se), SCHED_PAUSED);
	assert_true(sched_need_resched(p));
	assert_null(sched_pick_next(p, NULL));
	assert_int_equal(sched_sleep(&a->se, NULL), 0);
	assert_int_equal(sched_wake(&a->se, NULL), 0);
	assert_int_equal(sched_entity_state(&a->se), SCHED_PAUSED);
	assert_null(sched_pick_next(p, NULL));
	assert_int_equal(sched_resume(&a->se, NULL), 0);
	assert_int_equal(sched_entity_state(&a->se), SCHED_RUNNABLE);
	assert_ptr_equal(sched_pick_next(p, NULL), &a->se);
	assert_int_equal(sched_sleep(&a->se, NULL), 0);
	assert_int_equal(sched_pause(&a->se, NULL), 0);
	assert_int_equal(sched_resume(&a->se, NULL), 0);
	assert_int_equal(sched_entity_state(&a->se), SCHED_BLOCKED);
	assert_null(sched_pick_next(p, NULL));
}

#endif

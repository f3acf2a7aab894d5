/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Strict priority, round-robin within a level. The run queue is kept sorted by
 * priority (highest first), FIFO within a level, so the head is the next to run.
 * Insertion is O(entities on this pcpu), a number fixed by the configuration.
 */
#include <hvkit/errno.h>
#include <sched/sched_prio.h>
#include "sched_list.h"

static int prio_init_pcpu(struct sched_pcpu *p, const void *args)
{
	const struct sched_prio_args *a = args;
	uint64_t slice = a != NULL ? a->slice : plat_tsc_hz() / SCHED_PRIO_DEFAULT_SLICE_DIV;
	if (slice == 0 || slice > SCHED_DURATION_MAX)
		return -HV_EINVAL;
	p->slice = slice;
	return 0;
}

static int prio_add(struct sched_pcpu *p, struct sched_entity *e)
{
	(void)p;
	return e->params.priority <= SCHED_PRIO_MAX ? 0 : -HV_EINVAL;
}

/* Queue e behind every entity of its level (tail) or in front of them (head). */
static void prio_enqueue(struct sched_pcpu *p, struct sched_entity *e, bool head_of_level)
{
	uint32_t prio = e->params.priority;
	SCHED_FOR_EACH_QUEUED(pos, p) {
		uint32_t other = SCHED_ENTITY_OF(pos)->params.priority;
		if (other < prio || (head_of_level && other == prio)) {
			sched_list_insert_before(pos, &e->link);
			return;
		}
	}
	sched_enqueue_tail(p, e);
}

static bool prio_wake(struct sched_pcpu *p, struct sched_entity *e, uint64_t now)
{
	(void)now;
	prio_enqueue(p, e, false);
	struct sched_entity *run = sched_running(p);
	if (run == NULL || e->params.priority > run->params.priority)
		return true;
	/* a peer of the running level: the running one now needs a slice timer */
	return e->params.priority == run->params.priority && p->deadline == SCHED_NO_DEADLINE;
}

static void prio_sleep(struct sched_pcpu *p, struct sched_entity *e, uint64_t now)
{
	(void)p;
	(void)now;
	sched_dequeue(e);
}

static bool prio_yield(struct sched_pcpu *p, uint64_t now)
{
	p->slice_end = now;
	return true;
}

/* Whether the queue head should replace run now. */
static bool prio_should_switch(const struct sched_pcpu *p, const struct sched_entity *run, uint64_t now)
{
	const struct sched_entity *head = sched_queue_head(p);
	if (head == NULL)
		return false;
	if (head->params.priority > run->params.priority)
		return true;
	return head->params.priority == run->params.priority && now >= p->slice_end;
}

/* A timer is needed only while a peer of the same level waits for the slice to end. */
static uint64_t prio_deadline(const struct sched_pcpu *p, const struct sched_entity *run)
{
	const struct sched_entity *head = sched_queue_head(p);
	if (run == NULL || head == NULL || head->params.priority != run->params.priority)
		return SCHED_NO_DEADLINE;
	return p->slice_end;
}

static struct sched_entity *prio_pick_next(struct sched_pcpu *p, uint64_t now, uint64_t *deadline)
{
	struct sched_entity *run = sched_running(p);
	if (run != NULL) {
		if (!prio_should_switch(p, run, now)) {
			if (now >= p->slice_end)
				p->slice_end = now + p->slice;
			*deadline = prio_deadline(p, run);
			return run;
		}
		/* preempted by a higher level: keep its place; slice over: tail of its level */
		prio_enqueue(p, run, now < p->slice_end);
	}
	struct sched_entity *next = sched_queue_head(p);
	if (next != NULL)
		sched_dequeue(next);
	p->slice_end = now + p->slice;
	*deadline = prio_deadline(p, next);
	return next;
}

static bool prio_tick(struct sched_pcpu *p, uint64_t now, uint64_t *deadline)
{
	struct sched_entity *run = sched_running(p);
	*deadline = prio_deadline(p, run);
	if (run == NULL)
		return !sched_list_empty(&p->runq);
	return prio_should_switch(p, run, now);
}

const struct sched_ops sched_prio_ops = {
	.name = "prio",
	.init_pcpu = prio_init_pcpu,
	.add = prio_add,
	.wake = prio_wake,
	.sleep = prio_sleep,
	.yield = prio_yield,
	.pick_next = prio_pick_next,
	.tick = prio_tick,
};

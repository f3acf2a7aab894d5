/* SPDX-License-Identifier: BSD-3-Clause */
/* Round-robin with a time slice: FIFO run queue, the running entity goes to the tail when its slice ends. */
#include <hvkit/errno.h>
#include <sched/sched_rr.h>
#include "sched_list.h"

static int rr_init_pcpu(struct sched_pcpu *p, const void *args)
{
	const struct sched_rr_args *a = args;
	uint64_t slice = a != NULL ? a->slice : plat_tsc_hz() / SCHED_RR_DEFAULT_SLICE_DIV;
	if (slice == 0 || slice > SCHED_DURATION_MAX)
		return -HV_EINVAL;
	p->slice = slice;
	return 0;
}

static int rr_add(struct sched_pcpu *p, struct sched_entity *e)
{
	(void)p;
	(void)e;
	return 0;
}

static bool rr_wake(struct sched_pcpu *p, struct sched_entity *e, uint64_t now)
{
	(void)now;
	sched_enqueue_tail(p, e);
	/* waits its turn, but a running entity that was alone has no timer yet */
	return p->deadline == SCHED_NO_DEADLINE;
}

static void rr_sleep(struct sched_pcpu *p, struct sched_entity *e, uint64_t now)
{
	(void)p;
	(void)now;
	sched_dequeue(e);
}

static bool rr_yield(struct sched_pcpu *p, uint64_t now)
{
	p->slice_end = now;
	return true;
}

static uint64_t rr_deadline(const struct sched_pcpu *p)
{
	return sched_list_empty(&p->runq) ? SCHED_NO_DEADLINE : p->slice_end;
}

static struct sched_entity *rr_pick_next(struct sched_pcpu *p, uint64_t now, uint64_t *deadline)
{
	struct sched_entity *run = sched_running(p);
	if (run != NULL) {
		if (now < p->slice_end || sched_list_empty(&p->runq)) {
			if (now >= p->slice_end)
				p->slice_end = now + p->slice;
			*deadline = rr_deadline(p);
			return run;
		}
		sched_enqueue_tail(p, run);
	}
	struct sched_entity *next = sched_queue_head(p);
	if (next != NULL)
		sched_dequeue(next);
	p->slice_end = now + p->slice;
	*deadline = rr_deadline(p);
	return next;
}

static bool rr_tick(struct sched_pcpu *p, uint64_t now, uint64_t *deadline)
{
	*deadline = rr_deadline(p);
	if (sched_list_empty(&p->runq))
		return false;
	return sched_running(p) == NULL || now >= p->slice_end;
}

const struct sched_ops sched_rr_ops = {
	.name = "rr",
	.init_pcpu = rr_init_pcpu,
	.add = rr_add,
	.wake = rr_wake,
	.sleep = rr_sleep,
	.yield = rr_yield,
	.pick_next = rr_pick_next,
	.tick = rr_tick,
};

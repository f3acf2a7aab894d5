/* SPDX-License-Identifier: BSD-3-Clause */
/* noop: one entity per pcpu; it runs while runnable, otherwise the pcpu idles. No timer. */
#include <hvkit/errno.h>
#include <sched/sched_noop.h>
#include "sched_list.h"

static int noop_init_pcpu(struct sched_pcpu *p, const void *args)
{
	(void)p;
	return args == NULL ? 0 : -HV_EINVAL;
}

static int noop_add(struct sched_pcpu *p, struct sched_entity *e)
{
	(void)e;
	return p->nr_entities == 0 ? 0 : -HV_EBUSY;
}

static bool noop_wake(struct sched_pcpu *p, struct sched_entity *e, uint64_t now)
{
	(void)now;
	sched_enqueue_tail(p, e);
	return true;
}

static void noop_sleep(struct sched_pcpu *p, struct sched_entity *e, uint64_t now)
{
	(void)p;
	(void)now;
	sched_dequeue(e);
}

static bool noop_yield(struct sched_pcpu *p, uint64_t now)
{
	(void)p;
	(void)now;
	return false; /* nothing else could run */
}

static struct sched_entity *noop_pick_next(struct sched_pcpu *p, uint64_t now, uint64_t *deadline)
{
	(void)now;
	*deadline = SCHED_NO_DEADLINE;
	struct sched_entity *run = sched_running(p);
	if (run != NULL)
		return run;
	struct sched_entity *e = sched_queue_head(p);
	if (e != NULL)
		sched_dequeue(e);
	return e;
}

static bool noop_tick(struct sched_pcpu *p, uint64_t now, uint64_t *deadline)
{
	(void)now;
	*deadline = SCHED_NO_DEADLINE;
	return sched_running(p) == NULL && !sched_list_empty(&p->runq);
}

const struct sched_ops sched_noop_ops = {
	.name = "noop",
	.init_pcpu = noop_init_pcpu,
	.add = noop_add,
	.wake = noop_wake,
	.sleep = noop_sleep,
	.yield = noop_yield,
	.pick_next = noop_pick_next,
	.tick = noop_tick,
};

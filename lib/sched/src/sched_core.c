/* SPDX-License-Identifier: BSD-3-Clause */
/* The scheduling framework: a run queue and a policy, locking, accounting, need-resched and kicks (the entity
 * state changes themselves: sched_states.c). */
#include <string.h>
#include <hvkit/errno.h>
#include "sched_framework.h"
#include <sched/sched_ops.h>
#include "sched_list.h"

void sched_entity_init(struct sched_entity *e, const struct sched_params *params)
{
	memset(e, 0, sizeof(*e));
	if (params != NULL)
		e->params = *params;
	sched_list_init(&e->link);
	e->state = SCHED_DETACHED;
}

/* The operations every policy implements (charge and remove are optional). */
static bool ops_complete(const struct sched_ops *ops)
{
	const void *const required[] = {
		(const void *)ops->init_pcpu, (const void *)ops->add, (const void *)ops->wake, (const void *)ops->sleep,
		(const void *)ops->yield, (const void *)ops->pick_next, (const void *)ops->tick,
	};
	for (size_t i = 0; i < sizeof(required) / sizeof(required[0]); i++)
		if (required[i] == NULL)
			return false;
	return true;
}

int sched_pcpu_init(struct sched_pcpu *p, unsigned int cpu, const struct sched_ops *ops, const void *args)
{
	if (p == NULL || ops == NULL || !ops_complete(ops))
		return -HV_EINVAL;
	if (p->nr_entities != 0)
		return -HV_EBUSY;
	struct sched_pcpu fresh;
	memset(&fresh, 0, sizeof(fresh));
	int rc = ops->init_pcpu(&fresh, args);
	if (rc != 0)
		return rc;
	fresh.ops = ops;
	fresh.cpu = cpu;
	fresh.deadline = SCHED_NO_DEADLINE;
	fresh.account_tsc = plat_tsc();
	memcpy(p, &fresh, sizeof(*p));
	sched_list_init(&p->runq);
	return 0;
}

/* Charge the time since the last accounting to the running entity. Lock held. */
void sched_fw_account(struct sched_pcpu *p, uint64_t now)
{
	uint64_t delta = now > p->account_tsc ? now - p->account_tsc : 0;
	p->account_tsc = now;
	struct sched_entity *c = sched_running(p);
	if (c == NULL || delta == 0)
		return;
	c->runtime += delta;
	if (p->ops->charge != NULL)
		p->ops->charge(p, c, delta, now);
}

/* Set need-resched; true if this call set it and p is another CPU (it needs an IPI). Lock held. */
static bool request_resched(struct sched_pcpu *p)
{
	bool was = __atomic_exchange_n(&p->need_resched, true, __ATOMIC_ACQ_REL);
	return !was && p->cpu != plat_cpu_index();
}

static bool in_runnable_set(const struct sched_entity *e)
{
	return e->state == SCHED_RUNNABLE || e->state == SCHED_RUNNING;
}

/* e leaves the runnable set and takes state to. Returns the kick. Lock held. */
bool sched_fw_leave(struct sched_pcpu *p, struct sched_entity *e, enum sched_state to, uint64_t now)
{
	if (!in_runnable_set(e)) {
		e->state = to;
		return false;
	}
	e->state = to;
	p->ops->sleep(p, e, now);
	return e == p->current ? request_resched(p) : false;
}

/* e joins the runnable set. Returns the kick. Lock held. */
bool sched_fw_enter(struct sched_pcpu *p, struct sched_entity *e, uint64_t now)
{
	if (e == p->current) {
		/* blocked and woken again before the pcpu switched away: it never left */
		e->state = SCHED_RUNNING;
		return false;
	}
	e->state = SCHED_RUNNABLE;
	bool preempt = p->ops->wake(p, e, now);
	if (sched_running(p) == NULL)
		preempt = true; /* idle (or about to switch away): pick it up */
	return preempt ? request_resched(p) : false;
}

/* Only a detached entity joins a pcpu; a dead one never again. */
static int attachable(const struct sched_entity *e)
{
	if (e->state == SCHED_DEAD)
		return -HV_EPERM;
	return e->pcpu != NULL || e->state != SCHED_DETACHED ? -HV_EBUSY : 0;
}

int sched_add(struct sched_pcpu *p, struct sched_entity *e)
{
	if (p == NULL || e == NULL || p->ops == NULL)
		return -HV_EINVAL;
	int rc = attachable(e);
	if (rc != 0)
		return rc;
	plat_lock(&p->lock);
	rc = p->ops->add(p, e);
	if (rc == 0) {
		sched_list_init(&e->link);
		e->pcpu = p;
		e->blocked = true;
		e->paused = false;
		e->warped = false;
		e->state = SCHED_BLOCKED;
		p->nr_entities++;
	}
	plat_unlock(&p->lock);
	return rc;
}

/* Take e off p: out of the runnable set and the policy, and off the CPU if it runs there. Lock held. */
static void detach(struct sched_pcpu *p, struct sched_entity *e)
{
	uint64_t now = plat_tsc();
	sched_fw_account(p, now);
	enum sched_state to = e->state == SCHED_DEAD ? SCHED_DEAD : SCHED_DETACHED;
	sched_fw_leave(p, e, to, now);
	sched_dequeue(e);
	if (p->ops->remove != NULL)
		p->ops->remove(p, e);
	if (p->current == e) {
		p->current = NULL;
		request_resched(p);
	}
}

int sched_remove(struct sched_pcpu *p, struct sched_entity *e)
{
	if (p == NULL || e == NULL)
		return -HV_EINVAL;
	plat_lock(&p->lock);
	if (e->pcpu != p || e->state == SCHED_DETACHED) {
		plat_unlock(&p->lock);
		return -HV_ENOENT;
	}
	detach(p, e);
	p->nr_entities--;
	e->pcpu = NULL;
	e->blocked = false;
	e->paused = false;
	e->warped = false;
	plat_unlock(&p->lock);
	return 0;
}

int sched_yield_current(struct sched_pcpu *p)
{
	if (p == NULL || p->ops == NULL)
		return -HV_EINVAL;
	plat_lock(&p->lock);
	if (sched_running(p) == NULL) {
		plat_unlock(&p->lock);
		return -HV_ENOENT;
	}
	uint64_t now = plat_tsc();
	sched_fw_account(p, now);
	if (p->ops->yield(p, now))
		request_resched(p);
	plat_unlock(&p->lock);
	return 0;
}

/* next becomes the running entity of p; the one it replaces, if still running, becomes runnable. Lock held. */
static void switch_to(struct sched_pcpu *p, struct sched_entity *next)
{
	struct sched_entity *prev = p->current;
	if (prev != NULL && prev != next && prev->state == SCHED_RUNNING)
		prev->state = SCHED_RUNNABLE;
	if (next != NULL)
		next->state = SCHED_RUNNING;
	if (next != prev && next != NULL)
		p->switches++;
	p->current = next;
}

struct sched_entity *sched_pick_next(struct sched_pcpu *p, uint64_t *deadline)
{
	uint64_t dl = SCHED_NO_DEADLINE;
	plat_lock(&p->lock);
	uint64_t now = plat_tsc();
	sched_fw_account(p, now);
	struct sched_entity *next = p->ops->pick_next(p, now, &dl);
	switch_to(p, next);
	p->yielded = false;
	dl = next != NULL ? dl : SCHED_NO_DEADLINE;
	p->deadline = dl;
	__atomic_store_n(&p->need_resched, false, __ATOMIC_RELEASE);
	plat_unlock(&p->lock);
	if (deadline != NULL)
		*deadline = dl;
	return next;
}

bool sched_tick(struct sched_pcpu *p, uint64_t *deadline)
{
	uint64_t dl = SCHED_NO_DEADLINE;
	plat_lock(&p->lock);
	uint64_t now = plat_tsc();
	sched_fw_account(p, now);
	bool resched = p->ops->tick(p, now, &dl);
	p->deadline = dl;
	if (resched)
		request_resched(p);
	bool need = sched_need_resched(p);
	plat_unlock(&p->lock);
	if (deadline != NULL)
		*deadline = dl;
	return need;
}

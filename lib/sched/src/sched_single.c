/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * The framework for one entity per pcpu (partition and lapic_pt images): <sched/sched.h> without a run queue
 * or policy callbacks. Its one policy is noop (sched_noop_ops, the only one sched_pcpu_init takes): the
 * entity runs while it is runnable, the pcpu idles otherwise, no timer. The state changes are sched_states.c's,
 * as with sched_core.c; locking, kicks and errors are sched_core.c's with the noop policy. An image links this
 * file or sched_core.c (libhvkit-sched-single.a or libhvkit-sched.a), and tests/test_sched_noop.c and
 * test_sched_states_noop.c run against both.
 */
#include <string.h>
#include <hvkit/errno.h>
#include "sched_framework.h"
#include <sched/sched_noop.h>

const struct sched_ops sched_noop_ops = { .name = "noop" };

void sched_entity_init(struct sched_entity *e, const struct sched_params *params)
{
	memset(e, 0, sizeof(*e));
	if (params != NULL)
		e->params = *params;
	e->state = SCHED_DETACHED;
}

int sched_pcpu_init(struct sched_pcpu *p, unsigned int cpu, const struct sched_ops *ops, const void *args)
{
	if (p == NULL || ops != &sched_noop_ops || args != NULL)
		return -HV_EINVAL;
	if (p->nr_entities != 0)
		return -HV_EBUSY;
	memset(p, 0, sizeof(*p));
	p->ops = ops;
	p->cpu = cpu;
	p->deadline = SCHED_NO_DEADLINE;
	p->account_tsc = plat_tsc();
	return 0;
}

static struct sched_entity *running(const struct sched_pcpu *p)
{
	return p->current != NULL && p->current->state == SCHED_RUNNING ? p->current : NULL;
}

/* Charge the time since the last accounting to the running entity. Lock held. */
void sched_fw_account(struct sched_pcpu *p, uint64_t now)
{
	struct sched_entity *c = running(p);
	if (c != NULL && now > p->account_tsc)
		c->runtime += now - p->account_tsc;
	p->account_tsc = now;
}

/* Set need-resched; true if this call set it and p is another CPU (it needs an IPI). Lock held. */
static bool request_resched(struct sched_pcpu *p)
{
	bool was = __atomic_exchange_n(&p->need_resched, true, __ATOMIC_ACQ_REL);
	return !was && p->cpu != plat_cpu_index();
}

int sched_add(struct sched_pcpu *p, struct sched_entity *e)
{
	if (p == NULL || e == NULL || p->ops == NULL)
		return -HV_EINVAL;
	if (e->state == SCHED_DEAD)
		return -HV_EPERM;
	if (e->pcpu != NULL || e->state != SCHED_DETACHED)
		return -HV_EBUSY;
	plat_lock(&p->lock);
	int rc = p->nr_entities == 0 ? 0 : -HV_EBUSY;
	if (rc == 0) {
		e->pcpu = p;
		e->blocked = true;
		e->paused = false;
		e->state = SCHED_BLOCKED;
		p->sole = e;
		p->nr_entities = 1;
	}
	plat_unlock(&p->lock);
	return rc;
}

/* e leaves the runnable set for state to: the pcpu must re-pick if e was running there. Lock held. */
bool sched_fw_leave(struct sched_pcpu *p, struct sched_entity *e, enum sched_state to, uint64_t now)
{
	(void)now; /* no policy to tell */
	bool runnable = e->state == SCHED_RUNNING || e->state == SCHED_RUNNABLE;
	e->state = to;
	return runnable && e == p->current ? request_resched(p) : false;
}

/* e becomes runnable: an idle pcpu picks it up. Lock held. */
bool sched_fw_enter(struct sched_pcpu *p, struct sched_entity *e, uint64_t now)
{
	(void)now; /* no policy to tell */
	if (e == p->current) {
		/* blocked and woken again before the pcpu switched away: it never left */
		e->state = SCHED_RUNNING;
		return false;
	}
	e->state = SCHED_RUNNABLE;
	return request_resched(p);
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
	uint64_t now = plat_tsc();
	sched_fw_account(p, now);
	sched_fw_leave(p, e, e->state == SCHED_DEAD ? SCHED_DEAD : SCHED_DETACHED, now);
	if (p->current == e) {
		p->current = NULL;
		request_resched(p);
	}
	p->sole = NULL;
	p->nr_entities = 0;
	e->pcpu = NULL;
	e->blocked = false;
	e->paused = false;
	plat_unlock(&p->lock);
	return 0;
}

int sched_yield_current(struct sched_pcpu *p)
{
	if (p == NULL || p->ops == NULL)
		return -HV_EINVAL;
	plat_lock(&p->lock);
	int rc = running(p) != NULL ? 0 : -HV_ENOENT;
	sched_fw_account(p, plat_tsc()); /* nothing else could run: no reschedule */
	plat_unlock(&p->lock);
	return rc;
}

/* What the pcpu runs: its entity while runnable, else nothing. Lock held. */
static struct sched_entity *choice(const struct sched_pcpu *p)
{
	struct sched_entity *e = p->sole;
	return e != NULL && (e->state == SCHED_RUNNING || e->state == SCHED_RUNNABLE) ? e : NULL;
}

struct sched_entity *sched_pick_next(struct sched_pcpu *p, uint64_t *deadline)
{
	plat_lock(&p->lock);
	sched_fw_account(p, plat_tsc());
	struct sched_entity *next = choice(p);
	if (next != NULL) {
		next->state = SCHED_RUNNING;
		p->switches += next != p->current;
	}
	p->current = next;
	p->yielded = false;
	p->deadline = SCHED_NO_DEADLINE;
	__atomic_store_n(&p->need_resched, false, __ATOMIC_RELEASE);
	plat_unlock(&p->lock);
	if (deadline != NULL)
		*deadline = SCHED_NO_DEADLINE;
	return next;
}

bool sched_tick(struct sched_pcpu *p, uint64_t *deadline)
{
	plat_lock(&p->lock);
	sched_fw_account(p, plat_tsc());
	if (running(p) == NULL && choice(p) != NULL)
		request_resched(p);
	bool need = sched_need_resched(p);
	plat_unlock(&p->lock);
	if (deadline != NULL)
		*deadline = SCHED_NO_DEADLINE;
	return need;
}

/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * An entity's state changes (sched_wake, sched_sleep, sched_kill here; sched_pause and sched_resume in
 * sched_pause.c, an archive member of its own that only share mode's callers pull in), the same in every
 * framework: the blocked and paused flags decide whether the entity joins or leaves its pcpu's runnable set, and
 * the framework linked beside this file (sched_framework.h) does the joining and leaving.
 */
#include <hvkit/errno.h>
#include "sched_framework.h"

/* Each state change under the CPU's lock, accounting done: true when the CPU should re-pick at once. */
static bool do_wake(struct sched_pcpu *p, struct sched_entity *e, uint64_t now)
{
	if (!e->blocked)
		return false;
	e->blocked = false;
	return !e->paused && sched_fw_enter(p, e, now);
}

static bool do_sleep(struct sched_pcpu *p, struct sched_entity *e, uint64_t now)
{
	if (e->blocked)
		return false;
	e->blocked = true;
	return !e->paused && sched_fw_leave(p, e, SCHED_BLOCKED, now);
}

static bool do_kill(struct sched_pcpu *p, struct sched_entity *e, uint64_t now)
{
	return sched_fw_leave(p, e, SCHED_DEAD, now);
}

/* Take e's CPU lock: 0 with it held (*out), or why not (no entity, no CPU, moved meanwhile, dead). */
static int lock_entity(struct sched_entity *e, struct sched_pcpu **out)
{
	if (e == NULL)
		return -HV_EINVAL;
	struct sched_pcpu *p = e->pcpu;
	if (p == NULL)
		return -HV_ENOENT;
	plat_lock(&p->lock);
	int rc = e->pcpu != p ? -HV_ENOENT : e->state == SCHED_DEAD ? -HV_EPERM : 0;
	if (rc != 0)
		plat_unlock(&p->lock);
	*out = p;
	return rc;
}

int sched_fw_change(struct sched_entity *e, sched_fw_transition what, bool *kick)
{
	struct sched_pcpu *p;
	if (kick != NULL)
		*kick = false;
	int rc = lock_entity(e, &p);
	if (rc != 0)
		return rc;
	uint64_t now = plat_tsc();
	sched_fw_account(p, now);
	bool k = what(p, e, now);
	plat_unlock(&p->lock);
	if (kick != NULL)
		*kick = k;
	return 0;
}

int sched_wake(struct sched_entity *e, bool *kick)
{
	return sched_fw_change(e, do_wake, kick);
}

int sched_sleep(struct sched_entity *e, bool *kick)
{
	return sched_fw_change(e, do_sleep, kick);
}

int sched_kill(struct sched_entity *e, bool *kick)
{
	return sched_fw_change(e, do_kill, kick);
}

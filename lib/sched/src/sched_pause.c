/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * sched_pause and sched_resume (share mode pauses a VM's vCPUs): an archive member of its own beside
 * sched_states.c, so that images whose callers never pause an entity (partition, lapic_pt) do not link it.
 */
#include "sched_framework.h"

static bool do_pause(struct sched_pcpu *p, struct sched_entity *e, uint64_t now)
{
	if (e->paused)
		return false;
	e->paused = true;
	return sched_fw_leave(p, e, SCHED_PAUSED, now);
}

/* Back to where the pause found it: runnable, or still waiting for its wake. */
static bool do_resume(struct sched_pcpu *p, struct sched_entity *e, uint64_t now)
{
	if (!e->paused)
		return false;
	e->paused = false;
	if (!e->blocked)
		return sched_fw_enter(p, e, now);
	e->state = SCHED_BLOCKED;
	return false;
}

int sched_pause(struct sched_entity *e, bool *kick)
{
	return sched_fw_change(e, do_pause, kick);
}

int sched_resume(struct sched_entity *e, bool *kick)
{
	return sched_fw_change(e, do_resume, kick);
}

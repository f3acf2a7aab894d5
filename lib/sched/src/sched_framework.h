/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * What sched_states.c (the entity state changes every framework shares) needs from the framework linked beside
 * it: sched_core.c (a run queue and a policy) or sched_single.c (one entity per pcpu, noop). Internal to lib/sched;
 * the three sched_fw_ calls below are made with the pcpu's lock held.
 */
#ifndef SCHED_FRAMEWORK_H
#define SCHED_FRAMEWORK_H

#include <sched/sched.h>

/* Charge the time up to now to the running entity. */
void sched_fw_account(struct sched_pcpu *p, uint64_t now);
/* e joins the runnable set: true when p must re-pick at once on another CPU (a kick). */
bool sched_fw_enter(struct sched_pcpu *p, struct sched_entity *e, uint64_t now);
/* e leaves the runnable set and takes state to: the kick, as for sched_fw_enter. */
bool sched_fw_leave(struct sched_pcpu *p, struct sched_entity *e, enum sched_state to, uint64_t now);

/* One state change of sched_states.c or sched_pause.c, made by sched_fw_change under e's pcpu lock with the
 * time accounted: true when the pcpu should re-pick at once (a kick). */
typedef bool (*sched_fw_transition)(struct sched_pcpu *p, struct sched_entity *e, uint64_t now);
/* Lock e's pcpu, account, make the change, unlock: 0, or why not (no entity, no pcpu, moved, dead). */
int sched_fw_change(struct sched_entity *e, sched_fw_transition what, bool *kick);

#endif

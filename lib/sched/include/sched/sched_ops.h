/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * The policy interface. The framework (<sched/sched.h>) owns entity states,
 * the current pointer, time accounting and need-resched; a policy owns the
 * run queue order and the choice. Every callback runs with p->lock held and
 * with time `now` already charged to the running entity.
 *
 * When a callback runs, e->state already says what e is about to be:
 * wake sees RUNNABLE, sleep sees BLOCKED/PAUSED/DEAD. The running entity
 * (p->current with state RUNNING) is never on p->runq.
 */
#ifndef SCHED_SCHED_OPS_H
#define SCHED_SCHED_OPS_H

#include <sched/sched.h>

struct sched_ops {
	const char *name;
	/* Check args (NULL: defaults) and configure p. 0 or -HV_EINVAL. Required. */
	int (*init_pcpu)(struct sched_pcpu *p, const void *args);
	/* Check e's params and p's room before e joins p (blocked). 0 or negative. Required. */
	int (*add)(struct sched_pcpu *p, struct sched_entity *e);
	/* e leaves p; it is already off the run queue. Optional. */
	void (*remove)(struct sched_pcpu *p, struct sched_entity *e);
	/*
	 * e (not current) became runnable: queue it. Return true if the pcpu must
	 * call pick_next: e should preempt, or the running entity has no deadline
	 * (p->deadline == SCHED_NO_DEADLINE) and now needs one. Required.
	 */
	bool (*wake)(struct sched_pcpu *p, struct sched_entity *e, uint64_t now);
	/* e stopped being runnable: take it off the run queue unless it is current. Required. */
	void (*sleep)(struct sched_pcpu *p, struct sched_entity *e, uint64_t now);
	/* The running entity yields. Return true if a reschedule is needed. Required. */
	bool (*yield)(struct sched_pcpu *p, uint64_t now);
	/*
	 * Choose what runs next: the running current (keep it), or an entity taken
	 * off the run queue (then a still-RUNNING current goes back on the queue),
	 * or NULL to idle. Set *deadline. Required.
	 */
	struct sched_entity *(*pick_next)(struct sched_pcpu *p, uint64_t now, uint64_t *deadline);
	/* Timer: return true if pick_next would choose differently now. Set *deadline. Required. */
	bool (*tick)(struct sched_pcpu *p, uint64_t now, uint64_t *deadline);
	/* Charge delta ticks of running time to e (the running entity). Optional. */
	void (*charge)(struct sched_pcpu *p, struct sched_entity *e, uint64_t delta, uint64_t now);
};

#endif /* SCHED_SCHED_OPS_H */

/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * hvkit vCPU scheduling on one physical CPU (pcpu).
 *
 * The core embeds a struct sched_entity in each vCPU and a struct sched_pcpu in
 * each physical CPU's data. The library never sees the vCPU: it hands entities
 * back and the core uses container_of. A policy (struct sched_ops, one per file:
 * <sched/sched_noop.h>, <sched/sched_rr.h>, <sched/sched_bvt.h>,
 * <sched/sched_prio.h>) is chosen per pcpu by passing its ops to
 * sched_pcpu_init(); only policies the core names are linked in.
 *
 * The run loop (the same for every mode):
 *
 *	for (;;) {
 *		e = sched_pick_next(p, &deadline);   // arm the timer for deadline
 *		if (e == NULL) { idle (sti; hlt) until an interrupt; continue; }
 *		enter the vCPU of e; handle the exit (may call sched_sleep/sched_yield_current/sched_wake);
 *		host timer or preemption-timer exit: sched_tick(p, &deadline);
 *		if (!sched_need_resched(p)) re-enter the same vCPU;
 *	}
 *
 * Entity states (the state field; sched_entity_state() reads it):
 *	DETACHED  on no pcpu (after sched_entity_init and sched_remove)
 *	BLOCKED   on a pcpu, waiting for sched_wake (initial state after sched_add:
 *	          a vCPU waits for its launch or INIT-SIPI; guest HLT)
 *	RUNNABLE  on the pcpu's run queue
 *	RUNNING   the pcpu's current entity
 *	PAUSED    stopped by the hypervisor (sched_pause); wakes are remembered
 *	          and take effect at sched_resume
 *	DEAD      sched_kill: terminal; never runs again; may only be removed
 *
 * Locking: every function below that takes a pcpu (directly or through
 * e->pcpu) takes that pcpu's lock for its whole duration, except
 * sched_need_resched (one atomic load) and sched_entity_state (a plain read).
 * Policy callbacks run with the lock held and never take it. A caller never
 * holds two pcpu locks, so migration is sched_remove + sched_add. The core
 * must not call sched_remove while another CPU may still call
 * sched_wake/sched_sleep on the same entity (e->pcpu is read before locking).
 *
 * Cross-CPU calls: sched_wake, sched_sleep, sched_pause, sched_resume and
 * sched_kill may run on any CPU. Their *kick output is true when the call set
 * the target pcpu's need-resched flag and that pcpu is not the caller's
 * (plat_cpu_index()): the core then sends it an IPI so it leaves guest mode or
 * HLT and calls sched_pick_next. The idle path must check need-resched with
 * interrupts disabled before sti;hlt.
 *
 * Time is plat_tsc(); all durations are TSC ticks. Deadlines are absolute TSC
 * values; SCHED_NO_DEADLINE means no timer is needed (noop never asks for one).
 *
 * Refused requests return a negative HV_E* value and change nothing.
 */
#ifndef SCHED_SCHED_H
#define SCHED_SCHED_H

#include <hvkit/platform.h>

#define SCHED_NO_DEADLINE UINT64_MAX

/* Longest time slice, minimum charging unit or allowance a policy accepts (keeps now + x far from overflow). */
#define SCHED_DURATION_MAX (1ull << 56)

enum sched_state {
	SCHED_DETACHED = 0,
	SCHED_BLOCKED,
	SCHED_RUNNABLE,
	SCHED_RUNNING,
	SCHED_PAUSED,
	SCHED_DEAD,
};

/* Intrusive doubly-linked list node; a node linked to itself is on no list. */
struct sched_link {
	struct sched_link *prev;
	struct sched_link *next;
};

/* The largest BVT weight (<sched/sched_bvt.h>); here because a core that turns a VM's weight and warp into
 * parameters needs it without linking the policy. */
#define SCHED_BVT_WEIGHT_MAX 1024u

/* Per-entity policy parameters; each policy reads only its own and checks them at sched_add. */
struct sched_params {
	uint32_t weight;      /* bvt: share, 1..SCHED_BVT_WEIGHT_MAX */
	uint32_t priority;    /* prio: 0..SCHED_PRIO_MAX, higher runs first */
	uint64_t warp;        /* bvt: virtual time borrowed when woken (0: never warps) */
	uint64_t warp_limit;  /* bvt: longest real time an entity runs warped (needed if warp) */
	uint64_t unwarp_time; /* bvt: real time after unwarping before it may warp again */
};

struct sched_pcpu;

struct sched_entity {
	struct sched_link link;   /* run queue membership (policy-owned) */
	struct sched_pcpu *pcpu;  /* assigned pcpu; NULL when detached */
	enum sched_state state;
	bool blocked;             /* waiting for a wake (kept while paused) */
	bool paused;              /* stopped by sched_pause */
	struct sched_params params;
	uint64_t runtime;         /* TSC ticks spent running, in total */
	/* bvt bookkeeping */
	uint64_t avt;             /* actual virtual time (compared modulo 2^64) */
	uint64_t warp_used;       /* real time run while warped */
	uint64_t warp_ready;      /* TSC before which it may not warp again */
	bool warped;
};

struct sched_ops;

struct sched_pcpu {
	const struct sched_ops *ops;
	unsigned int cpu;           /* plat_cpu_index() of this pcpu */
	plat_lock_t lock;
	struct sched_link runq;     /* runnable entities, not the running one */
	struct sched_entity *current;
	struct sched_entity *sole;  /* the one-entity framework (sched_single.c): the pcpu's entity */
	volatile bool need_resched; /* accessed atomically */
	bool yielded;               /* current asked to yield; cleared by pick_next */
	unsigned int nr_entities;
	uint64_t account_tsc;       /* time up to which current has been charged */
	uint64_t deadline;          /* last deadline handed to the core */
	uint64_t switches;          /* count of context switches (statistics) */
	/* policy configuration and state */
	uint64_t slice;             /* rr, prio: time slice; bvt: minimum charging unit */
	uint64_t slice_end;         /* rr, prio: end of current's slice */
	uint64_t allowance;         /* bvt: context-switch allowance (real time) */
};

/* Zero e, copy params (NULL: all zero) and leave it DETACHED. */
void sched_entity_init(struct sched_entity *e, const struct sched_params *params);

static inline enum sched_state sched_entity_state(const struct sched_entity *e)
{
	return e->state;
}

/*
 * Set up p for cpu with policy ops and its argument block (the policy's own
 * args struct; NULL picks the policy's defaults). p must be zeroed or hold no
 * entities. -HV_EINVAL: ops incomplete or args refused by the policy;
 * -HV_EBUSY: p still holds entities.
 */
int sched_pcpu_init(struct sched_pcpu *p, unsigned int cpu, const struct sched_ops *ops, const void *args);

/*
 * Assign e to p; it starts BLOCKED. -HV_EINVAL: bad args or params refused by
 * the policy; -HV_EPERM: e is dead; -HV_EBUSY: e is already on a pcpu, or
 * the policy has no room (noop: one entity per pcpu).
 */
int sched_add(struct sched_pcpu *p, struct sched_entity *e);

/*
 * Take e off p (any state but DETACHED). A dead entity stays DEAD, any other
 * becomes DETACHED. Removing p's current entity requests a reschedule.
 * -HV_ENOENT: e is not on p.
 */
int sched_remove(struct sched_pcpu *p, struct sched_entity *e);

/* BLOCKED -> RUNNABLE (a paused entity stays paused but will be runnable on resume). No-op if not blocked. */
int sched_wake(struct sched_entity *e, bool *kick);
/* RUNNABLE/RUNNING -> BLOCKED (guest HLT, waiting for SIPI). No-op if already blocked. */
int sched_sleep(struct sched_entity *e, bool *kick);
/* -> PAUSED until sched_resume. No-op if already paused. */
int sched_pause(struct sched_entity *e, bool *kick);
/* PAUSED -> RUNNABLE, or BLOCKED if it was blocked. No-op if not paused. */
int sched_resume(struct sched_entity *e, bool *kick);
/* -> DEAD. */
int sched_kill(struct sched_entity *e, bool *kick);
/* The errors of the five above: -HV_EINVAL e NULL; -HV_ENOENT e is on no pcpu; -HV_EPERM e is dead. */

/* The current entity gives up the rest of its turn (not "sched_yield": POSIX owns that name). -HV_ENOENT: nothing is running. */
int sched_yield_current(struct sched_pcpu *p);

/*
 * Charge the running entity, let the policy choose, make the choice RUNNING
 * and clear need-resched. Returns the entity to run, or NULL to idle.
 * *deadline (may be NULL): when to call sched_tick next.
 * Call on p's own CPU.
 */
struct sched_entity *sched_pick_next(struct sched_pcpu *p, uint64_t *deadline);

/*
 * Host timer / preemption timer: charge the running entity and ask the policy
 * whether another should run. Returns the need-resched flag (true: call
 * sched_pick_next before re-entering the guest); *deadline (may be NULL) as
 * for sched_pick_next. Call on p's own CPU.
 */
bool sched_tick(struct sched_pcpu *p, uint64_t *deadline);

static inline bool sched_need_resched(const struct sched_pcpu *p)
{
	return __atomic_load_n(&p->need_resched, __ATOMIC_ACQUIRE);
}

#endif /* SCHED_SCHED_H */

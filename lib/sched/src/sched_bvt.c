/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Borrowed virtual time (Duda and Cheriton, SOSP 1999); see <sched/sched_bvt.h>.
 * The run queue is unordered; choosing scans it (O(entities on this pcpu)).
 */
#include <hvkit/errno.h>
#include <sched/sched_bvt.h>
#include "sched_list.h"

#define SCALE ((uint64_t)SCHED_BVT_WEIGHT_MAX)
/* Longest real time converted in one step: keeps real * SCALE below 2^62. */
#define REAL_CLAMP (1ull << 52)
/* A woken entity's avt counts as ahead of the others only within this window (modulo 2^64). */
#define AHEAD_WINDOW (1ull << 62)

/* a - b as a signed quantity: virtual times compare modulo 2^64. */
static int64_t vdiff(uint64_t a, uint64_t b)
{
	return (int64_t)(a - b);
}

static uint64_t to_virtual(uint64_t real, uint32_t weight)
{
	if (real > REAL_CLAMP)
		real = REAL_CLAMP;
	return real * SCALE / weight;
}

static uint64_t evt(const struct sched_entity *e)
{
	return e->avt - (e->warped ? e->params.warp : 0);
}

static void unwarp(struct sched_entity *e, uint64_t now)
{
	e->warped = false;
	e->warp_ready = now + e->params.unwarp_time;
}

static int bvt_init_pcpu(struct sched_pcpu *p, const void *args)
{
	const struct sched_bvt_args *a = args;
	uint64_t hz = plat_tsc_hz();
	uint64_t mcu = a != NULL ? a->mcu : hz / SCHED_BVT_DEFAULT_MCU_DIV;
	uint64_t allowance = a != NULL ? a->allowance : hz / SCHED_BVT_DEFAULT_ALLOWANCE_DIV;
	if (mcu == 0 || mcu > SCHED_DURATION_MAX || allowance > SCHED_DURATION_MAX)
		return -HV_EINVAL;
	p->slice = mcu;
	p->allowance = allowance;
	return 0;
}

/* A weight in 1..max, warp and durations in range, and a warp limit wherever there is a warp. */
static bool params_valid(const struct sched_params *s)
{
	if (s->weight == 0 || s->weight > SCHED_BVT_WEIGHT_MAX || s->warp > SCHED_BVT_WARP_MAX)
		return false;
	if (s->unwarp_time > SCHED_DURATION_MAX || s->warp_limit > SCHED_DURATION_MAX)
		return false;
	return s->warp == 0 || s->warp_limit != 0;
}

static int bvt_add(struct sched_pcpu *p, struct sched_entity *e)
{
	(void)p;
	if (!params_valid(&e->params))
		return -HV_EINVAL;
	e->avt = 0;
	e->warp_used = 0;
	e->warp_ready = 0;
	return 0;
}

/* The queued entity with the lowest evt (first queued wins ties). */
static struct sched_entity *best_queued(const struct sched_pcpu *p)
{
	struct sched_entity *best = NULL;
	SCHED_FOR_EACH_QUEUED(pos, p) {
		struct sched_entity *e = SCHED_ENTITY_OF(pos);
		if (best == NULL || vdiff(evt(e), evt(best)) < 0)
			best = e;
	}
	return best;
}

/* cand should displace run: its evt is lower by more than run's context-switch allowance. */
static bool beats(const struct sched_pcpu *p, const struct sched_entity *cand, const struct sched_entity *run)
{
	return vdiff(evt(cand) + to_virtual(p->allowance, run->params.weight), evt(run)) < 0;
}

/* SVT: the lowest avt among the other runnable entities (a sleeper banks no credit); false when there are none. */
static bool scheduler_virtual_time(const struct sched_pcpu *p, const struct sched_entity *run, uint64_t *svt)
{
	bool have_svt = run != NULL;
	*svt = run != NULL ? run->avt : 0;
	SCHED_FOR_EACH_QUEUED(pos, p) {
		uint64_t a = SCHED_ENTITY_OF(pos)->avt;
		if (!have_svt || vdiff(a, *svt) < 0)
			*svt = a;
		have_svt = true;
	}
	return have_svt;
}

static bool bvt_wake(struct sched_pcpu *p, struct sched_entity *e, uint64_t now)
{
	struct sched_entity *run = sched_running(p);
	uint64_t svt;
	if (scheduler_virtual_time(p, run, &svt) && (uint64_t)vdiff(e->avt, svt) >= AHEAD_WINDOW)
		e->avt = svt; /* behind (or so far ahead that it must have wrapped) */
	if (e->params.warp != 0 && now >= e->warp_ready) {
		e->warped = true;
		e->warp_used = 0;
	}
	sched_enqueue_tail(p, e);
	if (run == NULL || beats(p, e, run))
		return true;
	return p->deadline == SCHED_NO_DEADLINE;
}

static void bvt_sleep(struct sched_pcpu *p, struct sched_entity *e, uint64_t now)
{
	(void)p;
	if (e->warped)
		unwarp(e, now);
	sched_dequeue(e);
}

static void bvt_charge(struct sched_pcpu *p, struct sched_entity *e, uint64_t delta, uint64_t now)
{
	(void)p;
	e->avt += to_virtual(delta, e->params.weight);
	if (!e->warped)
		return;
	e->warp_used += delta;
	if (e->warp_used >= e->params.warp_limit)
		unwarp(e, now);
}

static bool bvt_yield(struct sched_pcpu *p, uint64_t now)
{
	(void)now;
	p->yielded = true;
	return !sched_list_empty(&p->runq);
}

/* What should run now: the running entity or the best queued one. */
static struct sched_entity *choose(const struct sched_pcpu *p)
{
	struct sched_entity *run = sched_running(p);
	struct sched_entity *cand = best_queued(p);
	if (run == NULL || cand == NULL)
		return run != NULL ? run : cand;
	if (p->yielded || beats(p, cand, run))
		return cand;
	return run;
}

/* Real time in which an entity of this weight runs through a virtual gap and one tick more: SCALE / weight
 * per tick, rounded up. */
static uint64_t real_time_to_close(int64_t gap, uint32_t weight)
{
	uint64_t v = (uint64_t)gap + 1;
	if (v > REAL_CLAMP)
		v = REAL_CLAMP;
	return (v * weight + SCALE - 1) / SCALE;
}

/* When run (not queued) would be displaced by the best queued entity, or its warp ends. */
static uint64_t deadline(const struct sched_pcpu *p, const struct sched_entity *run, uint64_t now)
{
	const struct sched_entity *cand = best_queued(p);
	if (run == NULL || cand == NULL)
		return SCHED_NO_DEADLINE;
	int64_t gap = vdiff(evt(cand) + to_virtual(p->allowance, run->params.weight), evt(run));
	uint64_t real = p->slice;
	if (gap >= 0 && real_time_to_close(gap, run->params.weight) > real)
		real = real_time_to_close(gap, run->params.weight);
	uint64_t dl = now + real;
	if (run->warped) {
		uint64_t left = run->params.warp_limit - run->warp_used;
		if (now + left < dl)
			dl = now + left;
	}
	return dl;
}

static struct sched_entity *bvt_pick_next(struct sched_pcpu *p, uint64_t now, uint64_t *dl)
{
	struct sched_entity *run = sched_running(p);
	struct sched_entity *next = choose(p);
	if (next != run) {
		if (run != NULL)
			sched_enqueue_tail(p, run);
		sched_dequeue(next);
	}
	*dl = deadline(p, next, now);
	return next;
}

static bool bvt_tick(struct sched_pcpu *p, uint64_t now, uint64_t *dl)
{
	struct sched_entity *run = sched_running(p);
	*dl = deadline(p, run, now);
	return choose(p) != run;
}

const struct sched_ops sched_bvt_ops = {
	.name = "bvt",
	.init_pcpu = bvt_init_pcpu,
	.add = bvt_add,
	.wake = bvt_wake,
	.sleep = bvt_sleep,
	.yield = bvt_yield,
	.pick_next = bvt_pick_next,
	.tick = bvt_tick,
	.charge = bvt_charge,
};

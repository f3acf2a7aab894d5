/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Borrowed virtual time (after Duda and Cheriton, SOSP 1999).
 *
 * Each entity has an actual virtual time (avt) that grows while it runs by
 * ticks * SCHED_BVT_WEIGHT_MAX / weight, so over time entities receive real
 * time in proportion to their weights. The runnable entity with the lowest
 * effective virtual time, evt = avt - (warped ? warp : 0), runs.
 *  - Context-switch allowance C: the running entity keeps the CPU until some
 *    other entity's evt is lower than its own by more than C (converted to its
 *    virtual time), so near-equal entities do not thrash.
 *  - Minimum charging unit (mcu): the timer never fires sooner than mcu after
 *    a decision.
 *  - Waking: avt is raised to the lowest avt among the other runnable
 *    entities (a sleeper does not bank credit), and an entity with warp > 0
 *    becomes warped, unless it unwarped less than unwarp_time ago. A woken
 *    entity preempts when its evt beats the running one by more than C.
 *  - A warped entity unwarps after running warp_limit ticks warped, or when
 *    it blocks, so warp buys latency, not a larger share.
 * Virtual times are compared modulo 2^64 (signed difference), so they may wrap.
 * A woken entity whose avt is more than 2^62 ahead of SVT is taken to have
 * wrapped behind it and restarts at SVT; one charge converts at most 2^52 ticks.
 */
#ifndef SCHED_SCHED_BVT_H
#define SCHED_SCHED_BVT_H

#include <sched/sched_ops.h>

#define SCHED_BVT_WARP_MAX (1ull << 56)

struct sched_bvt_args {
	uint64_t mcu;       /* minimum charging unit, TSC ticks, 1..SCHED_DURATION_MAX */
	uint64_t allowance; /* context-switch allowance C, TSC ticks, 0..SCHED_DURATION_MAX */
};

/* Defaults for NULL args: mcu 1 ms, allowance 5 ms of plat_tsc_hz(). */
#define SCHED_BVT_DEFAULT_MCU_DIV 1000u
#define SCHED_BVT_DEFAULT_ALLOWANCE_DIV 200u

extern const struct sched_ops sched_bvt_ops;

#endif

/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Round-robin: runnable entities take turns of one time slice each, in FIFO
 * order. Yield and block send the current entity to the tail (block: once it
 * wakes); a woken entity joins the tail and never preempts. An entity alone on
 * its pcpu runs without a timer.
 */
#ifndef SCHED_SCHED_RR_H
#define SCHED_SCHED_RR_H

#include <sched/sched_ops.h>

struct sched_rr_args {
	uint64_t slice; /* TSC ticks, 1..SCHED_DURATION_MAX */
};

/* Slice used when sched_pcpu_init gets NULL args: 10 ms of plat_tsc_hz(). */
#define SCHED_RR_DEFAULT_SLICE_DIV 100u

extern const struct sched_ops sched_rr_ops;

#endif

/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Strict priority: the highest-priority runnable entity runs; a wake of a
 * higher priority than the running entity preempts it at once. Entities of
 * the same priority share the pcpu round-robin with a time slice. A
 * preempted entity goes back to the head of its level, one whose slice ran
 * out (or that yielded) to the tail; a woken entity joins the tail of its level.
 * Every turn starts with a full slice (a preempted entity does not keep the
 * remainder of its old one). A timer is armed only while a peer of the
 * running entity's level is waiting.
 */
#ifndef SCHED_SCHED_PRIO_H
#define SCHED_SCHED_PRIO_H

#include <sched/sched_ops.h>

#define SCHED_PRIO_MAX 31u

struct sched_prio_args {
	uint64_t slice; /* TSC ticks, 1..SCHED_DURATION_MAX */
};

/* Slice used when sched_pcpu_init gets NULL args: 10 ms of plat_tsc_hz(). */
#define SCHED_PRIO_DEFAULT_SLICE_DIV 100u

extern const struct sched_ops sched_prio_ops;

#endif

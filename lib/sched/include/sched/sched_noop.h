/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * The noop policy (partition mode): exactly one entity per pcpu. It runs
 * whenever it is runnable; the pcpu idles while it is blocked. No timer.
 * sched_pcpu_init args: must be NULL.
 */
#ifndef SCHED_SCHED_NOOP_H
#define SCHED_SCHED_NOOP_H

#include <sched/sched_ops.h>

extern const struct sched_ops sched_noop_ops;

#endif

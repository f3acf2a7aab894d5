/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * A small rate limiter for log lines a guest can trigger: at most `burst` lines per window of
 * TSC ticks; the lines it holds back are counted, and the next line allowed carries their
 * number. One limiter may be shared by the vCPUs of a VM (it takes its own lock).
 */
#ifndef HVKIT_RATELIMIT_H
#define HVKIT_RATELIMIT_H

#include <stdbool.h>
#include <stdint.h>

#include <hvkit/platform.h>

struct ratelimit {
	plat_lock_t lock;
	uint64_t window_tsc;      /* window length in TSC ticks */
	uint32_t burst;           /* lines allowed per window */
	uint64_t window_start;    /* TSC at which the open window began */
	uint32_t used;            /* lines allowed in the open window */
	uint32_t pending;         /* lines suppressed since the last allowed line */
	uint64_t suppressed_total; /* lines suppressed since init */
};

/* burst lines per window_ms milliseconds (window measured with plat_tsc/plat_tsc_hz). */
void ratelimit_init(struct ratelimit *rl, uint32_t burst, uint32_t window_ms);

/*
 * May the caller log a line now? true: yes, and *suppressed (if not NULL) is the number of
 * lines held back since the previous allowed one (0 if none). false: the line is counted
 * as suppressed; *suppressed is left alone.
 */
bool ratelimit_allow(struct ratelimit *rl, uint32_t *suppressed);

#endif

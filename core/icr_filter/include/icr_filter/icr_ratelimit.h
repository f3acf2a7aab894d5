/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * A small log rate limiter: at most `burst` lines per window of TSC ticks; the lines
 * it holds back are counted, and the next line allowed carries their number.
 * One limiter may be shared by the vCPUs of a VM (it takes its own lock).
 */
#ifndef ICR_FILTER_ICR_RATELIMIT_H
#define ICR_FILTER_ICR_RATELIMIT_H

#include <stdbool.h>
#include <stdint.h>

#include <hvkit/platform.h>

struct icr_action;

struct icr_ratelimit {
	plat_lock_t lock;
	uint64_t window_tsc;      /* window length in TSC ticks */
	uint32_t burst;           /* lines allowed per window */
	bool started;             /* a window is open */
	uint64_t window_start;    /* TSC at which the open window began */
	uint32_t used;            /* lines allowed in the open window */
	uint32_t pending;         /* lines suppressed since the last allowed line */
	uint64_t suppressed_total; /* lines suppressed since init */
};

/* burst lines per window_ms milliseconds (window measured with plat_tsc/plat_tsc_hz). */
void icr_ratelimit_init(struct icr_ratelimit *rl, uint32_t burst, uint32_t window_ms);

/*
 * May the caller log a line now? true: yes, and *suppressed (if not NULL) is the number of
 * lines held back since the previous allowed one (0 if none). false: the line is counted
 * as suppressed; *suppressed is left alone.
 */
bool icr_ratelimit_allow(struct icr_ratelimit *rl, uint32_t *suppressed);

/*
 * Log, rate-limited at PLAT_LOG_WARN, the destinations of one filtered ICR write that
 * were outside the VM (nothing when a->nr_dropped is 0). vm names the VM in the line.
 * Returns true when a line was written.
 */
bool icr_log_dropped(struct icr_ratelimit *rl, const char *vm, unsigned int src_vcpu,
		     const struct icr_action *a);

#endif

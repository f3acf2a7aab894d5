/* SPDX-License-Identifier: BSD-3-Clause */
/* The rate-limited log line for ICR destinations outside the VM. */
#ifndef ICR_FILTER_ICR_LOG_H
#define ICR_FILTER_ICR_LOG_H

#include <stdbool.h>
#include <ratelimit/ratelimit.h>

struct icr_action;

/*
 * Log, rate-limited at PLAT_LOG_WARN, the destinations of one filtered ICR write that
 * were outside the VM (nothing when a->nr_dropped is 0). vm names the VM in the line.
 * Returns true when a line was written.
 */
bool icr_log_dropped(struct ratelimit *rl, const char *vm, unsigned int src_vcpu,
		     const struct icr_action *a);

#endif

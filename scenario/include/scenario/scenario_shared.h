/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * The parts of the scenario binding that only images with shared CPUs or a Service VM use (share, hybrid, the
 * host tool): scheduling policies and hybrid mode's shape. The partition and lapic_pt images refuse the
 * scheduling properties (scenario/src/bin_check.c) and do not include this header.
 */
#ifndef HVKIT_SCENARIO_SHARED_H
#define HVKIT_SCENARIO_SHARED_H

#include <scenario/scenario.h>

/* "sched-policy" of the hypervisor node: how a CPU shared by several vCPUs picks the next one. */
enum scenario_sched {
	SCENARIO_SCHED_DEFAULT = 0, /* property absent: the mode's choice (BVT where CPUs are shared) */
	SCENARIO_SCHED_BVT,         /* "bvt": borrowed virtual time, shares by sched-weight */
	SCENARIO_SCHED_RR,          /* "rr": round-robin */
	SCENARIO_SCHED_PRIO,        /* "prio": highest sched-priority first, round-robin within one */
};
#define SCENARIO_SCHED_WEIGHT_MAX 1024u
#define SCENARIO_SCHED_PRIORITY_MAX 31u
#define SCENARIO_SCHED_WARP_US_MAX 1000000u

/*
 * The hybrid mode's shape, on a scenario scenario_validate() accepted: one Service VM, at least one
 * pre-launched VM, `real-time` only with `lapic-passthrough`, post-launched VMs only on the Service VM's
 * CPUs. Returns 0, or -HV_EINVAL when anything was reported (each message names node and property).
 */
int scenario_validate_hybrid(const struct scenario *sc, struct scenario_report *rep);

/* The policy of CPU cpu: the one entry, entry cpu, or SCENARIO_SCHED_DEFAULT. */
enum scenario_sched scenario_cpu_sched(const struct scenario *sc, uint32_t cpu);

#endif /* HVKIT_SCENARIO_SHARED_H */

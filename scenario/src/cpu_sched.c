/* SPDX-License-Identifier: BSD-3-Clause */
/* A CPU's scheduling policy (share and hybrid's shared CPUs; the small images never ask). */
#include <scenario/scenario_shared.h>

enum scenario_sched scenario_cpu_sched(const struct scenario *sc, uint32_t cpu)
{
	if (sc->sched_policy_count == 1)
		return (enum scenario_sched)sc->sched_policy[0];
	if (cpu < sc->sched_policy_count)
		return (enum scenario_sched)sc->sched_policy[cpu];
	return SCENARIO_SCHED_DEFAULT;
}

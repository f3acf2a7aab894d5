/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Hybrid mode's start: share mode's shared side beside pre-launched real-time VMs. A CPU given to a
 * pre-launched VM with lapic-passthrough is that VM's alone (scenario validation refuses to give it to
 * another): the noop scheduler runs its one vCPU, which asks for no deadline, and the run loop arms no
 * host timer on a CPU whose LAPIC a guest owns, so the CPU takes no scheduler tick and no timer work.
 * Every other CPU schedules as in share mode. Then the VMs start as share mode starts them, the
 * pre-launched ones first: they do not wait for the Service VM.
 */
#include "share_internal.h"

#include <core/share.h>
#include <scenario/scenario_shared.h>

#include <boot/boot_info.h>
#include <core/console.h>
#include <core/mode.h>
#include <core/percpu.h>
#include <sched/sched_noop.h>

/* The real-time VM that owns this CPU, or NULL. */
static const struct vm_config *rt_owner(const struct scenario *sc, unsigned int cpu)
{
	for (uint32_t i = 0; i < sc->vm_count; i++) {
		const struct vm_config *c = &sc->vms[i];
		if (c->load_order != SCENARIO_PRE_LAUNCHED || !c->lapic_passthrough)
			continue;
		for (uint32_t k = 0; k < c->cpu_count; k++)
			if (c->cpus[k] == cpu)
				return c;
	}
	return NULL;
}

static void report_error(void *ctx, const char *message)
{
	(void)ctx;
	hv_error("%s", message);
}

void hybrid_run(const struct boot_info *bi, const struct scenario *sc)
{
	struct scenario_report rep = { report_error, NULL, 0 };
	if (scenario_validate_hybrid(sc, &rep) != 0) {
		hv_error("hybrid mode: the scenario is not a hybrid one (%u error%s): no VM will be started", rep.errors,
			 rep.errors == 1 ? "" : "s");
		return;
	}
	for (unsigned int cpu = 0; cpu < cpu_count; cpu++) {
		const struct vm_config *rt = rt_owner(sc, cpu);
		if (rt == NULL) {
			if (share_sched_init_cpu(sc, cpu) != 0)
				return;
			continue;
		}
		if (vm_sched_init_cpu(cpu, &sched_noop_ops, NULL) != 0) {
			hv_error("hybrid mode: scheduler set-up failed on CPU %u", cpu);
			return;
		}
		hv_info("hybrid mode: CPU %u is vm %s's alone (real-time, LAPIC passed through): noop scheduler, "
			"no tick", cpu, rt->name);
	}
	share_start(bi, sc);
}

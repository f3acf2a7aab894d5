/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * The vCPUs each physical CPU runs where several may share one (share and hybrid): a list per CPU beside its
 * scheduler's entities, and the scheduling parameters of a VM's scenario (BVT's weight and warp).
 */
#include <core/percpu.h>
#include <hvkit/errno.h>
#include <sched/sched_bvt.h>
#include <core/vm_shared.h>
#include "run_pcpu.h"

/* A CPU's list of its vCPUs is read at every entry on that CPU and changed from the CPU where a VM is
 * created or torn down (share mode): this lock keeps a vCPU being removed from being polled meanwhile. */
static plat_lock_t pcpu_list_lock[HV_MAX_CPUS];
static struct vcpu *vcpus_of_pcpu[HV_MAX_CPUS][VM_MAX_VCPUS];
static unsigned int vcpus_on_pcpu[HV_MAX_CPUS];

uint64_t pcpu_vcpu_timers(unsigned int cpu, bool watchdogs)
{
	uint64_t next = 0;
	plat_lock(&pcpu_list_lock[cpu]);
	for (unsigned int i = 0; i < vcpus_on_pcpu[cpu]; i++) {
		struct vcpu *o = vcpus_of_pcpu[cpu][i];
		next = earliest(next, vcpu_apic_poll(o));
		if (watchdogs && o->vm->state == VM_RUNNING)
			next = earliest(next, vcpu_watchdog_check(o, false));
	}
	plat_unlock(&pcpu_list_lock[cpu]);
	return next;
}

void vcpu_sched_detach(struct vcpu *v)
{
	unsigned int cpu = v->pcpu;
	if (sched_entity_state(&v->sched) == SCHED_DETACHED)
		return;
	sched_remove(&pcpu_sched[cpu], &v->sched);
	plat_lock(&pcpu_list_lock[cpu]);
	for (unsigned int i = 0; i < vcpus_on_pcpu[cpu]; i++) {
		if (vcpus_of_pcpu[cpu][i] == v) {
			vcpus_of_pcpu[cpu][i] = vcpus_of_pcpu[cpu][--vcpus_on_pcpu[cpu]];
			break;
		}
	}
	plat_unlock(&pcpu_list_lock[cpu]);
}

int vcpu_sched_attach(struct vcpu *v)
{
	const struct vm_config *cfg = v->vm->cfg;
	/* BVT's warp (sched-warp-us): a vCPU woken (by I/O, an interrupt) borrows that much virtual time,
	 * so it is dispatched ahead of CPU-bound ones, for at most that long of real time at once. BVT's
	 * virtual time runs at SCHED_BVT_WEIGHT_MAX / weight per TSC tick (sched_bvt.h): the warp is that
	 * many microseconds of the vCPU's own running, converted so; its limit and unwarp time are real. */
	uint32_t weight = cfg->sched_weight ? cfg->sched_weight : 1;
	uint64_t warp_real = plat_tsc_hz() / 1000000u * cfg->sched_warp_us;
	const struct sched_params params = { .weight = weight, .priority = cfg->sched_priority,
					     .warp = warp_real * SCHED_BVT_WEIGHT_MAX / weight, .warp_limit = warp_real,
					     .unwarp_time = warp_real };
	if (v->pcpu >= cpu_count || !percpu_blocks[v->pcpu].online || vcpus_on_pcpu[v->pcpu] >= VM_MAX_VCPUS)
		return -HV_ERANGE;
	sched_entity_init(&v->sched, &params);
	int rc = sched_add(&pcpu_sched[v->pcpu], &v->sched);
	if (rc == 0) {
		plat_lock(&pcpu_list_lock[v->pcpu]);
		vcpus_of_pcpu[v->pcpu][vcpus_on_pcpu[v->pcpu]++] = v;
		plat_unlock(&pcpu_list_lock[v->pcpu]);
	}
	return rc;
}

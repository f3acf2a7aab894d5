/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * The vCPU each physical CPU runs where it runs one for good (partition and lapic_pt: lib/sched's one-entity
 * framework, noop, refuses a second). Set once while the VMs are built, before any runs; no scheduling
 * parameters (noop has none), and no vCPU ever leaves its CPU's scheduler (no VM is destroyed).
 */
#include <core/percpu.h>
#include <hvkit/errno.h>
#include "run_pcpu.h"

static struct vcpu *vcpu_of_pcpu[HV_MAX_CPUS];

uint64_t pcpu_vcpu_timers(unsigned int cpu, bool watchdogs)
{
	struct vcpu *v = vcpu_of_pcpu[cpu];
	if (v == NULL)
		return 0;
	uint64_t next = vcpu_apic_poll(v);
	return watchdogs && v->vm->state == VM_RUNNING ? earliest(next, vcpu_watchdog_check(v, false)) : next;
}

int vcpu_sched_attach(struct vcpu *v)
{
	if (v->pcpu >= cpu_count || !percpu_blocks[v->pcpu].online)
		return -HV_ERANGE;
	sched_entity_init(&v->sched, NULL);
	int rc = sched_add(&pcpu_sched[v->pcpu], &v->sched);
	if (rc == 0)
		vcpu_of_pcpu[v->pcpu] = v;
	return rc;
}

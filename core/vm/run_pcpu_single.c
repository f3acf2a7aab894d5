/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * The vCPU each physical CPU runs where it runs one for good (partition and lapic_pt), without lib/sched:
 * a CPU runs its vCPU while it is runnable and idles otherwise; nothing is ever preempted, there is no
 * policy, no time accounting and no deadline. The vCPU is set once while the VMs are built, before any runs;
 * it leaves only when its VM stops (vcpu_sched_kill), and no VM is destroyed. Share and hybrid, whose CPUs a
 * scheduler shares among vCPUs, link run_pcpu.c.
 */
#include <core/lapic.h>
#include <core/percpu.h>
#include <hvkit/errno.h>
#include "run_pcpu.h"

/* What each CPU runs. `runnable` and `dead` change under any CPU's hand (a wake, a SIPI, a stop) and are read
 * by the CPU itself; `resched` tells an idle CPU that its vCPU became runnable since it looked. */
struct pcpu_vcpu {
	struct vcpu *v;
	bool runnable, dead, resched;
};
static struct pcpu_vcpu pcpu_vcpu[HV_MAX_CPUS];

int vm_sched_init(void)
{
	vm_sched_ready();
	return 0;
}

int vcpu_sched_attach(struct vcpu *v)
{
	if (v->pcpu >= cpu_count || !percpu_blocks[v->pcpu].online)
		return -HV_ERANGE;
	if (pcpu_vcpu[v->pcpu].v != NULL)
		return -HV_EBUSY; /* one vCPU per CPU in this image: a second is refused, the VM not built */
	pcpu_vcpu[v->pcpu] = (struct pcpu_vcpu){ .v = v }; /* blocked until vcpu_wake */
	return 0;
}

uint64_t pcpu_vcpu_timers(unsigned int cpu, bool watchdogs)
{
	struct vcpu *v = pcpu_vcpu[cpu].v;
	if (v == NULL)
		return 0;
	uint64_t next = vcpu_apic_poll(v);
	return watchdogs && v->vm->state == VM_RUNNING ? earliest(next, vcpu_watchdog_check(v, false)) : next;
}

/* The flag is cleared before runnable is read (a locked exchange orders the two), so a wake in between
 * either is seen here or leaves resched set for pcpu_resched. */
struct vcpu *pcpu_pick(unsigned int cpu)
{
	struct pcpu_vcpu *p = &pcpu_vcpu[cpu];
	(void)__atomic_exchange_n(&p->resched, false, __ATOMIC_SEQ_CST);
	bool run = __atomic_load_n(&p->runnable, __ATOMIC_SEQ_CST) && !__atomic_load_n(&p->dead, __ATOMIC_ACQUIRE);
	return run ? p->v : NULL;
}

bool pcpu_resched(unsigned int cpu)
{
	return __atomic_load_n(&pcpu_vcpu[cpu].resched, __ATOMIC_ACQUIRE);
}

/* Nothing preempts a vCPU here, and there is no deadline; a wake since the last pick (pcpu_resched) sends it
 * round the CPU's loop once, as lib/sched's need-resched did. */
uint64_t pcpu_entry_check(unsigned int cpu, bool may_leave, bool *leave, uint64_t *deadline)
{
	*leave = may_leave && pcpu_resched(cpu);
	*deadline = 0;
	return pcpu_vcpu_timers(cpu, false);
}

void vcpu_sched_sleep(struct vcpu *v)
{
	__atomic_store_n(&pcpu_vcpu[v->pcpu].runnable, false, __ATOMIC_SEQ_CST);
}

bool vcpu_sched_kill(struct vcpu *v)
{
	struct pcpu_vcpu *p = &pcpu_vcpu[v->pcpu];
	__atomic_store_n(&p->runnable, false, __ATOMIC_RELEASE);
	return !__atomic_exchange_n(&p->dead, true, __ATOMIC_ACQ_REL);
}

/* Make a blocked vCPU runnable (an interrupt, a SIPI, its VM's stop, or the BSP at start); its CPU, when
 * another, is kicked out of its idle wait. */
void vcpu_wake(struct vcpu *v)
{
	struct pcpu_vcpu *p = &pcpu_vcpu[v->pcpu];
	if (p->v != v || __atomic_load_n(&p->dead, __ATOMIC_ACQUIRE))
		return;
	if (__atomic_exchange_n(&p->runnable, true, __ATOMIC_SEQ_CST))
		return;
	__atomic_store_n(&p->resched, true, __ATOMIC_SEQ_CST);
	if (v->pcpu != this_cpu()->index)
		lapic_kick_cpu(v->pcpu);
}

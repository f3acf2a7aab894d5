/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * The vCPUs each physical CPU runs where several may share one (share and hybrid): a list per CPU beside its
 * scheduler's entities, and the scheduling parameters of a VM's scenario (BVT's weight and warp).
 */
#include <core/lapic.h>
#include <core/percpu.h>
#include <core/x86.h>
#include <hvkit/errno.h>
#include <sched/sched.h>
#include <core/vm_shared.h>
#include "run_pcpu.h"

static struct sched_pcpu pcpu_sched[HV_MAX_CPUS];
/* When this CPU's scheduler wants to be asked again (sched_tick), host TSC; 0: never. */
static uint64_t sched_deadline[HV_MAX_CPUS];
/* A CPU's list of its vCPUs is read at every entry on that CPU and changed from the CPU where a VM is
 * created or torn down (share mode): this lock keeps a vCPU being removed from being polled meanwhile. */
static plat_lock_t pcpu_list_lock[HV_MAX_CPUS];
static struct vcpu *vcpus_of_pcpu[HV_MAX_CPUS][VM_MAX_VCPUS];
static unsigned int vcpus_on_pcpu[HV_MAX_CPUS];
/* The scheduler's entities of each CPU's vCPUs, by slot (a vCPU's is v->sched while it is attached), and
 * whose each is (NULL: the slot is free); both under pcpu_list_lock. */
static struct sched_entity entities[HV_MAX_CPUS][VM_MAX_VCPUS];
static struct vcpu *entity_owner[HV_MAX_CPUS][VM_MAX_VCPUS];

/* The earliest timer of every vCPU on cpu (vcpu_apic_poll), with their running VMs' watchdogs when
 * `watchdogs`; 0: none. */
static uint64_t pcpu_vcpu_timers(unsigned int cpu, bool watchdogs)
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
	if (v->sched == NULL)
		return;
	sched_remove(&pcpu_sched[cpu], v->sched);
	plat_lock(&pcpu_list_lock[cpu]);
	entity_owner[cpu][v->sched - entities[cpu]] = NULL;
	v->sched = NULL;
	for (unsigned int i = 0; i < vcpus_on_pcpu[cpu]; i++) {
		if (vcpus_of_pcpu[cpu][i] == v) {
			vcpus_of_pcpu[cpu][i] = vcpus_of_pcpu[cpu][--vcpus_on_pcpu[cpu]];
			break;
		}
	}
	plat_unlock(&pcpu_list_lock[cpu]);
}

/* A free entity slot on v's CPU, taken for v (there is one: a CPU has fewer than VM_MAX_VCPUS vCPUs). */
static struct sched_entity *entity_slot(struct vcpu *v)
{
	unsigned int k = 0;
	plat_lock(&pcpu_list_lock[v->pcpu]);
	while (entity_owner[v->pcpu][k] != NULL)
		k++;
	entity_owner[v->pcpu][k] = v;
	plat_unlock(&pcpu_list_lock[v->pcpu]);
	return &entities[v->pcpu][k];
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
	struct sched_entity *e = entity_slot(v);
	sched_entity_init(e, &params);
	int rc = sched_add(&pcpu_sched[v->pcpu], e);
	plat_lock(&pcpu_list_lock[v->pcpu]);
	if (rc == 0) {
		vcpus_of_pcpu[v->pcpu][vcpus_on_pcpu[v->pcpu]++] = v;
		v->sched = e;
	} else {
		entity_owner[v->pcpu][e - entities[v->pcpu]] = NULL;
	}
	plat_unlock(&pcpu_list_lock[v->pcpu]);
	return rc;
}

int vm_sched_init_cpu(unsigned int cpu, const struct sched_ops *policy, const void *args)
{
	return cpu < cpu_count ? sched_pcpu_init(&pcpu_sched[cpu], cpu, policy, args) : -HV_ERANGE;
}

/* The vCPU to run on cpu now, or NULL (then pcpu_resched says whether to look again at once rather than wait). */
static struct vcpu *pcpu_pick(unsigned int cpu)
{
	uint64_t deadline = SCHED_NO_DEADLINE;
	struct sched_entity *e = sched_pick_next(&pcpu_sched[cpu], &deadline);
	sched_deadline[cpu] = deadline == SCHED_NO_DEADLINE ? 0 : deadline;
	if (e == NULL)
		return NULL;
	plat_lock(&pcpu_list_lock[cpu]);
	struct vcpu *v = entity_owner[cpu][e - entities[cpu]];
	plat_unlock(&pcpu_list_lock[cpu]);
	return v;
}

static bool pcpu_resched(unsigned int cpu)
{
	return sched_need_resched(&pcpu_sched[cpu]);
}

/* Is it time to ask this CPU's scheduler again? Then charge the vCPU; true: another should run. */
static bool pcpu_preempt(unsigned int cpu)
{
	uint64_t d = sched_deadline[cpu];
	if (d != 0 && (int64_t)(rdtsc() - d) >= 0) {
		uint64_t next = SCHED_NO_DEADLINE;
		sched_tick(&pcpu_sched[cpu], &next);
		sched_deadline[cpu] = next == SCHED_NO_DEADLINE ? 0 : next;
	}
	return sched_need_resched(&pcpu_sched[cpu]);
}

uint64_t pcpu_entry_check(unsigned int cpu, bool may_leave, bool *leave, uint64_t *deadline)
{
	uint64_t timer = pcpu_vcpu_timers(cpu, false);
	*leave = may_leave && pcpu_preempt(cpu);
	*deadline = sched_deadline[cpu];
	return timer;
}

/* The vCPU blocks (halted, waiting for SIPI or its device model) until vcpu_wake. */
static void vcpu_sched_sleep(struct vcpu *v)
{
	bool kick = false;
	sched_sleep(v->sched, &kick);
}

/* The vCPU leaves its CPU's scheduler for good: true the first time only. */
static bool vcpu_sched_kill(struct vcpu *v)
{
	bool kick = false;
	return sched_kill(v->sched, &kick) == 0;
}

/* Make a blocked vCPU runnable (it has an interrupt, a SIPI, or it is the BSP at start). */
void vcpu_wake(struct vcpu *v)
{
	bool kick = false;
	if (sched_wake(v->sched, &kick) == 0 && kick)
		lapic_kick_cpu(v->pcpu);
}

/* APs reach their loop before the mode has chosen a policy: they idle until this is set. */
static volatile bool sched_ready;

void vm_sched_ready(void)
{
	__atomic_store_n(&sched_ready, true, __ATOMIC_RELEASE);
}

/* After a vCPU stopped running: a stopped vCPU of a stopping VM leaves the scheduler for good; a blocked one
 * sleeps unless something it waits for already arrived. */
static void vcpu_park(struct vcpu *v)
{
	if (v->state == VCPU_STOPPED || v->vm->state != VM_RUNNING) {
		if (vcpu_sched_kill(v))
			vcpu_leave_cpu(v);
		return;
	}
	if (v->state == VCPU_RUNNABLE)
		return;
	vcpu_sched_sleep(v);
	/* The wake may have come between the HLT exit and the sleep: look again. */
	if (vcpu_wake_arrived(v))
		vcpu_wake(v);
}

void pcpu_schedule_once(void)
{
	unsigned int me = this_cpu()->index;
	if (!__atomic_load_n(&sched_ready, __ATOMIC_ACQUIRE)) {
		wait_for_interrupt();
		return;
	}
	pcpu_arm_timer(pcpu_vcpu_timers(me, true));
	struct vcpu *v = pcpu_pick(me);
	if (v == NULL) {
		irq_disable();
		if (!pcpu_resched(me))
			pcpu_wait();
		return;
	}
	vcpu_run_here(v);
	vcpu_park(v);
}

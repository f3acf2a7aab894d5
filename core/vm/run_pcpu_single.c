/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * The CPU loop where each physical CPU runs one vCPU for good (partition and lapic_pt), without lib/sched: a
 * CPU runs its vCPU while it is runnable (or what it waits for came) and idles otherwise; nothing is ever
 * preempted, there is no policy, no time accounting and no deadline. The vCPU is set once while the VMs are
 * built, before any runs (an AP's loop finds none until then and idles); it leaves only when its VM stops, and
 * no VM is destroyed. Share and hybrid, whose CPUs a scheduler shares among vCPUs, link run_pcpu.c.
 */
#include <core/lapic.h>
#include <core/percpu.h>
#include <core/x86.h>
#include <hvkit/errno.h>
#include "run_pcpu.h"

/* The vCPU each CPU runs, set once while the VMs are built. Its state (and its VM's) says what the CPU does
 * with it, so a wake only has to bring the CPU out of its idle wait to look. */
static struct vcpu *pcpu_vcpu[HV_MAX_CPUS];

int vcpu_sched_attach(struct vcpu *v)
{
	if (v->pcpu >= cpu_count || !percpu_blocks[v->pcpu].online)
		return -HV_ERANGE;
	if (pcpu_vcpu[v->pcpu] != NULL)
		return -HV_EBUSY; /* one vCPU per CPU in this image: a second is refused, the VM not built */
	pcpu_vcpu[v->pcpu] = v;
	return 0;
}

/* Nothing preempts a vCPU here, and there is no deadline. The vCPU's timer, 0: none. */
uint64_t pcpu_entry_check(unsigned int cpu, bool may_leave, bool *leave, uint64_t *deadline)
{
	(void)may_leave;
	*leave = false;
	*deadline = 0;
	return vcpu_apic_poll(pcpu_vcpu[cpu]);
}

/* A blocked vCPU may run (an interrupt, a SIPI, its VM's stop, or the BSP at start): its CPU, when another, is
 * kicked out of its idle wait. */
void vcpu_wake(struct vcpu *v)
{
	if (v->pcpu != this_cpu()->index)
		lapic_kick_cpu(v->pcpu);
}

/* Anything for the CPU to do: run its vCPU, or let it leave for good once its VM stops? */
static bool vcpu_has_work(struct vcpu *v)
{
	if (v == NULL || v->left)
		return false;
	enum vm_state st = v->vm->state;
	if (st != VM_RUNNING)
		return st == VM_STOPPING;
	/* unblock_if_ready's step for a halted vCPU, taken here so that a wake scans the APIC model once, not twice,
	 * on the way back into the guest (the interrupt latency path: bench-latency-vlapic-*). */
	if (v->state == VCPU_HALTED && vcpu_wake_event(v))
		v->state = VCPU_RUNNABLE;
	return v->state == VCPU_RUNNABLE || (v->state != VCPU_HALTED && vcpu_wake_arrived(v));
}

/* Its state is looked at with interrupts off, so a kick sent after it changed ends the wait (a pending
 * interrupt ends the HLT that follows STI). */
void pcpu_schedule_once(void)
{
	struct vcpu *v = pcpu_vcpu[this_cpu()->index];
	if (v != NULL && v->vm->state == VM_RUNNING)
		pcpu_arm_timer(earliest(vcpu_apic_poll(v), vcpu_watchdog_check(v, false)));
	irq_disable();
	if (!vcpu_has_work(v)) {
		pcpu_wait();
		return;
	}
	vcpu_run_here(v);
	if (v->state == VCPU_STOPPED || v->vm->state != VM_RUNNING)
		vcpu_leave_cpu(v);
}

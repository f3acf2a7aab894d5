/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Each physical CPU's loop around the run loop (core/vm/run.c): several vCPUs, on lib/sched's framework with
 * any policy (share, hybrid: run_pcpu.c), or one for good, without lib/sched (partition, lapic_pt:
 * run_pcpu_single.c).
 */
#ifndef HVKIT_CORE_VM_RUN_PCPU_H
#define HVKIT_CORE_VM_RUN_PCPU_H

#include <core/vm_internal.h>

/* The earliest of two host-TSC deadlines, 0 meaning none. */
static inline uint64_t earliest(uint64_t a, uint64_t b)
{
	return a == 0 || (b != 0 && b < a) ? b : a;
}

/* Has the VM's watchdog run out? Then it is stopped (with the registers of this vCPU, whose VMCS is current,
 * when `dump`). Otherwise its deadline, or 0 without one (run.c). */
uint64_t vcpu_watchdog_check(struct vcpu *v, bool dump);
/* The CPU's loop (the unit the image links), as run.c asks it. One round: run the vCPU its scheduler picks,
 * or wait. Before each entry on cpu (one call, on the exit path): the earliest timer of its vCPUs (vcpu_apic_poll;
 * 0: none), when to ask its scheduler again (*deadline, host TSC; 0: never), and *leave when the scheduler
 * wants the vCPU off the CPU now (its time is up, or a kick; asked only when may_leave). */
void pcpu_schedule_once(void);
uint64_t pcpu_entry_check(unsigned int cpu, bool may_leave, bool *leave, uint64_t *deadline);
/* What run.c gives the CPU loops: run a vCPU here until it stops running (its VMCS built and loaded, a SIPI or
 * wake taken); has what a blocked vCPU waits for arrived; it leaves its CPU for good; arm the host timer for
 * the CPU's next deadline (0: none); wait for an interrupt, interrupts off. */
void vcpu_run_here(struct vcpu *v);
bool vcpu_wake_arrived(struct vcpu *v);
void vcpu_leave_cpu(struct vcpu *v);
void pcpu_arm_timer(uint64_t next);
void pcpu_wait(void);

#endif

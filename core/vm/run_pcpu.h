/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Which vCPUs each physical CPU runs, for the run loop (core/vm/run.c): several, on lib/sched's framework with
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
/* The earliest timer of every vCPU on cpu (vcpu_apic_poll), with their running VMs' watchdogs when
 * `watchdogs`; 0: none. */
uint64_t pcpu_vcpu_timers(unsigned int cpu, bool watchdogs);
/* Each CPU's scheduler, as the run loop asks it (the unit the image links). The vCPU to run on cpu now, or
 * NULL (then pcpu_resched says whether to look again at once rather than wait). */
struct vcpu *pcpu_pick(unsigned int cpu);
bool pcpu_resched(unsigned int cpu);
/* Before each entry on cpu (one call, on the exit path): the earliest timer of its vCPUs (pcpu_vcpu_timers
 * without watchdogs; 0: none), when to ask its scheduler again (*deadline, host TSC; 0: never), and *leave when
 * the scheduler wants the vCPU off the CPU now (its time is up, or a kick; asked only when may_leave). */
uint64_t pcpu_entry_check(unsigned int cpu, bool may_leave, bool *leave, uint64_t *deadline);
/* The vCPU blocks (halted, waiting for SIPI or its device model) until vcpu_wake. */
void vcpu_sched_sleep(struct vcpu *v);
/* The vCPU leaves its CPU's scheduler for good: true the first time only. */
bool vcpu_sched_kill(struct vcpu *v);

#endif

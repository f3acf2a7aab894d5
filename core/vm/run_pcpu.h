/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Which vCPUs each physical CPU runs, for the run loop (core/vm/run.c): several, on lib/sched's framework with
 * any policy (share, hybrid: run_pcpu.c), or one for good (partition, lapic_pt: run_pcpu_single.c).
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
/* Each CPU's scheduler (run.c). */
extern struct sched_pcpu pcpu_sched[HV_MAX_CPUS];

#endif

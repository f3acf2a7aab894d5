/* SPDX-License-Identifier: BSD-3-Clause */
/* Bringing up the application processors with INIT-SIPI-SIPI (SDM Vol. 3A 8.4.4.1). */
#ifndef HVKIT_CORE_SMP_H
#define HVKIT_CORE_SMP_H

#include <boot/boot_info.h>
#include <core/percpu.h>
#include <stdint.h>

/* Start every CPU in apic_ids[] other than the caller; returns how many came online. */
unsigned int smp_start_aps(const struct boot_info *bi, const uint32_t *apic_ids, unsigned int n);
/* Work every CPU does once it is up (set by hv_main before smp_start_aps). */
typedef void (*cpu_bringup_fn)(struct percpu *cpu);
void smp_set_ap_work(cpu_bringup_fn fn);
/* What an AP does once online, forever (the mode's vCPU loop); default: halt. */
void smp_set_ap_idle(void (*idle)(void));

#endif

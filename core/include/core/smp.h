/* SPDX-License-Identifier: BSD-3-Clause */
/* Bringing up the application processors with INIT-SIPI-SIPI (SDM Vol. 3A 8.4.4.1). */
#ifndef HVKIT_CORE_SMP_H
#define HVKIT_CORE_SMP_H

#include <boot/boot_info.h>
#include <stdint.h>

/* Start every CPU in apic_ids[] other than the caller; returns how many came online. Each enters VMX root
 * operation (vmx_bringup_cpu) and then runs mode_ap_loop (core/include/core/mode.h) forever, or halts. */
unsigned int smp_start_aps(const struct boot_info *bi, const uint32_t *apic_ids, unsigned int n);

#endif

/* SPDX-License-Identifier: BSD-3-Clause */
/* Glue between the core and lib/vmx: VMX capability discovery and VMXON on every CPU. */
#ifndef HVKIT_CORE_VMX_BRINGUP_H
#define HVKIT_CORE_VMX_BRINGUP_H

#include <core/percpu.h>
#include <stdbool.h>

/* Probe VMX and enter VMX root operation on the calling CPU; logs why not on failure. */
bool vmx_bringup_cpu(struct percpu *cpu);
unsigned int vmx_bringup_count(void);
/* Does this image need VMX to do anything useful? (false only in images without lib/vmx) */
bool vmx_required(void);

/* The boot CPU's VMX capabilities (every CPU probes its own; they are expected alike). */
struct vmx_caps;
const struct vmx_caps *vmx_bringup_caps(void);
/* The one VPID pool of the system. */
struct vmx_vpid_pool;
struct vmx_vpid_pool *vmx_bringup_vpid_pool(void);

#endif

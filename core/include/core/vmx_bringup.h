/* Glue between the core and lib/vmx: VMX capability discovery and VMXON on every CPU. */
#ifndef HVKIT_CORE_VMX_BRINGUP_H
#define HVKIT_CORE_VMX_BRINGUP_H

#include <core/percpu.h>
#include <stdbool.h>

/* Probe VMX and enter VMX root operation on the calling CPU; logs why not on failure. */
bool vmx_bringup_cpu(struct percpu *cpu);
unsigned int vmx_bringup_count(void);

#endif

/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * What only images with a Service VM use of the VM layer (share, hybrid: core/share), in units the
 * partition and lapic_pt images do not link: post-launched VMs' memory, destroying a VM, the scheduler of
 * CPUs that several vCPUs share.
 */
#ifndef HVKIT_CORE_VM_SHARED_H
#define HVKIT_CORE_VM_SHARED_H

#include <core/vm_internal.h>
#include <sched/sched.h>

/* Post-launched RAM (vm/vm_memory_shared.c): owned pages, the Service VM's identity map, a fixed range,
 * unmapping; and giving back what the VM owns with its EPT (vm/vm_teardown.c). */
int vm_memory_add_owned(struct vm *vm, uint64_t gpa, uint64_t size, uint64_t *hpa);
int vm_memory_map_identity(struct vm *vm, uint64_t hpa, uint64_t size);
int vm_memory_map_fixed(struct vm *vm, uint64_t gpa, uint64_t hpa, uint64_t size);
int vm_memory_unmap(struct vm *vm, uint64_t gpa, uint64_t size);
void vm_memory_release(struct vm *vm);
/* Free what vm_build and the VM's life took, once its vCPUs have left their CPUs for good. */
void vm_teardown(struct vm *vm);
/* Set up a CPU's scheduler with a policy (vm/run_pcpu.c); vm_sched_ready once every CPU's is. */
int vm_sched_init_cpu(unsigned int cpu, const struct sched_ops *policy, const void *args);
/* Take a vCPU off its CPU's scheduler and vCPU list (vm/run_pcpu.c). */
void vcpu_sched_detach(struct vcpu *v);

#endif

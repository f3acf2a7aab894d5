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

/* Building a VM (vCPUs blocked on their CPUs, memory, bitmaps, APIC model, devices), starting its boot
 * vCPU, and loading the scenario's kernel (and ramdisk) boot modules with the VM's ACPI tables (vm/vm.c: the
 * pre-launched images only through vm_create_all). */
int vm_build(struct vm *vm, const struct boot_info *bi, const struct vm_config *cfg, unsigned int id);
void vm_start(struct vm *vm);
int vm_load_kernel(struct vm *vm, const struct boot_info *bi);
/* A table entry and its EPT mapping: -HV_EEXIST overlapping another, -HV_ENOMEM table full. */
int vm_memory_region_add(struct vm *vm, uint64_t gpa, uint64_t hpa, uint64_t size, enum vm_region_kind kind);
/* Every VM slot (vm/vm.c). */
extern struct vm vms[VM_MAX];
/* Post-launched RAM (vm/vm_memory_shared.c): owned pages, the Service VM's identity map, a fixed range,
 * unmapping; and giving back what the VM owns with its EPT (vm/vm_teardown.c). */
int vm_memory_add_owned(struct vm *vm, uint64_t gpa, uint64_t size, uint64_t *hpa);
int vm_memory_map_identity(struct vm *vm, uint64_t hpa, uint64_t size);
int vm_memory_map_fixed(struct vm *vm, uint64_t gpa, uint64_t hpa, uint64_t size);
int vm_memory_unmap(struct vm *vm, uint64_t gpa, uint64_t size);
void vm_memory_release(struct vm *vm);
/* Free what vm_build and the VM's life took, once its vCPUs have left their CPUs for good. */
void vm_teardown(struct vm *vm);
/* The APIC model's part of destroying a VM (its own unit in each model: only vm_teardown.c calls it). */
void vm_apic_teardown(struct vm *vm);
/* Set up a CPU's scheduler with a policy (vm/run_pcpu.c); vm_sched_ready once every CPU's is. */
int vm_sched_init_cpu(unsigned int cpu, const struct sched_ops *policy, const void *args);
void vm_sched_ready(void);
/* Take a vCPU off its CPU's scheduler and vCPU list (vm/run_pcpu.c). */
void vcpu_sched_detach(struct vcpu *v);

#endif

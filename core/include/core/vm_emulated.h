/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * What only the images that emulate the interrupt platform and memory-mapped devices use of the VM layer
 * (partition, share, hybrid: vm/apic_emulated.c, irqchip_pc.c, mmio.c, guest_paging.c, exit_io_string.c,
 * core/share); lapic_pt, which emulates neither (vm/apic_passthrough.c, irqchip_none.c, mmio_none.c), compiles
 * none of it.
 */
#ifndef HVKIT_CORE_VM_EMULATED_H
#define HVKIT_CORE_VM_EMULATED_H

#include <core/vm_internal.h>

/* A line of the VM's interrupt router (ISA IRQs through the 8259 and vIOAPIC, GSI 16-23 to the vIOAPIC):
 * level 0 low, 1 high, 2 a pulse (one edge). The PC interrupt controllers only (vm/irqchip_pc.c). */
int vm_vdev_irq(struct vm *vm, unsigned int gsi, unsigned int level);
/* MMIO to the VM's memory-mapped interrupt controller (the vIOAPIC, vm/irqchip_pc.c): 0 handled,
 * -HV_ENOENT no device there. */
int vm_vdev_mmio(struct vm *vm, uint64_t gpa, unsigned int size, bool write, uint32_t *val);
bool vm_vdev_mmio_claims(const struct vm *vm, uint64_t gpa);
/* One device access: size 1, 2 or 4 bytes at gpa; *val in or out. */
typedef void (*mmio_access_fn)(void *dev, uint64_t gpa, unsigned int size, bool write, uint32_t *val);
/* Emulate the instruction behind an MMIO exit at gpa against a device; returns what an exit
 * handler returns. */
int vcpu_emulate_mmio(struct vcpu *v, uint64_t gpa, mmio_access_fn access, void *dev);
/* The same in steps, for an access completed later (core/share: a device model's MMIO): decode the
 * instruction at RIP (0, or it is refused with #UD queued), the value a store writes, a load's
 * completion into its register. */
struct mmio_insn;
int vcpu_mmio_decode(struct vcpu *v, uint64_t gpa, struct mmio_insn *insn, uint64_t *rip);
uint64_t vcpu_mmio_store_value(struct vcpu *v, const struct mmio_insn *insn);
void vcpu_mmio_complete_load(struct vcpu *v, const struct mmio_insn *insn, uint64_t value);
/* A level-triggered EOI from a vCPU: to the VM's vIOAPIC. */
void vm_vdevs_eoi(struct vm *vm, uint8_t vector);
/* Sets or clears a primary processor-based control (its window-exiting bits) of the current VMCS. */
void vcpu_proc_control(struct vcpu *v, uint32_t bit, bool on);
/* CR0.PE of the guest whose VMCS is current (how an event is injected, lib/vmx vmx_inject_event). */
bool vcpu_guest_protected_mode(void);
struct guest_paging;
/* The guest's paging state from the current VMCS, for lib/guest_walk (pdptes: room for four). */
void vcpu_guest_paging(struct vcpu *v, struct guest_paging *paging, uint64_t pdptes[4]);

/* The emulated local APIC model only (vm/apic_emulated.c; core/include/core/vcpu_apic.h has what both
 * models define). An interrupt message from a device of the VM (vIOAPIC, MSI) to its vCPUs; delivery_mode
 * as the IOAPIC/MSI format encodes it (0 fixed, 1 lowest priority, 4 NMI, ...). */
int vm_apic_deliver(struct vm *vm, uint8_t vector, uint32_t dest, bool dest_logical, unsigned int delivery_mode,
		    bool level);
/* Is gpa the vCPU's xAPIC register page (xAPIC mode)? For vm/mmio.c. */
bool vcpu_apic_mmio_claims(struct vcpu *v, uint64_t gpa);
/* One access to that page (size 1, 2 or 4); an access the APIC refuses reads 0 / is dropped. */
void vcpu_apic_mmio(void *vcpu, uint64_t gpa, unsigned int size, bool write, uint32_t *val);
/* The guest moved its TSC (IA32_TSC, IA32_TSC_ADJUST; vm/exit_msr_tsc.c): guest TSC = host TSC + offset from
 * now on. 0, or -HV_ENOSYS where the model cannot follow, and the write is refused. (lapic_pt's guests keep
 * the host's TSC: vm/exit_msr_tsc_host.c; hybrid's pass-through VMs are refused any offset but 0.) */
int vcpu_apic_set_tsc_offset(struct vcpu *v, uint64_t offset);

#endif

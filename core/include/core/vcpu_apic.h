/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * A vCPU's local APIC, as the one run loop sees it. Two implementations, one linked per image:
 *  - vm/apic_emulated.c: lib/vlapic emulates it (partition, share, hybrid);
 *  - vm/apic_passthrough.c: the VM drives its physical x2APIC; only ICR writes and APIC ID/LDR
 *    reads exit, checked and translated by lib/icr_filter (lapic_pt).
 * What only the emulated model defines (device messages, the xAPIC page, a moved TSC) is in
 * core/include/core/vm_emulated.h.
 */
#ifndef HVKIT_CORE_VCPU_APIC_H
#define HVKIT_CORE_VCPU_APIC_H

#include <stdbool.h>
#include <stdint.h>
#include <vmx/vmx_vmcs.h>

struct vm;
struct vcpu;

/* Per VM, before its vCPUs run: APIC state for each vCPU. */
int vm_apic_setup(struct vm *vm);
/* The MSR bitmap's APIC part (after the policy has intercepted everything it denies). */
void vm_apic_msr_bitmap(struct vm *vm, void *msr_bitmap);
/* Adjust hvkit's required and desired VMX controls for this APIC model (pass-through drops
 * external-interrupt and HLT exiting; emulated asks for APICv when the VM wants it). */
void vm_apic_controls(const struct vm *vm, struct vmx_controls *required, struct vmx_controls *desired);
/* The VMCS is current and its controls final: write the model's VMCS fields. */
int vcpu_apic_vmcs_setup(struct vcpu *v, const struct vmx_controls *final);
/* Before each VM entry: bring what the model keeps in the VMCS up to date (APICv: RVI/SVI and
 * the EOI-exit bitmap). True when, with virtual-interrupt delivery, the vector in RVI passes
 * PPR: the CPU will deliver it as soon as the guest's RFLAGS.IF allows. */
bool vcpu_apic_pre_entry(struct vcpu *v);
/* Before each VM entry: the host TSC by which the guest must exit (the VMX-preemption timer), or 0.
 * The emulated model needs one while the guest runs with RFLAGS.IF = 0 (see apic_emulated.c). */
uint64_t vcpu_apic_exit_deadline(struct vcpu *v);
/* Right before each VM entry, after the run loop's own events (busy: one is going in already): the
 * model's interrupt for the guest, injected or held back with interrupt-window exiting; virtual_pending
 * is vcpu_apic_pre_entry's result. Pass-through: nothing (the hardware delivers everything). */
void vcpu_apic_inject(struct vcpu *v, bool busy, bool virtual_pending);


/* Highest vector the hypervisor must inject now, or -1 (pass-through: never). */
int vcpu_apic_pending(struct vcpu *v);
/* APIC MSRs (IA32_APIC_BASE, TSC deadline, x2APIC range): 0 handled, -HV_ENOENT not an APIC
 * MSR, -HV_EPERM #GP. */
int vcpu_apic_rdmsr(struct vcpu *v, uint32_t msr, uint64_t *val);
int vcpu_apic_wrmsr(struct vcpu *v, uint32_t msr, uint64_t val);
/* MOV to or from CR8 when it exits (the emulated model without a TPR shadow: the TPR's upper nibble):
 * 0 done, -1 #GP(0) queued, 1 the model takes no CR8 exits (pass-through: the VM is stopped for it). */
struct vmx_cr_access;
int vcpu_apic_mov_cr8(struct vcpu *v, const struct vmx_cr_access *a);
/* The input clock of the vCPU's APIC timer in Hz (CPUID 15H calls it the core crystal clock). */
uint64_t vcpu_apic_timer_hz(struct vcpu *v);
/* IA32_APIC_BASE.EN of the vCPU's local APIC (CPUID.1:EDX.APIC follows it). */
bool vcpu_apic_enabled(struct vcpu *v);
/* Before entering the guest on this CPU: deliver what is due (emulated timers). Returns the host TSC
 * of the next expiry the host timer must bring the CPU back for (0: none); the caller arms it. */
uint64_t vcpu_apic_poll(struct vcpu *v);
/* Make physical CPU `pcpu` leave the guest it runs (a fixed IPI, or an NMI where the guest
 * owns the LAPIC and would take a fixed vector itself). */
void vcpu_apic_force_exit(unsigned int pcpu);
/* The vCPU is done on this CPU for good (its VM stopped): return the APIC to the host clean. */
void vcpu_apic_release(struct vcpu *v);

#endif

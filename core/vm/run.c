/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * The one vCPU run loop: pending events in, VM entry, exit dispatch, until the vCPU halts,
 * waits for SIPI or its VM stops. Every mode uses it; a physical CPU's scheduler picks the vCPU.
 */
#include <core/console.h>
#include <core/percpu.h>
#include <core/recover.h>
#include <core/trap.h>
#include "run_pcpu.h"
#include <core/lapic.h>
#include <core/x86.h>
#include <ept/ept.h>
#include <vmx/vmcs_fields.h>
#include <vmx/vmx_arch.h>
#include <vmx/vmx_decode.h>

static struct exit_breakdown breakdown[HV_MAX_CPUS];
static int exit_nmi_window(const struct vmx_exit_info *exit, void *ctx);
static int exit_preemption_timer(const struct vmx_exit_info *exit, void *ctx);

/* The exit handlers by basic exit reason: built by the compiler, read-only, so no CPU can see it half made.
 * Nested VMX is not offered: every VMX instruction is #UD (exit_vmx_instruction). The rest go to the APIC
 * model (exit_apic_model), which takes its own exits and calls any other one unhandled. */
static const struct vmx_exit_table exit_table = {
	.default_handler = exit_apic_model,
	.handlers = {
		[VMX_EXIT_NMI_WINDOW] = exit_nmi_window,
		[VMX_EXIT_INVD] = exit_invd,
		[VMX_EXIT_PREEMPTION_TIMER] = exit_preemption_timer,
		[VMX_EXIT_TRIPLE_FAULT] = exit_triple_fault,
		[VMX_EXIT_EXCEPTION_OR_NMI] = exit_exception_or_nmi,
		[VMX_EXIT_CPUID] = exit_cpuid,
		[VMX_EXIT_VMCALL] = exit_vmcall,
		[VMX_EXIT_CR_ACCESS] = exit_cr_access,
		[VMX_EXIT_IO_INSTRUCTION] = exit_io,
		[VMX_EXIT_RDMSR] = exit_rdmsr,
		[VMX_EXIT_WRMSR] = exit_wrmsr,
		[VMX_EXIT_EPT_VIOLATION] = exit_ept_violation,
		[VMX_EXIT_EPT_MISCONFIGURATION] = exit_ept_misconfig,
		[VMX_EXIT_XSETBV] = exit_xsetbv,
		[VMX_EXIT_VMCLEAR] = exit_vmx_instruction,
		[VMX_EXIT_VMLAUNCH] = exit_vmx_instruction,
		[VMX_EXIT_VMPTRLD] = exit_vmx_instruction,
		[VMX_EXIT_VMPTRST] = exit_vmx_instruction,
		[VMX_EXIT_VMREAD] = exit_vmx_instruction,
		[VMX_EXIT_VMRESUME] = exit_vmx_instruction,
		[VMX_EXIT_VMWRITE] = exit_vmx_instruction,
		[VMX_EXIT_VMXOFF] = exit_vmx_instruction,
		[VMX_EXIT_VMXON] = exit_vmx_instruction,
		[VMX_EXIT_INVEPT] = exit_vmx_instruction,
		[VMX_EXIT_INVVPID] = exit_vmx_instruction,
	},
};

void vcpu_skip_instruction(const struct vmx_exit_info *exit)
{
	vmx_vmwrite(VMCS_GUEST_RIP, exit->guest_rip + exit->instruction_length);
	/* Skipping an instruction ends STI/MOV-SS blocking (SDM Vol. 3C 24.4.2). */
	uint64_t intr = vmx_vmread(VMCS_GUEST_INTERRUPTIBILITY_STATE);
	if (intr & (VMX_INTERRUPTIBILITY_STI | VMX_INTERRUPTIBILITY_MOV_SS))
		vmx_vmwrite(VMCS_GUEST_INTERRUPTIBILITY_STATE,
			    intr & ~(uint64_t)(VMX_INTERRUPTIBILITY_STI | VMX_INTERRUPTIBILITY_MOV_SS));
}

void vcpu_inject_exception(struct vcpu *v, uint8_t vector, uint32_t error_code)
{
	v->pending_exception = true;
	v->exception = vmx_event_exception(vector, error_code, true);
}

bool vcpu_guest_protected_mode(void)
{
	return vmx_vmread(VMCS_GUEST_CR0) & 1;
}

/* The primary processor-based controls, of which the run loop (NMI window) and the APIC model (interrupt
 * window, vcpu_apic_inject) flip the window-exiting bits: only this function changes them after the VMCS is
 * set up, so a copy spares a VMREAD per entry. */
void vcpu_proc_control(struct vcpu *v, uint32_t bit, bool on)
{
	if (!v->proc_ctls_known) {
		v->proc_ctls = (uint32_t)vmx_vmread(VMCS_PRIMARY_PROC_BASED_VM_EXEC_CONTROL);
		v->proc_ctls_known = true;
	}
	uint32_t want = on ? v->proc_ctls | bit : v->proc_ctls & ~bit;
	if (want != v->proc_ctls) {
		vmx_vmwrite(VMCS_PRIMARY_PROC_BASED_VM_EXEC_CONTROL, want);
		v->proc_ctls = want;
	}
}

/*
 * An NMI for the guest: from its emulated LAPIC (an NMI IPI, an LVT), or, where the guest owns the
 * LAPIC, one that reached this CPU while it was in root mode or made it exit (NMI exiting). It is
 * injected when the guest does not block NMIs: no virtual-NMI blocking (the "virtual NMIs" control
 * tracks the guest's own NMI handler up to its IRET, SDM Vol. 3C 25.3 and 26.7.1.2), no MOV SS or
 * STI blocking (SDM 26.3.1.5), and no other event this entry; otherwise NMI-window exiting (SDM
 * 25.7.5) brings the vCPU back as soon as it can take one. Returns true when one was injected.
 */
static bool inject_nmi(struct vcpu *v, bool busy)
{
	if (this_cpu()->kick_with_nmi && __atomic_exchange_n(&this_cpu()->guest_nmis, 0, __ATOMIC_ACQ_REL))
		v->nmi_pending = true;
	if (!v->nmi_pending)
		return false;
	uint64_t intr = vmx_vmread(VMCS_GUEST_INTERRUPTIBILITY_STATE);
	bool blocked = intr & (VMX_INTERRUPTIBILITY_STI | VMX_INTERRUPTIBILITY_MOV_SS | VMX_INTERRUPTIBILITY_NMI);
	if (busy || blocked) {
		if (vmx_bringup_caps()->virtual_nmis)
			vcpu_proc_control(v, CPU_BASED_NMI_WINDOW_EXITING, true);
		return false;
	}
	v->nmi_pending = false;
	struct vmx_event ev = vmx_event_nmi();
	vmx_inject_event(&ev, vcpu_guest_protected_mode());
	return true;
}

static int exit_nmi_window(const struct vmx_exit_info *exit, void *ctx)
{
	(void)exit;
	vcpu_proc_control(ctx, CPU_BASED_NMI_WINDOW_EXITING, false);
	return EXIT_RESUME;
}

/* The deadline or the poll interval passed: the run loop looks at the vCPU's state, its timer and
 * its VM's watchdog again. */
static int exit_preemption_timer(const struct vmx_exit_info *exit, void *ctx)
{
	(void)exit;
	(void)ctx;
	return EXIT_RESUME;
}

/* The VMX-preemption timer (SDM Vol. 3C 26.5.1) ends the guest's run by `deadline` (host TSC) whatever
 * the guest does; 0 disarms it. */
static void preemption_deadline(struct vcpu *v, uint64_t deadline)
{
	const struct vmx_caps *caps = vmx_bringup_caps();
	if (!caps->preemption_timer)
		return;
	bool on = deadline != 0;
	if (on) {
		/* Written at every entry: a VM exit does not save the timer's value (that needs "save
		 * VMX-preemption timer value", which keeping a written deadline across exits would need, and
		 * which did not keep the deadline under Bochs 2.7: a pending-interrupt check of if_blocking
		 * failed with it). */
		uint64_t now = rdtsc();
		uint64_t ticks = deadline > now ? ((deadline - now) >> caps->preemption_timer_rate) + 1 : 0;
		vmx_vmwrite(VMCS_PREEMPTION_TIMER_VALUE, ticks > UINT32_MAX ? UINT32_MAX : ticks);
	}
	if (on == v->preemption_timer_on)
		return;
	uint64_t pin = vmx_vmread(VMCS_PIN_BASED_VM_EXEC_CONTROL);
	pin = on ? pin | PIN_BASED_ACTIVATE_PREEMPTION_TIMER : pin & ~(uint64_t)PIN_BASED_ACTIVATE_PREEMPTION_TIMER;
	vmx_vmwrite(VMCS_PIN_BASED_VM_EXEC_CONTROL, pin);
	v->preemption_timer_on = on;
}

/* Has the VM's watchdog run out? Then it is stopped (with the registers of this vCPU, whose VMCS is
 * current, when `dump`). Otherwise its deadline, or 0 without one. */
uint64_t vcpu_watchdog_check(struct vcpu *v, bool dump)
{
	uint64_t deadline = v->vm->watchdog_deadline;
	if (deadline != 0 && v->vm->state == VM_RUNNING && (int64_t)(rdtsc() - deadline) >= 0) {
		if (dump)
			vcpu_dump(v, "watchdog");
		vm_stop(v->vm, VM_STATUS_FAULT, "watchdog: no sign of life for %u ms", v->vm->cfg->watchdog_ms);
	}
	return deadline;
}

/* The event the last exit interrupted, else a queued exception; true if one was injected. */
static bool inject_interrupted_or_exception(struct vcpu *v, const struct vmx_exit_info *last)
{
	struct vmx_event ev;
	if (last && vmx_event_from_idt_vectoring(last->idt_vectoring_info, last->idt_vectoring_error_code,
						 last->instruction_length, &ev)) {
		vmx_inject_event(&ev, vcpu_guest_protected_mode());
		return true;
	}
	if (v->pending_exception) {
		v->pending_exception = false;
		vmx_inject_event(&v->exception, vcpu_guest_protected_mode());
		return true;
	}
	return false;
}

/*
 * Before each entry, one event at most: an event whose delivery the exit interrupted is delivered
 * again (SDM Vol. 3C 27.2.4), else an exception a handler queued, else an NMI, else the APIC model's
 * interrupt (vcpu_apic_inject).
 */
static void inject_pending(struct vcpu *v, const struct vmx_exit_info *last, bool virtual_pending)
{
	bool injected = inject_interrupted_or_exception(v, last);
	injected |= inject_nmi(v, injected);
	vcpu_apic_inject(v, injected, virtual_pending);
}

static void report_entry_failure(struct vcpu *v, const struct vmx_exit_info *e)
{
	const struct vmx_caps *caps = vmx_bringup_caps();
	if (!e->entry_failure) {
		vm_stop(v->vm, VM_STATUS_FAULT, "vcpu %u: VM entry failed: %s (VM-instruction error %u)", v->index,
			e->insn_status ? vmx_insn_error_text(e->insn_error) : "VMfailInvalid", e->insn_error);
		return;
	}
	vm_stop(v->vm, VM_STATUS_FAULT, "vcpu %u: VM entry failed: %s (exit reason %u, qualification %lu); "
		"failed guest-state check: %s", v->index, vmx_entry_failure_text(e->basic_reason, e->qualification),
		e->basic_reason, (unsigned long)e->qualification, vmx_guest_state_diagnose(caps));
}


/*
 * The checks before an entry; false when the vCPU is to leave its CPU. The timers of every vCPU on this
 * CPU, not only this one's: another vCPU halted here is woken when its timer expires (and may preempt
 * this one, which, CPU-bound, never leaves by itself).
 */
static bool may_enter(struct vcpu *v, const struct vmx_exit_info *last, unsigned int cpu, uint64_t *deadline)
{
	/* An event the last exit interrupted is delivered before the vCPU leaves its CPU. */
	bool may_leave = last == NULL || !(last->idt_vectoring_info & VMX_INTR_INFO_VALID), leave;
	uint64_t sched_deadline;
	uint64_t timer = pcpu_entry_check(cpu, may_leave, &leave, &sched_deadline);
	if (leave)
		return false;
	*deadline = earliest(vcpu_watchdog_check(v, true), sched_deadline);
	if (v->vm->state != VM_RUNNING)
		return false;
	if (timer)
		lapic_timer_arm_tsc(timer);
	return true;
}

/* Guests read the host's TSC (no TSC offsetting): boot figures count from the first entry. */
static void note_first_entry(struct vm *vm)
{
	if (vm->first_entry_tsc != 0)
		return;
	vm->first_entry_tsc = rdtsc();
	hv_info("vm %s: first VM entry, vm.%s.first_entry_tsc: %llu", vm->name, vm->name,
		(unsigned long long)vm->first_entry_tsc);
}

/* The virtual APIC, the event to inject and the preemption-timer deadline, right before the entry. */
static void prepare_entry(struct vcpu *v, const struct vmx_exit_info *last, uint64_t deadline,
			  struct exit_breakdown *eb)
{
	exit_breakdown_stamp(eb, EB_T_CHECKED);
	bool virtual_pending = vcpu_apic_pre_entry(v);
	exit_breakdown_stamp(eb, EB_T_APIC);
	inject_pending(v, last, virtual_pending);
	exit_breakdown_stamp(eb, EB_T_INJECTED);
	preemption_deadline(v, earliest(vcpu_apic_exit_deadline(v), deadline));
	note_first_entry(v->vm);
	exit_breakdown_stamp(eb, EB_T_ENTER);
	if (__builtin_expect(exit_breakdown_on, 0))
		exit_breakdown_entry(eb);
}

/* One VM entry and the handling of its exit; false when the vCPU leaves the run loop. */
static bool enter_and_handle(struct vcpu *v, struct vmx_exit_info *exit, struct exit_breakdown *eb)
{
	int rc = vmx_vcpu_run(&v->vmx, exit);
	if (rc != 0) {
		report_entry_failure(v, exit);
		return false;
	}
	exit_breakdown_stamp(eb, EB_T_EXIT);
	if (__builtin_expect(exit_breakdown_on, 0))
		exit_breakdown_exit(eb, exit->basic_reason);
	v->exits++;
	if (exit->basic_reason < VMX_EXIT_REASON_COUNT)
		v->exits_by_reason[exit->basic_reason]++;
	int next = vmx_exit_dispatch(&exit_table, exit, v);
	exit_breakdown_stamp(eb, EB_T_HANDLED);
	return next == EXIT_RESUME;
}

/* Run one vCPU on this CPU until it halts, waits for SIPI or its device model, its VM stops, or the
 * scheduler wants another vCPU here (a kick, or its time is up). */
static void vcpu_run(struct vcpu *v)
{
	struct vmx_exit_info exit = { 0 };
	const struct vmx_exit_info *last = NULL;
	unsigned int cpu = this_cpu()->index;
	struct exit_breakdown *eb = &breakdown[cpu];
	while (v->vm->state == VM_RUNNING && v->state == VCPU_RUNNABLE) {
		uint64_t deadline;
		if (!may_enter(v, last, cpu, &deadline))
			break;
		prepare_entry(v, last, deadline, eb);
		if (!enter_and_handle(v, &exit, eb))
			break;
		last = &exit;
	}
	if (__builtin_expect(exit_breakdown_on, 0) && eb->n[EB_GUEST]) {
		exit_breakdown_report(eb);
		*eb = (struct exit_breakdown){ 0 };
	}
}

/*
 * vcpu_run under a recovery point: an exception the hypervisor takes meanwhile (in an exit handler,
 * in the entry path) stops this vCPU's VM, with the registers logged, and the CPU runs on.
 */
static void vcpu_run_guarded(struct vcpu *v)
{
	struct recover_point rp;
	if (recover_point_set(&rp) != 0) {
		vcpu_dump(v, "hypervisor exception");
		vm_stop(v->vm, VM_STATUS_FAULT,
			"vcpu %u: the hypervisor took %s (error code 0x%lx) at %016lx on its behalf; cpu %u runs on",
			v->index, exception_name(rp.vector), rp.error_code, rp.fault_rip, this_cpu()->index);
		return;
	}
	this_cpu()->recover = &rp;
	vcpu_run(v);
	this_cpu()->recover = NULL;
}

/* The vCPU's VMCS, built on first use here (a new VMCS: the run loop's copies of its controls start again). */
static bool vmcs_ready_here(struct vcpu *v)
{
	if (v->vmcs_ready)
		return true;
	v->proc_ctls_known = false;
	v->preemption_timer_on = false;
	if (vcpu_vmcs_setup(v) != 0) {
		vm_stop(v->vm, VM_STATUS_FAULT, "vcpu %u: VMCS set-up failed on cpu %u", v->index, this_cpu()->index);
		return false;
	}
	return true;
}

/* The boot vCPU's entry state, written once before its first entry. */
static bool entry_state_written(struct vcpu *v)
{
	if (!v->entry_pending)
		return true;
	v->entry_pending = false;
	if (vcpu_set_entry_state(v, &v->entry_gs, &v->entry_regs) != 0) {
		vm_stop(v->vm, VM_STATUS_FAULT, "vcpu %u: writing its entry state failed", v->index);
		return false;
	}
	return true;
}

static bool sipi_arrived(const struct vcpu *v)
{
	return v->state == VCPU_WAIT_FOR_SIPI && __atomic_load_n(&v->sipi_pending, __ATOMIC_ACQUIRE);
}

/* A vCPU waiting for SIPI that got one starts at its vector. */
static void take_sipi(struct vcpu *v)
{
	if (!sipi_arrived(v))
		return;
	v->sipi_pending = false;
	/* A CPU starts from SIPI with nothing pending for its new code: NMIs sent to it while it
	 * waited are dropped (its IVT would not be set up to take one). */
	v->nmi_pending = false;
	this_cpu()->guest_nmis = 0;
	if (vcpu_start_at_sipi(v, v->sipi_vector) == 0)
		v->state = VCPU_RUNNABLE;
}

/* A blocked vCPU whose event came (SIPI, an interrupt for a halted one, its device model's answer) runs. */
static void unblock_if_ready(struct vcpu *v)
{
	take_sipi(v);
	if (v->state == VCPU_HALTED && vcpu_wake_event(v))
		v->state = VCPU_RUNNABLE;
	if (v->state == VCPU_WAIT_IOREQ && v->vm->ioreq->completed(v)) {
		v->vm->ioreq->finish(v);
		v->state = VCPU_RUNNABLE;
	}
}

/* A VMCS is built, and the entry state written, on the CPU that runs the vCPU. */
static bool vcpu_prepare_here(struct vcpu *v)
{
	if (!vmcs_ready_here(v))
		return false;
	if (vmx_vcpu_load(&v->vmx) != 0)
		return false;
	if (!entry_state_written(v))
		return false;
	unblock_if_ready(v);
	return true;
}

void vcpu_run_here(struct vcpu *v)
{
	if (v->vm->state == VM_RUNNING && vcpu_prepare_here(v) && v->state == VCPU_RUNNABLE) {
		vcpu_fpu_load(v);
		vcpu_run_guarded(v);
	}
}

void vcpu_kick(struct vcpu *v)
{
	bool wake = (v->state == VCPU_HALTED) || sipi_arrived(v) || v->state == VCPU_STOPPED;
	if (wake)
		vcpu_wake(v);
	/* A running vCPU leaves the guest and sees its new state. */
	if (v->pcpu != this_cpu()->index)
		vcpu_apic_force_exit(v->pcpu);
}

/* Its VMCS leaves this CPU's cache, and the CPU forgets the VM's EPT translations, before either page can be
 * given to anyone else (SDM Vol. 3C 25.11.3, 29.4.3.1). */
void vcpu_leave_cpu(struct vcpu *v)
{
	vcpu_fpu_drop(v);
	if (v->vmcs_ready) {
		vmx_vcpu_clear(&v->vmx);
		ept_invept_single_context(v->vm->eptp, vmx_bringup_caps()->ept_vpid_cap);
	}
	vcpu_apic_release(v);
	vm_vcpu_left(v);
}

bool vcpu_wake_arrived(struct vcpu *v)
{
	return (v->state == VCPU_HALTED && vcpu_wake_event(v)) || sipi_arrived(v) ||
	       (v->state == VCPU_WAIT_IOREQ && v->vm->ioreq->completed(v));
}

/* The timers of this CPU's vCPUs, and their VMs' watchdogs (a vCPU halted with interrupts off shows no sign of
 * life and enters no more: its CPU's host timer brings it here), unless a guest owns this CPU's LAPIC. */
void pcpu_arm_timer(uint64_t next)
{
	if (next && !this_cpu()->kick_with_nmi)
		lapic_timer_arm_tsc(next);
}

/*
 * Nothing to run (interrupts off): wait for an interrupt (a kick, a timer). Where a guest owns this CPU's
 * LAPIC (a vCPU waiting for SIPI), wait with interrupts off: the guest's own vectors stay pending for it, and
 * the hypervisor's kick is an NMI, which ends HLT whatever RFLAGS.IF says.
 */
void pcpu_wait(void)
{
	if (this_cpu()->kick_with_nmi)
		cpu_halt();
	else
		wait_for_interrupt();
}

void pcpu_run_until(bool (*done)(void))
{
	while (!done())
		pcpu_schedule_once();
}

_Noreturn void pcpu_idle_loop(void)
{
	for (;;)
		pcpu_schedule_once();
}

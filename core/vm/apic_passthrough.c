/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * LAPIC pass-through (the lapic_pt mode) behind core/include/core/vcpu_apic.h. Each vCPU owns the
 * physical x2APIC of the CPU it is pinned to: no external-interrupt exiting, no HLT exiting, and an
 * MSR bitmap that passes every x2APIC MSR through except
 *  - ICR writes (0x830): checked and translated by lib/icr_filter, so a VM reaches only its own CPUs;
 *  - reads of the APIC ID (0x802), LDR (0x80D) and ICR: virtual values, a dense topology 0..n-1.
 * The hypervisor keeps control with NMIs (NMI exiting stays on): a fixed vector would be taken by
 * the guest through its own IDT, while an NMI always exits, and INIT would reset the CPU's VMX state.
 */
#include <core/console.h>
#include <core/lapic.h>
#include <core/percpu.h>
#include <core/trap.h>
#include <core/vcpu_apic.h>
#include <core/vm.h>
#include <core/x86.h>
#include <hvkit/errno.h>
#include <icr_filter/icr_filter.h>
#include <vmx/vmx_arch.h>
#include <vmx/vmx_bitmap.h>

struct vm_apic_pt {
	struct icr_vm_map map;
	struct ratelimit drops;
	uint64_t last_icr[VM_MAX_VCPUS];
	struct icr_action action; /* scratch for one ICR write (the VM lock is held) */
};

static struct vm_apic_pt vm_apics[VM_MAX];

static struct vm_apic_pt *pt_of(const struct vm *vm)
{
	return vm->apic;
}

int vm_apic_setup(struct vm *vm)
{
	struct vm_apic_pt *a = &vm_apics[vm->id];
	uint32_t phys[VM_MAX_VCPUS];
	if (!vm->cfg->lapic_passthrough) {
		hv_error("vm %s: this image passes the LAPIC through and has no APIC emulation: flag the VM "
			 "\"lapic-passthrough\" in the scenario", vm->name);
		return -HV_EINVAL;
	}
	if (!lapic_is_x2apic()) {
		hv_error("vm %s: LAPIC pass-through needs x2APIC mode, which this CPU lacks", vm->name);
		return -HV_ENODEV;
	}
	for (unsigned int i = 0; i < vm->vcpu_count; i++)
		phys[i] = percpu_blocks[vm->vcpus[i]->pcpu].apic_id;
	int rc = icr_vm_map_init(&a->map, phys, vm->vcpu_count);
	if (rc)
		return rc;
	ratelimit_init(&a->drops, 5, 1000);
	vm->apic = a;
	for (unsigned int i = 0; i < vm->vcpu_count; i++)
		percpu_blocks[vm->vcpus[i]->pcpu].kick_with_nmi = true;
	return 0;
}

void vm_apic_msr_bitmap(struct vm *vm, void *bm)
{
	(void)vm;
	for (uint32_t msr = 0x800; msr <= 0x8ff; msr++)
		vmx_msr_bitmap_set(bm, msr, VMX_MSR_READ | VMX_MSR_WRITE, false);
	vmx_msr_bitmap_set(bm, IA32_TSC_DEADLINE, VMX_MSR_READ | VMX_MSR_WRITE, false);
	vmx_msr_bitmap_set(bm, MSR_X2APIC_ICR, VMX_MSR_READ | VMX_MSR_WRITE, true);
	vmx_msr_bitmap_set(bm, MSR_X2APIC_APICID, VMX_MSR_READ, true);
	vmx_msr_bitmap_set(bm, MSR_X2APIC_LDR, VMX_MSR_READ, true);
}

void vm_apic_controls(const struct vm *vm, struct vmx_controls *required, struct vmx_controls *desired)
{
	(void)vm;
	required->pin &= ~PIN_BASED_EXTERNAL_INTERRUPT_EXITING; /* interrupts go straight to the guest */
	required->proc &= ~CPU_BASED_HLT_EXITING;               /* a halted guest wakes on its own interrupts */
	desired->pin &= ~PIN_BASED_EXTERNAL_INTERRUPT_EXITING;
	desired->proc &= ~CPU_BASED_HLT_EXITING;
}

int vcpu_apic_vmcs_setup(struct vcpu *v, const struct vmx_controls *final)
{
	/* This model handles neither exit (exit_apic_model): a CPU that forced one runs no such VM. */
	if ((final->pin & PIN_BASED_EXTERNAL_INTERRUPT_EXITING) || (final->proc & CPU_BASED_HLT_EXITING)) {
		hv_error("vm %s: this CPU forces external-interrupt or HLT exiting: no LAPIC pass-through", v->vm->name);
		return -HV_ENODEV;
	}
	return 0;
}

bool vcpu_apic_pre_entry(struct vcpu *v)
{
	(void)v;
	return false;
}

void vcpu_apic_inject(struct vcpu *v, bool busy, bool virtual_pending)
{
	(void)v, (void)busy, (void)virtual_pending; /* the hardware delivers everything */
}

/* No exit is this model's own: without HLT, external-interrupt and interrupt-window exiting and APIC
 * virtualization, an exit the run loop does not handle is a hypervisor bug. */
int exit_apic_model(const struct vmx_exit_info *exit, void *ctx)
{
	return exit_unhandled(exit, ctx);
}

uint64_t vcpu_apic_exit_deadline(struct vcpu *v)
{
	(void)v;
	return 0; /* kicks are NMIs, which exit whatever the guest's RFLAGS.IF */
}

int vcpu_apic_pending(struct vcpu *v)
{
	(void)v;
	return -1; /* the hardware delivers everything */
}

/* CR8 does not exit here (no CR8-load or -store exiting): the guest's MOV CR8 reaches its own physical TPR
 * (SDM Vol. 3A 11.8.6.1). A CPU that forced those exits would stop the VM at its first MOV CR8. */
int vcpu_apic_mov_cr8(struct vcpu *v, const struct vmx_cr_access *a)
{
	(void)v, (void)a;
	return 1;
}

int vcpu_apic_rdmsr(struct vcpu *v, uint32_t msr, uint64_t *val)
{
	struct vm_apic_pt *a = pt_of(v->vm);
	switch (msr) {
	case IA32_APIC_BASE:
		*val = (rdmsr(IA32_APIC_BASE) & ~APIC_BASE_BSP) | (v->index == 0 ? APIC_BASE_BSP : 0);
		return 0;
	case MSR_X2APIC_APICID:
		*val = v->index; /* the dense virtual topology lib/icr_filter routes by */
		return 0;
	case MSR_X2APIC_LDR:
		*val = x2apic_ldr_of_id(v->index); /* SDM 11.12.10.2: read-only, derived from the (virtual) ID */
		return 0;
	case MSR_X2APIC_ICR:
		*val = a->last_icr[v->index];
		return 0;
	default:
		return -HV_ENOENT;
	}
}

static void emulate_init_sipi(struct vm *vm, const struct icr_action *act)
{
	for (unsigned int i = 0; i < vm->vcpu_count; i++) {
		if (!(act->targets & (1ull << i)))
			continue;
		struct vcpu *t = vm->vcpus[i];
		if (act->kind == ICR_ACT_EMULATE_INIT) {
			if (i != 0) /* INIT of the BSP would restart the VM: not supported */
				t->state = VCPU_WAIT_FOR_SIPI;
		} else if (t->state == VCPU_WAIT_FOR_SIPI) {
			t->sipi_vector = act->vector;
			__atomic_store_n(&t->sipi_pending, true, __ATOMIC_RELEASE);
			vcpu_kick(t);
		}
	}
}

/* Carry out what icr_filter decided: log dropped destinations, send the filtered IPIs, or emulate INIT/SIPI. */
static void icr_act(struct vm *vm, struct vm_apic_pt *a, unsigned int index, const struct icr_action *act)
{
	if (act->nr_dropped)
		icr_log_dropped(&a->drops, vm->name, index, act);
	if (act->kind == ICR_ACT_SEND)
		for (unsigned int i = 0; i < act->nr_sends; i++)
			wrmsr(MSR_X2APIC_ICR, act->sends[i].icr);
	else if (act->kind == ICR_ACT_EMULATE_INIT || act->kind == ICR_ACT_EMULATE_SIPI)
		emulate_init_sipi(vm, act);
}

static int icr_write(struct vcpu *v, uint64_t val)
{
	struct vm *vm = v->vm;
	struct vm_apic_pt *a = pt_of(vm);
	plat_lock(&vm->lock);
	struct icr_action *act = &a->action;
	int rc = icr_filter(&a->map, v->index, val, act);
	if (rc == ICR_FILTER_GP) {
		plat_unlock(&vm->lock);
		return -HV_EPERM;
	}
	a->last_icr[v->index] = val;
	if (rc == 0)
		icr_act(vm, a, v->index, act);
	plat_unlock(&vm->lock);
	return 0; /* refused writes are ignored, as the APIC would */
}

int vcpu_apic_wrmsr(struct vcpu *v, uint32_t msr, uint64_t val)
{
	switch (msr) {
	case IA32_APIC_BASE: {
		/* The CPU stays in x2APIC mode: leaving it (or disabling the APIC) is refused with #GP. */
		uint64_t cur = rdmsr(IA32_APIC_BASE) & ~APIC_BASE_BSP;
		if ((val & ~APIC_BASE_BSP) == cur)
			return 0;
		vm_guest_log(v->vm, PLAT_LOG_WARN, "vcpu %u: IA32_APIC_BASE write 0x%lx refused: the LAPIC stays in "
			     "x2APIC mode", v->index, val);
		return -HV_EPERM;
	}
	case MSR_X2APIC_ICR:
		return icr_write(v, val);
	default:
		return -HV_ENOENT;
	}
}

uint64_t vcpu_apic_poll(struct vcpu *v)
{
	(void)v;
	return 0; /* the guest's timer is its own LAPIC's */
}

void vcpu_apic_force_exit(unsigned int pcpu)
{
	lapic_kick_cpu(pcpu); /* an NMI on CPUs marked kick_with_nmi */
}

/* EOI until no ISR bit is set (at most 256 times: one per vector); true if one is still in service. */
static bool lapic_end_in_service(void)
{
	bool in_service = true;
	for (unsigned int guard = 0; guard < 256 && in_service; guard++) {
		in_service = false;
		for (unsigned int r = 0; r < 8; r++)
			in_service |= (uint32_t)rdmsr(MSR_X2APIC_ISR0 + r) != 0;
		if (in_service)
			wrmsr(MSR_X2APIC_EOI, 0);
	}
	return in_service;
}

static void report_release(const struct vcpu *v, const char *unmasked, bool in_service)
{
	if (unmasked || in_service)
		hv_error("vm %s: vcpu %u: physical LAPIC of cpu %u NOT returned clean: %s%s", v->vm->name, v->index,
			 v->pcpu, unmasked ? unmasked : "", unmasked ? " LVT still unmasked" : "a vector still in service");
	else
		hv_info("vm %s: vcpu %u: physical LAPIC of cpu %u returned to the host clean (timer stopped, every "
			"LVT masked, nothing in service)", v->vm->name, v->index, v->pcpu);
}

/*
 * Hand the LAPIC back clean (the VM stopped): timer stopped, every LVT masked (the guest may have
 * pointed the performance-counter, thermal or CMCI entries at NMI or SMI), every in-service vector
 * ended, then checked, then the host's own settings again. Pending vectors the guest left in IRR
 * are delivered to the host's handler and dropped there.
 */
void vcpu_apic_release(struct vcpu *v)
{
	wrmsr(IA32_TSC_DEADLINE, 0);
	wrmsr(MSR_X2APIC_TIMER_ICR, 0);
	lapic_mask_lvts();
	bool in_service = lapic_end_in_service();
	const char *unmasked = lapic_unmasked_lvt();
	lapic_init();
	lapic_timer_init(VECTOR_HOST_TIMER);
	percpu_blocks[v->pcpu].kick_with_nmi = false;
	percpu_blocks[v->pcpu].guest_nmis = 0;
	__asm__ volatile("sti; nop; nop; cli" ::: "memory");
	report_release(v, unmasked, in_service);
}

uint64_t vcpu_apic_timer_hz(struct vcpu *v)
{
	(void)v;
	return lapic_timer_hz(); /* the physical LAPIC's, which the guest drives */
}

bool vcpu_apic_enabled(struct vcpu *v)
{
	(void)v;
	return true; /* the LAPIC stays in x2APIC mode (IA32_APIC_BASE writes that change it are refused) */
}

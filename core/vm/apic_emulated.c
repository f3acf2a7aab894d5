/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * The emulated local APIC (lib/vlapic) behind core/include/core/vcpu_apic.h: the ops the library
 * calls back into the core, and the calls the run loop makes.
 */
#include <core/console.h>
#include <core/lapic.h>
#include <core/percpu.h>
#include <core/trap.h>
#include <core/vcpu_apic.h>
#include <core/vm_emulated.h>
#include <core/x86.h>
#include <ept/ept.h>
#include <hvkit/errno.h>
#include <string.h>
#include <vlapic/vlapic.h>
#include <vlapic/vlapic_regs.h>
#include <vmx/vmcs_fields.h>
#include <vmx/vmx_apicv.h>
#include <vmx/vmx_arch.h>
#include <vmx/vmx_bitmap.h>
#include <vmx/vmx_decode.h>
#include "apic_emulated.h"

#define XAPIC_BASE_GPA 0xfee00000ull
/* The shortest period of a guest's periodic APIC timer: 10 kHz at most (lib/vlapic's floor). */
#define VLAPIC_MIN_PERIOD_US 100u

static struct vm_apic vm_apics[VM_MAX];

static struct vlapic *vl_of(struct vcpu *v)
{
	return &((struct vm_apic *)v->vm->apic)->vcpu[v->index];
}

static void op_kick(void *vcpu)
{
	vcpu_kick(vcpu);
}

static volatile uint64_t *deadline_of(struct vlapic *vl)
{
	struct vcpu *v = vl->vcpu;
	return &((struct vm_apic *)v->vm->apic)->timer_deadline[v->index];
}

static void op_timer_arm(struct vlapic *vl, uint64_t deadline)
{
	*deadline_of(vl) = deadline ? deadline : 1;
}

static void op_timer_cancel(struct vlapic *vl)
{
	*deadline_of(vl) = 0;
}

/* A level-triggered EOI: the vIOAPIC clears remote IRR and re-delivers a line still asserted. */
static void op_eoi_level(struct vlapic *vl, uint8_t vector)
{
	struct vcpu *v = vl->vcpu;
	vm_vdevs_eoi(v->vm, vector);
}

int vm_apic_deliver(struct vm *vm, uint8_t vector, uint32_t dest, bool dest_logical, unsigned int delivery_mode,
		    bool level)
{
	struct vm_apic *a = vm->apic;
	const struct vlapic_irq irq = {
		.dest = dest, .vector = vector, .delivery_mode = (uint8_t)delivery_mode, .shorthand = 0,
		.dest_logical = dest_logical, .level = level, .assert = true, .x2apic_dest = false,
	};
	return vlapic_vm_deliver(&a->vm, NULL, &irq);
}

static void op_init(void *vcpu)
{
	struct vcpu *v = vcpu;
	if (v->index == 0)
		return; /* INIT of the BSP is not supported: the VM would restart */
	vlapic_init_reset(vl_of(v));
	v->state = VCPU_WAIT_FOR_SIPI;
}

/* SDM Vol. 3A 8.4.4.1: a STARTUP IPI only counts for a CPU waiting for one. */
static void op_sipi(void *vcpu, uint8_t vector)
{
	struct vcpu *v = vcpu;
	if (v->state != VCPU_WAIT_FOR_SIPI)
		return;
	v->sipi_vector = vector;
	__atomic_store_n(&v->sipi_pending, true, __ATOMIC_RELEASE);
	vcpu_kick(v);
}

/* An NMI IPI or LVT: injected at the vCPU's next entry once the guest does not block NMIs
 * (core/vm/run.c). Like the CPU, at most one waits while another is being handled. */
static void op_inject_nmi(void *vcpu)
{
	struct vcpu *v = vcpu;
	__atomic_store_n(&v->nmi_pending, true, __ATOMIC_RELEASE);
	vcpu_kick(v);
}

static void op_unroutable(void *vm_ctx, struct vlapic *src, uint32_t dest, uint32_t icr_low)
{
	struct vm *vm = vm_ctx;
	(void)src;
	vm_guest_log(vm, PLAT_LOG_WARN, "IPI (ICR 0x%x) to APIC id %u matches no vCPU of this VM: dropped", icr_low,
		     dest);
}

static void op_pi_notify(void *vcpu, uint8_t nv, uint32_t ndst)
{
	(void)vcpu;
	(void)nv;
	(void)ndst;
}

static const struct vlapic_ops vlapic_ops = {
	.kick = op_kick, .timer_arm = op_timer_arm, .timer_cancel = op_timer_cancel,
	.eoi_level = op_eoi_level, .init = op_init, .sipi = op_sipi, .inject_nmi = op_inject_nmi,
	.unroutable = op_unroutable, .pi_notify = op_pi_notify,
};

static bool cpu_has_apicv(void)
{
	const struct vmx_caps *c = vmx_bringup_caps();
	return vmx_allowed1(c->procbased_ctls, CPU_BASED_USE_TPR_SHADOW) &&
	       vmx_allowed1(c->procbased_ctls2, SECONDARY_VIRTUALIZE_APIC_ACCESSES |
			    SECONDARY_APIC_REGISTER_VIRTUALIZATION | SECONDARY_VIRTUAL_INTERRUPT_DELIVERY);
}

/* With "virtualize x2APIC mode", each vCPU gets its own MSR bitmap (x2apic_virtualization switches it). */
static int msr_bitmaps_alloc(struct vm *vm, struct vm_apic *a)
{
	for (unsigned int i = 0; a->x2apic_virt && i < vm->vcpu_count; i++) {
		if (a->msr_bitmap[i] == NULL)
			a->msr_bitmap[i] = plat_page_alloc(1);
		if (a->msr_bitmap[i] == NULL) {
			hv_error("vm %s: no memory for the per-vCPU MSR bitmaps", vm->name);
			return -HV_ENOMEM;
		}
	}
	return 0;
}

/* APICv's pages: the APIC-access page, mapped at the xAPIC base in the VM's EPT (SDM 29.4), and the
 * per-vCPU MSR bitmaps. */
static int apicv_pages_setup(struct vm *vm, struct vm_apic *a)
{
	if (a->apic_access_page == NULL)
		a->apic_access_page = plat_page_alloc(1);
	const struct pt_prot prot = { PT_PERM_R | PT_PERM_W, EPT_MT_UC, 0 };
	if (a->apic_access_page == NULL ||
	    pt_map(&vm->ept, XAPIC_BASE_GPA, plat_virt_to_phys(a->apic_access_page), 4096, &prot) != 0) {
		hv_error("vm %s: cannot map the APIC-access page", vm->name);
		return -HV_ENOMEM;
	}
	a->x2apic_virt = vmx_allowed1(vmx_bringup_caps()->procbased_ctls2, SECONDARY_VIRTUALIZE_X2APIC_MODE);
	return msr_bitmaps_alloc(vm, a);
}

/* IA32_APIC_BASE address bits above MAXPHYADDR are reserved (SDM 11.4.4): the width the guest's
 * CPUID.80000008H:EAX[7:0] reports (the host's, passed through), taken as 36..52. */
static unsigned int guest_maxphyaddr(void)
{
	uint32_t eax = 0, ebx = 0, ecx = 0, edx = 0;
	cpuid(0x80000000u, 0, &eax, &ebx, &ecx, &edx);
	unsigned int maxphyaddr = 36;
	if (eax >= 0x80000008u) {
		cpuid(0x80000008u, 0, &eax, &ebx, &ecx, &edx);
		maxphyaddr = eax & 0xff;
	}
	return maxphyaddr < 36 ? 36 : maxphyaddr > 52 ? 52 : maxphyaddr;
}

static int vlapics_create(struct vm *vm, struct vm_apic *a)
{
	struct vlapic_vm_config cfg = {
		.ops = &vlapic_ops, .ctx = vm, .maxphyaddr = guest_maxphyaddr(), .tsc_per_bus_tick = 1, .tsc_offset = 0,
		.min_period_tsc = plat_tsc_hz() / 1000000u * VLAPIC_MIN_PERIOD_US, .no_x2apic = vm->cfg->no_x2apic,
	};
	int rc = vlapic_vm_init(&a->vm, &cfg);
	for (unsigned int i = 0; rc == 0 && i < vm->vcpu_count; i++)
		rc = vlapic_create(&a->vcpu[i], &a->vm, i, i == 0, vm->vcpus[i]);
	return rc;
}

int vm_apic_setup(struct vm *vm)
{
	struct vm_apic *a = &vm_apics[vm->id];
	/* A slot used before (a destroyed post-launched VM) starts afresh; its pages went back then. */
	memset(a, 0, sizeof(*a));
	vm->apic = a;
	a->apicv = vm->cfg->apicv && cpu_has_apicv();
	if (vm->cfg->apicv && !a->apicv)
		hv_info("vm %s: APICv asked for, but this CPU lacks part of it: the vLAPIC is emulated in software",
			vm->name);
	if (a->apicv) {
		int rc = apicv_pages_setup(vm, a);
		if (rc)
			return rc;
	}
	return vlapics_create(vm, a);
}

void vm_apic_msr_bitmap(struct vm *vm, void *msr_bitmap)
{
	(void)vm;
	(void)msr_bitmap; /* every APIC MSR exits to lib/vlapic */
}

/* APICv (SDM 29): TPR shadow, APIC-access virtualization with register virtualization, and
 * virtual-interrupt delivery. The vLAPIC's register page is the virtual-APIC page. */
void vm_apic_controls(const struct vm *vm, struct vmx_controls *required, struct vmx_controls *desired)
{
	const struct vm_apic *a = vm->apic;
	if (!a->apicv) {
		/* Without a TPR shadow a MOV to CR8 would reach the physical TPR and could mask the host's
		 * own vectors (its kicks): CR8 accesses exit and go to the vLAPIC's TPR (SDM Vol. 3C 25.1.3). */
		required->proc |= CPU_BASED_CR8_LOAD_EXITING | CPU_BASED_CR8_STORE_EXITING;
		return;
	}
	desired->proc |= CPU_BASED_USE_TPR_SHADOW;
	desired->proc2 |= SECONDARY_VIRTUALIZE_APIC_ACCESSES | SECONDARY_APIC_REGISTER_VIRTUALIZATION |
			  SECONDARY_VIRTUAL_INTERRUPT_DELIVERY;
}

/* TPR shadow, APIC-access virtualization, APIC-register virtualization and virtual-interrupt delivery, all on. */
static bool apicv_controls_all(const struct vmx_controls *c)
{
	return (c->proc & CPU_BASED_USE_TPR_SHADOW) && (c->proc2 & SECONDARY_VIRTUALIZE_APIC_ACCESSES) &&
	       (c->proc2 & SECONDARY_APIC_REGISTER_VIRTUALIZATION) && (c->proc2 & SECONDARY_VIRTUAL_INTERRUPT_DELIVERY);
}

/* The virtual-APIC page (the vLAPIC's register page), the APIC-access page and, with x2APIC
 * virtualization, this vCPU's own MSR bitmap: the VM's policy, x2APIC bits switched with its mode. */
static int apicv_pages_write(struct vcpu *v, struct vm_apic *a)
{
	int rc = vmx_vmwrite_checked(VMCS_VIRTUAL_APIC_ADDRESS, vlapic_page_pa(vl_of(v)));
	rc = rc ? rc : vmx_vmwrite_checked(VMCS_APIC_ACCESS_ADDRESS, plat_virt_to_phys(a->apic_access_page));
	a->x2apic_on[v->index] = false;
	if (rc == 0 && a->x2apic_virt) {
		memcpy(a->msr_bitmap[v->index], v->vm->msr_bitmap, 4096);
		rc = vmx_vmwrite_checked(VMCS_MSR_BITMAP, plat_virt_to_phys(a->msr_bitmap[v->index]));
	}
	return rc;
}

/* TPR threshold, EOI-exit bitmaps and guest interrupt status (RVI/SVI) start at 0. */
static int apicv_state_reset(struct vcpu *v, struct vm_apic *a)
{
	int rc = vmx_vmwrite_checked(VMCS_TPR_THRESHOLD, 0);
	for (unsigned int i = 0; rc == 0 && i < 4; i++) {
		a->eoi_exit[v->index][i] = 0;
		rc = vmx_vmwrite_checked(VMCS_EOI_EXIT_BITMAP_0 + 2 * i, 0);
	}
	return rc ? rc : vmx_vmwrite_checked(VMCS_GUEST_INTERRUPT_STATUS, 0);
}

int vcpu_apic_vmcs_setup(struct vcpu *v, const struct vmx_controls *c)
{
	struct vm_apic *a = v->vm->apic;
	bool all = apicv_controls_all(c);
	a->vid[v->index] = all;
	if (!a->apicv)
		return 0;
	if (!all) {
		hv_error("vm %s: vcpu %u: APICv controls refused by this CPU", v->vm->name, v->index);
		return -HV_ENODEV;
	}
	int rc = apicv_pages_write(v, a);
	rc = rc ? rc : apicv_state_reset(v, a);
	a->synced[v->index].valid = false; /* a new VMCS: derive everything at the first entry */
	if (rc == 0 && v->index == 0)
		hv_info("vm %s: APICv on (TPR shadow, APIC-register virtualization, virtual-interrupt delivery)",
			v->vm->name);
	return rc;
}

static void x2apic_msr_intercepts(struct vm_apic *a, unsigned int index, bool on)
{
	for (uint32_t msr = MSR_X2APIC_FIRST; msr <= MSR_X2APIC_LAST; msr++) {
		bool rd = on && vlapic_apicv_x2apic_read_passthrough(msr, true);
		bool wr = on && vlapic_apicv_x2apic_write_passthrough(msr, true) && msr != MSR_X2APIC_SELF_IPI;
		vmx_msr_bitmap_set(a->msr_bitmap[index], msr, VMX_MSR_READ, !rd);
		vmx_msr_bitmap_set(a->msr_bitmap[index], msr, VMX_MSR_WRITE, !wr);
	}
}

/*
 * Follow the vLAPIC into or out of x2APIC mode (SDM 29.5): in x2APIC mode "virtualize x2APIC mode"
 * replaces "virtualize APIC accesses", and the MSR bitmap stops intercepting what the CPU then
 * virtualizes: reads of the registers whose virtual-APIC page value is current, writes of TPR and
 * EOI (lib/vlapic says which). Everything else still exits to lib/vlapic. Back in xAPIC mode the
 * bitmap intercepts the whole range again: with the control off, an MSR access that did not exit
 * would reach the physical x2APIC.
 *
 * SELF IPI writes stay intercepted although the CPU could virtualize them: a self-IPI sent with
 * RFLAGS.IF = 0 (Linux's irq_work does, from printk) leaves a virtual interrupt pending that must
 * wait for IF. Bochs 2.7 delivers such a pending virtual interrupt despite IF = 0 as soon as any
 * external interrupt reaches the CPU (its InterruptAcknowledge tests "pending", not "unmasked"),
 * where the SDM (29.2.2) requires IF = 1 and an external-interrupt VM exit. Intercepted, the
 * self-IPI goes through inject_pending, which holds such a vector back with interrupt-window
 * exiting (core/vm/run.c).
 */
static void x2apic_virtualization(struct vcpu *v, bool on)
{
	struct vm_apic *a = v->vm->apic;
	uint64_t proc2 = vmx_vmread(VMCS_SECONDARY_PROC_BASED_VM_EXEC_CONTROL);
	if (on)
		proc2 = (proc2 & ~(uint64_t)SECONDARY_VIRTUALIZE_APIC_ACCESSES) | SECONDARY_VIRTUALIZE_X2APIC_MODE;
	else
		proc2 = (proc2 & ~(uint64_t)SECONDARY_VIRTUALIZE_X2APIC_MODE) | SECONDARY_VIRTUALIZE_APIC_ACCESSES;
	x2apic_msr_intercepts(a, v->index, on);
	vmx_vmwrite(VMCS_SECONDARY_PROC_BASED_VM_EXEC_CONTROL, proc2);
	a->x2apic_on[v->index] = on;
	hv_info("vm %s: vcpu %u: vLAPIC in %s mode: %s", v->vm->name, v->index, on ? "x2APIC" : "xAPIC",
		on ? "virtualize x2APIC mode on (TPR and EOI writes and register reads do not exit)"
		   : "APIC-access page virtualization");
}

/* Under the VM's lock: the APIC-access page leaves the EPT with the first disabled vCPU and comes back
 * with the last one enabled again; the secondary controls' APIC-access bits follow this vCPU's state. */
static uint64_t apic_page_follow(struct vcpu *v, struct vm_apic *a, bool enabled, uint64_t proc2)
{
	const struct pt_prot prot = { PT_PERM_R | PT_PERM_W, EPT_MT_UC, 0 };
	plat_lock(&v->vm->lock);
	if (!enabled) {
		if (a->apic_off_count++ == 0)
			pt_unmap(&v->vm->ept, XAPIC_BASE_GPA, 4096);
		proc2 &= ~(uint64_t)(SECONDARY_VIRTUALIZE_APIC_ACCESSES | SECONDARY_VIRTUALIZE_X2APIC_MODE);
	} else {
		if (--a->apic_off_count == 0)
			pt_map(&v->vm->ept, XAPIC_BASE_GPA, plat_virt_to_phys(a->apic_access_page), 4096, &prot);
		proc2 |= SECONDARY_VIRTUALIZE_APIC_ACCESSES;
	}
	plat_unlock(&v->vm->lock);
	return proc2;
}

/* A guest may toggle IA32_APIC_BASE.EN at will: the first few changes per VM are logged. */
static void log_enable_change(const struct vcpu *v, bool enabled)
{
	static unsigned int logged[VM_MAX];
	if (logged[v->vm->id] >= 4)
		return;
	logged[v->vm->id]++;
	hv_info("vm %s: vcpu %u: vLAPIC %s: APIC-access page virtualization %s", v->vm->name, v->index,
		enabled ? "enabled again" : "globally disabled", enabled ? "on" : "off, its page is unbacked");
}

/*
 * A globally disabled local APIC (IA32_APIC_BASE.EN = 0, SDM 11.4.3) has no register page: its
 * addresses are unbacked memory (vcpu_apic_mmio: reads all ones, writes dropped). With APICv the
 * vCPU stops virtualizing APIC accesses (and x2APIC mode, whose MSR bitmap goes back to intercepting
 * every x2APIC MSR), and the APIC-access page leaves the VM's EPT while any of its vCPUs has its
 * APIC disabled, so this vCPU's accesses exit as EPT violations. Others that still have theirs
 * enabled then get their xAPIC page emulated the same way as without APICv (their CPUs may keep the
 * old translation until the next INVEPT, which still virtualizes their own enabled APIC).
 */
static void apic_access_follow_enable(struct vcpu *v, bool enabled)
{
	struct vm_apic *a = v->vm->apic;
	if (!enabled && a->x2apic_on[v->index])
		x2apic_virtualization(v, false);
	uint64_t proc2 = vmx_vmread(VMCS_SECONDARY_PROC_BASED_VM_EXEC_CONTROL);
	proc2 = apic_page_follow(v, a, enabled, proc2);
	if (!enabled)
		ept_invept_single_context(v->vm->eptp, vmx_bringup_caps()->ept_vpid_cap);
	vmx_vmwrite(VMCS_SECONDARY_PROC_BASED_VM_EXEC_CONTROL, proc2);
	a->apic_off[v->index] = !enabled;
	log_enable_change(v, enabled);
}

/*
 * Bochs 2.7 takes no external-interrupt exit from a guest entered with RFLAGS.IF = 0 until the guest
 * sets IF: it re-evaluates interrupt masking only when IF changes, and an entry from a host running
 * with IF = 0 changes nothing. Neither the host timer behind the vLAPIC's nor a kick from another CPU
 * (a stop, a new interrupt) would make such a vCPU exit: the guest would not see its timer interrupt
 * in IRR (SDM Vol. 3A 11.8.4) while it keeps interrupts off, and a vCPU spinning with IF = 0 would
 * never leave. On such entries the VMX-preemption timer (SDM Vol. 3C 26.5.1), which counts down
 * whatever IF is, is set for the timer's deadline or IF0_POLL_US, whichever comes first (10 ms: a
 * Linux guest decompressing itself with IF = 0 for seconds exits 100 times a second). The run loop
 * arms the timer (core/vm/run.c), with the VM's watchdog if it has one.
 */
#define IF0_POLL_US 10000u

uint64_t vcpu_apic_exit_deadline(struct vcpu *v)
{
	uint64_t rflags = vmx_vmread(VMCS_GUEST_RFLAGS);
	if (rflags & RFLAGS_IF)
		return 0;
	uint64_t until = rdtsc() + plat_tsc_hz() / 1000000u * IF0_POLL_US, deadline = *deadline_of(vl_of(v));
	return deadline != 0 && deadline < until ? deadline : until;
}

/*
 * The vLAPIC's view, kept in software (IRR/ISR on the shared page), handed to the CPU: RVI/SVI and
 * the EOI-exit bitmap. Besides level-triggered vectors, the bitmap makes an EOI exit while IRR and
 * ISR hold two or more vectors: one may wait behind another, and the EOI that unblocks it then
 * leads to a VM entry, where inject_pending holds it back while RFLAGS.IF = 0 (see
 * x2apic_virtualization for the Bochs 2.7 behaviour this avoids). The exit is trap-like and
 * lib/vlapic completes the EOI as for a level-triggered vector.
 */
/* With "debug=invariants": a state kept because nothing changed must equal the state derived anew. */
static void apicv_cache_check(struct vcpu *v, const struct apicv_sync *kept)
{
	struct vm_apic *a = v->vm->apic;
	struct vlapic_apicv_entry e;
	vlapic_apicv_entry_state(vl_of(v), &e);
	bool same = e.deliverable == kept->deliverable && e.intr_status == kept->status;
	for (unsigned int i = 0; i < 4; i++)
		same &= e.eoi_exit[i] == a->eoi_exit[v->index][i];
	if (!same)
		hv_error("vm %s: vcpu %u: invariant broken: the APICv state kept at vLAPIC generation %u differs from the "
			 "state derived anew (RVI/SVI 0x%x vs 0x%x, deliverable %d vs %d)", v->vm->name, v->index,
			 kept->gen, kept->status, e.intr_status, kept->deliverable, e.deliverable);
}

static bool sync_unchanged(const struct apicv_sync *last, uint32_t gen, uint64_t status, uint8_t vtpr)
{
	return last->valid && last->gen == gen && last->status == (uint16_t)status && last->vtpr == vtpr;
}

/* The vCPU's APIC enable bit and x2APIC mode, followed by the APIC-access and x2APIC virtualization. */
static void follow_apic_modes(struct vcpu *v, struct vm_apic *a)
{
	bool en = vlapic_enabled(vl_of(v));
	if (en == a->apic_off[v->index])
		apic_access_follow_enable(v, en);
	bool x2 = en && vlapic_x2apic_mode(vl_of(v));
	if (en && a->x2apic_virt && x2 != a->x2apic_on[v->index])
		x2apic_virtualization(v, x2);
}

static void eoi_exit_sync(struct vcpu *v, struct vm_apic *a, const struct vlapic_apicv_entry *e)
{
	for (unsigned int i = 0; i < 4; i++) {
		if (e->eoi_exit[i] != a->eoi_exit[v->index][i]) {
			a->eoi_exit[v->index][i] = e->eoi_exit[i];
			vmx_vmwrite(VMCS_EOI_EXIT_BITMAP_0 + 2 * i, e->eoi_exit[i]);
		}
	}
}

bool vcpu_apic_pre_entry(struct vcpu *v)
{
	struct vm_apic *a = v->vm->apic;
	if (!a->vid[v->index])
		return false;
	/*
	 * What this derives changes only when lib/vlapic changed the vLAPIC (its generation count) or the
	 * CPU did (virtual-interrupt delivery and EOI virtualization move RVI/SVI; the guest's TPR writes
	 * change the virtual TPR). With all three as they were at the last entry, it stands: most exits
	 * (CPUID, port I/O, MSRs that are not the APIC's) skip the walk over IRR, ISR and TMR.
	 */
	struct apicv_sync *last = &a->synced[v->index];
	uint32_t gen = vlapic_generation(vl_of(v));
	uint64_t status = vmx_vmread(VMCS_GUEST_INTERRUPT_STATUS); /* the CPU moves RVI/SVI as it delivers */
	uint8_t vtpr = *((volatile uint8_t *)vlapic_page(vl_of(v)) + APIC_OFF_TPR);
	if (sync_unchanged(last, gen, status, vtpr)) {
		if (__builtin_expect(vm_check_invariants, 0))
			apicv_cache_check(v, last);
		return last->deliverable;
	}
	follow_apic_modes(v, a);
	struct vlapic_apicv_entry e;
	vlapic_apicv_entry_state(vl_of(v), &e);
	eoi_exit_sync(v, a, &e);
	if (e.intr_status != (uint16_t)status)
		vmx_vmwrite(VMCS_GUEST_INTERRUPT_STATUS, e.intr_status);
	/* Taken after the work: a change that lib/vlapic makes meanwhile (another CPU's IPI) bumps the
	 * count past this one, and the next entry derives again. */
	*last = (struct apicv_sync){ .valid = true, .gen = gen, .status = e.intr_status, .vtpr = vtpr,
				     .deliverable = e.deliverable };
	return e.deliverable;
}

static void interrupt_window(struct vcpu *v, bool open)
{
	vcpu_proc_control(v, CPU_BASED_INTERRUPT_WINDOW_EXITING, open);
}

/* SDM Vol. 3C 26.3.1.5 / 24.4.2: an external interrupt can be injected only with RFLAGS.IF set and no
 * blocking by STI or MOV SS. */
static bool guest_interruptible(void)
{
	uint64_t rflags = vmx_vmread(VMCS_GUEST_RFLAGS);
	uint64_t intr = vmx_vmread(VMCS_GUEST_INTERRUPTIBILITY_STATE);
	return (rflags & RFLAGS_IF) && !(intr & (VMX_INTERRUPTIBILITY_STI | VMX_INTERRUPTIBILITY_MOV_SS));
}

/*
 * The vLAPIC's highest pending interrupt if the guest can take it now and no other event goes in; if
 * it cannot, an interrupt-window exit brings the vCPU back as soon as it can (SDM Vol. 3C 25.7.5).
 * With virtual-interrupt delivery the CPU evaluates RVI and delivers itself (SDM 29.2): a deliverable
 * vector the guest cannot take yet is held back with interrupt-window exiting, under which no virtual
 * interrupt is recognized (SDM 29.2.1): Bochs 2.7 would deliver it despite RFLAGS.IF = 0 when an
 * external interrupt arrives. The window exit re-enters with the vector in RVI.
 */
void vcpu_apic_inject(struct vcpu *v, bool busy, bool virtual_pending)
{
	if (((struct vm_apic *)v->vm->apic)->vid[v->index]) {
		/* Most entries have nothing pending and the window closed: no call for them. */
		if (virtual_pending || (v->proc_ctls & CPU_BASED_INTERRUPT_WINDOW_EXITING))
			interrupt_window(v, virtual_pending && !guest_interruptible());
		return;
	}
	int vector = vlapic_pending_vector(vl_of(v));
	if (vector < 0 || busy || !guest_interruptible()) {
		interrupt_window(v, vector >= 0);
		return;
	}
	struct vmx_event ev = vmx_event_external_interrupt(vlapic_ack(vl_of(v), (uint8_t)vector));
	vmx_inject_event(&ev, vcpu_guest_protected_mode());
	interrupt_window(v, false);
}

/* The guest can take interrupts again: vcpu_apic_inject does the rest before the next entry. */
static int exit_interrupt_window(const struct vmx_exit_info *exit, void *ctx)
{
	(void)exit;
	interrupt_window(ctx, false);
	return EXIT_RESUME;
}

/* Trap-like (SDM 29.4.3.3): the guest's write is already on the virtual-APIC page. */
static int exit_apic_write(const struct vmx_exit_info *exit, void *ctx)
{
	struct vcpu *v = ctx;
	if (vlapic_apicv_write_exit(vl_of(v), (uint32_t)(exit->qualification & 0xfff)) != 0)
		vm_guest_log(v->vm, PLAT_LOG_WARN, "vcpu %u: APIC write at offset 0x%lx not handled", v->index,
			     exit->qualification & 0xfff);
	return EXIT_RESUME;
}

/* SDM 29.1.3: EOI of a vector in the EOI-exit bitmap (level-triggered): forward it. */
static int exit_virtualized_eoi(const struct vmx_exit_info *exit, void *ctx)
{
	struct vcpu *v = ctx;
	vlapic_apicv_eoi_exit(vl_of(v), (uint8_t)(exit->qualification & 0xff));
	return EXIT_RESUME;
}

bool vcpu_apic_mmio_claims(struct vcpu *v, uint64_t gpa)
{
	struct vlapic *vl = vl_of(v);
	uint64_t base = vlapic_mmio_base(vl);
	/* Disabled, the page is unbacked memory (vcpu_apic_mmio); in x2APIC mode it is not there. */
	return !(vlapic_enabled(vl) && vlapic_x2apic_mode(vl)) && gpa >= base && gpa < base + 4096;
}

void vcpu_apic_mmio(void *vcpu, uint64_t gpa, unsigned int size, bool write, uint32_t *val)
{
	struct vcpu *v = vcpu;
	if (!vlapic_enabled(vl_of(v))) {
		if (!write)
			*val = 0xffffffffu; /* SDM 11.4.3: a disabled APIC's page is not there */
		return;
	}
	int rc = write ? vlapic_mmio_write(vl_of(v), gpa, size, *val) : vlapic_mmio_read(vl_of(v), gpa, size, val);
	if (rc != 0 && !write)
		*val = 0; /* a misaligned or odd-sized access: reads 0, as the vLAPIC reports */
}

/*
 * Fault-like APIC accesses (SDM 29.4.4): accesses APIC-register virtualization does not cover,
 * such as reads of the timer's current count. Exit qualification bits 15:12 give the access type
 * (0 linear read, 1 linear write); the instruction is emulated against the vLAPIC.
 */
static int exit_apic_access(const struct vmx_exit_info *exit, void *ctx)
{
	struct vcpu *v = ctx;
	unsigned int type = (exit->qualification >> 12) & 0xf;
	uint64_t gpa = vlapic_mmio_base(vl_of(v)) + (exit->qualification & 0xfff);
	if (type > 1) {
		vm_stop(v->vm, VM_STATUS_FAULT, "vcpu %u: APIC access of type %u at offset 0x%lx (not a data access)",
			v->index, type, exit->qualification & 0xfff);
		return EXIT_STOP_VCPU;
	}
	return vcpu_emulate_mmio(v, gpa, vcpu_apic_mmio, v);
}

/* HLT (the pass-through model turns HLT exiting off): the vCPU halts until its vLAPIC has an interrupt for it. */
static int exit_hlt(const struct vmx_exit_info *exit, void *ctx)
{
	struct vcpu *v = ctx;
	vcpu_skip_instruction(exit);
	if (vcpu_wake_event(v))
		return EXIT_RESUME;
	v->state = VCPU_HALTED;
	return EXIT_STOP_VCPU;
}

/* The interrupt is still pending on this CPU: open a window so the host's handler runs. */
static int exit_external_interrupt(const struct vmx_exit_info *exit, void *ctx)
{
	(void)exit;
	(void)ctx;
	__asm__ volatile("sti; nop; cli" ::: "memory");
	return EXIT_RESUME;
}

/* This model's exits, by basic exit reason (SDM Vol. 3D appendix C); any other one is unhandled. */
int exit_apic_model(const struct vmx_exit_info *exit, void *ctx)
{
	switch (exit->basic_reason) {
	case VMX_EXIT_EXTERNAL_INTERRUPT:
		return exit_external_interrupt(exit, ctx);
	case VMX_EXIT_HLT:
		return exit_hlt(exit, ctx);
	case VMX_EXIT_INTERRUPT_WINDOW:
		return exit_interrupt_window(exit, ctx);
	case VMX_EXIT_APIC_ACCESS:
		return exit_apic_access(exit, ctx);
	case VMX_EXIT_VIRTUALIZED_EOI:
		return exit_virtualized_eoi(exit, ctx);
	case VMX_EXIT_APIC_WRITE:
		return exit_apic_write(exit, ctx);
	default:
		return exit_unhandled(exit, ctx);
	}
}

int vcpu_apic_pending(struct vcpu *v)
{
	return vlapic_pending_vector(vl_of(v));
}

/* CR8 exits only in 64-bit mode, the only mode that has it (64-bit operand); bits 63:4 are reserved
 * (SDM Vol. 2B MOV CRn: #GP(0)). The operand register is RSP's VMCS field for register 4. */
int vcpu_apic_mov_cr8(struct vcpu *v, const struct vmx_cr_access *a)
{
	uint64_t *reg = vmx_guest_gpr(&v->vmx.regs, a->gpr);
	uint64_t val = reg ? *reg : vmx_vmread(VMCS_GUEST_RSP);
	if (a->access_type == VMX_CR_ACCESS_MOV_FROM_CR) {
		val = vlapic_cr8(vl_of(v));
		if (reg)
			*reg = val;
		else
			vmx_vmwrite(VMCS_GUEST_RSP, val);
		return 0;
	}
	if (val & ~0xfull) {
		vcpu_inject_exception(v, 13, 0);
		return -1;
	}
	vlapic_set_cr8(vl_of(v), (uint8_t)val);
	return 0;
}

int vcpu_apic_set_tsc_offset(struct vcpu *v, uint64_t offset)
{
	vlapic_set_tsc_offset(vl_of(v), offset);
	return 0;
}

uint64_t vcpu_apic_timer_hz(struct vcpu *v)
{
	return vlapic_timer_hz(vl_of(v));
}

bool vcpu_apic_enabled(struct vcpu *v)
{
	return vlapic_enabled(vl_of(v));
}

int vcpu_apic_rdmsr(struct vcpu *v, uint32_t msr, uint64_t *val)
{
	return vlapic_rdmsr(vl_of(v), msr, val);
}

int vcpu_apic_wrmsr(struct vcpu *v, uint32_t msr, uint64_t val)
{
	return vlapic_wrmsr(vl_of(v), msr, val);
}

uint64_t vcpu_apic_poll(struct vcpu *v)
{
	volatile uint64_t *slot = deadline_of(vl_of(v));
	uint64_t deadline = *slot;
	if (deadline && rdtsc() >= deadline) {
		*slot = 0;
		vlapic_timer_expired(vl_of(v)); /* a periodic timer re-arms itself here */
		deadline = *slot;
	}
	/* The caller arms the host timer for it: an external-interrupt exit when the next expiry is due
	 * (the guest may not exit on its own before then; with virtual-interrupt delivery even its EOIs
	 * do not exit). */
	return deadline;
}

void vcpu_apic_force_exit(unsigned int pcpu)
{
	lapic_kick_cpu(pcpu); /* external-interrupt exiting makes the IPI a VM exit */
}

void vcpu_apic_release(struct vcpu *v)
{
	*deadline_of(vl_of(v)) = 0;
}

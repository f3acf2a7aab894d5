/*
 * The emulated local APIC (lib/vlapic) behind core/include/core/vcpu_apic.h: the ops the library
 * calls back into the core, and the calls the run loop makes.
 */
#include <core/console.h>
#include <core/lapic.h>
#include <core/percpu.h>
#include <core/trap.h>
#include <core/vcpu_apic.h>
#include <core/vm.h>
#include <core/x86.h>
#include <vlapic/vlapic.h>

struct vm_apic {
	struct vlapic_vm vm;
	struct vlapic vcpu[VM_MAX_VCPUS];
	volatile uint64_t timer_deadline[VM_MAX_VCPUS]; /* host TSC, 0 when not armed */
};

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

static void op_eoi_level(struct vlapic *vl, uint8_t vector)
{
	(void)vl;
	(void)vector; /* no vIOAPIC in this image yet */
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

static void op_inject_nmi(void *vcpu)
{
	struct vcpu *v = vcpu;
	hv_warn("vm %s: NMI to vcpu %u not delivered (virtual NMIs are not implemented)", v->vm->name, v->index);
}

static void op_unroutable(void *vm_ctx, struct vlapic *src, uint32_t dest, uint32_t icr_low)
{
	struct vm *vm = vm_ctx;
	static uint64_t last_tsc;
	uint64_t now = rdtsc();
	(void)src;
	/* At most a line every 10 ms: a guest must not flood the console. */
	if (now - last_tsc > plat_tsc_hz() / 100) {
		last_tsc = now;
		hv_warn("vm %s: IPI (ICR 0x%x) to APIC id %u matches no vCPU of this VM: dropped", vm->name, icr_low,
			dest);
	}
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

int vm_apic_setup(struct vm *vm)
{
	struct vm_apic *a = &vm_apics[vm->id];
	vm->apic = a;
	struct vlapic_vm_config cfg = {
		.ops = &vlapic_ops, .ctx = vm, .maxphyaddr = 46, .tsc_per_bus_tick = 1, .tsc_offset = 0,
	};
	int rc = vlapic_vm_init(&a->vm, &cfg);
	for (unsigned int i = 0; rc == 0 && i < vm->vcpu_count; i++)
		rc = vlapic_create(&a->vcpu[i], &a->vm, i, i == 0, vm->vcpus[i]);
	return rc;
}

void vm_apic_msr_bitmap(struct vm *vm, void *msr_bitmap)
{
	(void)vm;
	(void)msr_bitmap; /* every APIC MSR exits to lib/vlapic */
}

void vm_apic_controls(uint32_t *pin_clear, uint32_t *proc_clear)
{
	*pin_clear = 0;
	*proc_clear = 0;
}

int vcpu_apic_pending(struct vcpu *v)
{
	return vlapic_pending_vector(vl_of(v));
}

uint8_t vcpu_apic_ack(struct vcpu *v, uint8_t vector)
{
	return vlapic_ack(vl_of(v), vector);
}

int vcpu_apic_rdmsr(struct vcpu *v, uint32_t msr, uint64_t *val)
{
	return vlapic_rdmsr(vl_of(v), msr, val);
}

int vcpu_apic_wrmsr(struct vcpu *v, uint32_t msr, uint64_t val)
{
	return vlapic_wrmsr(vl_of(v), msr, val);
}

void vcpu_apic_poll(struct vcpu *v)
{
	volatile uint64_t *slot = deadline_of(vl_of(v));
	uint64_t deadline = *slot;
	if (deadline == 0)
		return;
	if (rdtsc() >= deadline) {
		*slot = 0;
		vlapic_timer_expired(vl_of(v));
	} else {
		lapic_timer_arm_tsc(deadline); /* an external-interrupt exit when it is due */
	}
}

void vcpu_apic_force_exit(unsigned int pcpu)
{
	lapic_kick_cpu(pcpu); /* external-interrupt exiting makes the IPI a VM exit */
}

void vcpu_apic_release(struct vcpu *v)
{
	*deadline_of(vl_of(v)) = 0;
}

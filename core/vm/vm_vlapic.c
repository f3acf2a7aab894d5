/* Glue between a VM's vCPUs and lib/vlapic: the ops the library calls back into the core. */
#include <core/console.h>
#include <core/lapic.h>
#include <core/vm_internal.h>
#include <core/x86.h>

static void op_kick(void *vcpu)
{
	vcpu_kick(vcpu);
}

static struct vcpu *vcpu_of(struct vlapic *vl)
{
	return (struct vcpu *)((char *)vl - __builtin_offsetof(struct vcpu, vlapic));
}

static void op_timer_arm(struct vlapic *vl, uint64_t deadline)
{
	vcpu_of(vl)->timer_deadline = deadline ? deadline : 1;
}

static void op_timer_cancel(struct vlapic *vl)
{
	vcpu_of(vl)->timer_deadline = 0;
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
	vlapic_init_reset(&v->vlapic);
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

int vm_vlapics_setup(struct vm *vm)
{
	struct vlapic_vm_config cfg = {
		.ops = &vlapic_ops, .ctx = vm, .maxphyaddr = 46, .tsc_per_bus_tick = 1, .tsc_offset = 0,
	};
	int rc = vlapic_vm_init(&vm->vlapic_vm, &cfg);
	for (unsigned int i = 0; rc == 0 && i < vm->vcpu_count; i++)
		rc = vlapic_create(&vm->vcpus[i]->vlapic, &vm->vlapic_vm, i, i == 0, vm->vcpus[i]);
	return rc;
}

void vcpu_timers_poll(struct vcpu *v)
{
	uint64_t deadline = v->timer_deadline;
	if (deadline == 0)
		return;
	if (rdtsc() >= deadline) {
		v->timer_deadline = 0;
		vlapic_timer_expired(&v->vlapic);
	} else {
		lapic_timer_arm_tsc(deadline); /* an external-interrupt exit when it is due */
	}
}

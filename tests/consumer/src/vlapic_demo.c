/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * lib/vlapic: two vCPUs' local APICs driven the way a hypervisor core drives them. The "core" here is
 * a set of callbacks (struct vlapic_ops) that record what the library asks for; guest register
 * accesses are the xAPIC MMIO writes a guest would make.
 *   1. vCPU 0 programs a one-shot timer; the clock passes the deadline the library armed; the core
 *      reports the expiry, and the timer's vector is pending on vCPU 0.
 *   2. vCPU 0 writes the ICR: a fixed IPI to APIC ID 1, which becomes pending on vCPU 1.
 */
#include "consumer.h"

#include <hvkit/errno.h>
#include <stdio.h>
#include <vlapic/vlapic.h>

#define TIMER_VECTOR 0x40u
#define IPI_VECTOR 0x51u

struct vcpu {
	struct vlapic vl;
	unsigned int kicks;
	bool timer_armed;
	uint64_t timer_deadline;
	unsigned int unexpected; /* INIT, SIPI, NMI, level EOI, unroutable, posted interrupts */
};

static struct vcpu vcpus[2];

static void kick(void *vcpu)
{
	((struct vcpu *)vcpu)->kicks++;
}

static struct vcpu *owner(struct vlapic *vl)
{
	return vl == &vcpus[0].vl ? &vcpus[0] : &vcpus[1];
}

static void timer_arm(struct vlapic *vl, uint64_t deadline_tsc)
{
	owner(vl)->timer_armed = true;
	owner(vl)->timer_deadline = deadline_tsc;
}

static void timer_cancel(struct vlapic *vl)
{
	owner(vl)->timer_armed = false;
}

static void eoi_level(struct vlapic *vl, uint8_t vector)
{
	(void)vector;
	owner(vl)->unexpected++;
}

static void unexpected(void *vcpu)
{
	((struct vcpu *)vcpu)->unexpected++;
}

static void sipi(void *vcpu, uint8_t vector)
{
	(void)vector;
	unexpected(vcpu);
}

static void unroutable(void *vm_ctx, struct vlapic *src, uint32_t dest, uint32_t icr_low)
{
	(void)vm_ctx, (void)dest, (void)icr_low;
	if (src != NULL)
		owner(src)->unexpected++;
}

static void pi_notify(void *vcpu, uint8_t nv, uint32_t ndst)
{
	(void)nv, (void)ndst;
	unexpected(vcpu);
}

static const struct vlapic_ops ops = {
	.kick = kick, .timer_arm = timer_arm, .timer_cancel = timer_cancel, .eoi_level = eoi_level,
	.init = unexpected, .sipi = sipi, .inject_nmi = unexpected, .unroutable = unroutable,
	.pi_notify = pi_notify,
};

/* A guest's 32-bit xAPIC register write. */
static void guest_write(struct vcpu *v, uint32_t offset, uint32_t value)
{
	char what[64];
	snprintf(what, sizeof(what), "guest write of 0x%x to APIC register 0x%x", value, offset);
	check_int(what, 0, vlapic_mmio_write(&v->vl, vlapic_mmio_base(&v->vl) + offset, 4, value));
}

static void timer(void)
{
	struct vcpu *v = &vcpus[0];
	printf("consumer: vlapic: vCPU 0 programs a one-shot timer: vector 0x%x, divide by 1, 5000 ticks\n",
	       TIMER_VECTOR);
	consumer_clock_set(1000000);
	guest_write(v, APIC_OFF_TIMER_DCR, 0xB); /* divide by 1 */
	guest_write(v, APIC_OFF_LVT_TIMER, TIMER_VECTOR | (APIC_TIMER_ONE_SHOT << APIC_LVT_TIMER_MODE_SHIFT));
	guest_write(v, APIC_OFF_TIMER_ICR, 5000);
	check_int("host timer armed", 1, v->timer_armed);
	check_u64("host deadline (TSC)", 1000000 + 5000, v->timer_deadline);
	check_int("nothing pending before the deadline", -HV_ENOENT, vlapic_pending_vector(&v->vl));

	printf("consumer: vlapic: the clock reaches the deadline; the core reports the expiry\n");
	consumer_clock_set(v->timer_deadline);
	unsigned int kicks = v->kicks;
	check_int("vlapic_timer_expired", 0, vlapic_timer_expired(&v->vl));
	check_int("pending vector on vCPU 0", TIMER_VECTOR, vlapic_pending_vector(&v->vl));
	check_int("vCPU 0 kicked", 1, v->kicks > kicks);
	check_int("acknowledged", TIMER_VECTOR, vlapic_ack(&v->vl, TIMER_VECTOR));
	check_int("EOI ends it", TIMER_VECTOR, vlapic_eoi(&v->vl));
}

static void ipi(void)
{
	printf("consumer: vlapic: vCPU 0 sends a fixed IPI, vector 0x%x, to APIC ID 1\n", IPI_VECTOR);
	unsigned int kicks = vcpus[1].kicks;
	guest_write(&vcpus[0], APIC_OFF_ICR_HIGH, 1u << 24);
	guest_write(&vcpus[0], APIC_OFF_ICR_LOW, IPI_VECTOR | (APIC_DM_FIXED << APIC_ICR_DM_SHIFT));
	check_int("pending vector on vCPU 1", IPI_VECTOR, vlapic_pending_vector(&vcpus[1].vl));
	check_int("vCPU 1 kicked", 1, vcpus[1].kicks > kicks);
	check_int("nothing pending on vCPU 0", -HV_ENOENT, vlapic_pending_vector(&vcpus[0].vl));
}

void vlapic_demo(void)
{
	struct vlapic_vm vm;
	const struct vlapic_vm_config cfg = {
		.ops = &ops, .ctx = &vm, .maxphyaddr = 39, .tsc_per_bus_tick = 1, .tsc_offset = 0,
	};
	printf("consumer: vlapic: a VM with two vCPUs, APIC IDs 0 (BSP) and 1\n");
	if (!check_int("vlapic_vm_init", 0, vlapic_vm_init(&vm, &cfg)))
		return;
	for (unsigned int i = 0; i < 2; i++) {
		if (!check_int("vlapic_create", 0, vlapic_create(&vcpus[i].vl, &vm, i, i == 0, &vcpus[i])))
			return;
		guest_write(&vcpus[i], APIC_OFF_SVR, 0x1FF); /* software-enable, spurious vector 0xFF */
	}
	timer();
	ipi();
	check_int("unexpected callbacks", 0, vcpus[0].unexpected + vcpus[1].unexpected);
	for (unsigned int i = 0; i < 2; i++)
		vlapic_destroy(&vcpus[i].vl);
}

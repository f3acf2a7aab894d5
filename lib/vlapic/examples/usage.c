/* SPDX-License-Identifier: BSD-3-Clause */
/* lib/vlapic: a device interrupt delivered to a vCPU's virtual LAPIC, acknowledged and ended. */
#include <stdio.h>
#include <vlapic/vlapic.h>

/* The core's side: what the library asks of the hypervisor. */
static void kick(void *vcpu) { printf("kick %s: an interrupt is pending\n", (const char *)vcpu); }
static void timer_arm(struct vlapic *vl, uint64_t deadline) { (void)vl, (void)deadline; }
static void timer_cancel(struct vlapic *vl) { (void)vl; }
static void eoi_level(struct vlapic *vl, uint8_t vector) { (void)vl, (void)vector; }
static void vcpu_event(void *vcpu) { (void)vcpu; }
static void sipi(void *vcpu, uint8_t vector) { (void)vcpu, (void)vector; }
static void unroutable(void *vm, struct vlapic *src, uint32_t dest, uint32_t icr)
{
	(void)vm, (void)src, (void)dest, (void)icr;
}
static void pi_notify(void *vcpu, uint8_t nv, uint32_t ndst) { (void)vcpu, (void)nv, (void)ndst; }
static const struct vlapic_ops ops = {
	.kick = kick, .timer_arm = timer_arm, .timer_cancel = timer_cancel, .eoi_level = eoi_level,
	.init = vcpu_event, .sipi = sipi, .inject_nmi = vcpu_event, .unroutable = unroutable, .pi_notify = pi_notify,
};

int main(void)
{
	static struct vlapic_vm vm;
	static struct vlapic bsp;
	const struct vlapic_vm_config cfg = { .ops = &ops, .maxphyaddr = 39, .tsc_per_bus_tick = 1 };
	if (vlapic_vm_init(&vm, &cfg) != 0 || vlapic_create(&bsp, &vm, 0, true, "vCPU 0") != 0)
		return 1;
	/* The guest enables its APIC: SVR = 0x1FF (an xAPIC MMIO write the core intercepted). */
	if (vlapic_mmio_write(&bsp, vlapic_mmio_base(&bsp) + APIC_OFF_SVR, 4, 0x1FF) != 0)
		return 1;
	/* A device's MSI, decoded by the core: fixed, vector 0x30, physical destination 0. */
	const struct vlapic_irq msi = { .dest = 0, .vector = 0x30, .delivery_mode = APIC_DM_FIXED };
	printf("delivered to %d vCPU(s)\n", vlapic_vm_deliver(&vm, NULL, &msi));
	/* Before the next VM entry: inject what is pending, then the guest's EOI. */
	int v = vlapic_pending_vector(&bsp);
	if (v < 0)
		return 1;
	printf("inject vector 0x%x\n", vlapic_ack(&bsp, (uint8_t)v));
	printf("EOI of vector 0x%x\n", vlapic_eoi(&bsp));
	vlapic_destroy(&bsp);
	return 0;
}

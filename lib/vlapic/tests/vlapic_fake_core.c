/* SPDX-License-Identifier: BSD-3-Clause */
#include "vlapic_fake_core.h"

#include <string.h>

struct fc fc;

static struct fc_vcpu *V(void *vcpu)
{
	return vcpu;
}

static void kick(void *vcpu) { V(vcpu)->kicks++; }
static void timer_arm(struct vlapic *vl, uint64_t deadline)
{
	fc.arms++;
	fc.last_deadline = deadline;
	fc.last_timer_vl = vl;
}
static void timer_cancel(struct vlapic *vl)
{
	fc.cancels++;
	fc.last_timer_vl = vl;
}
static void eoi_level(struct vlapic *vl, uint8_t vector)
{
	(void)vl;
	fc.eoi_levels++;
	fc.last_eoi_vector = vector;
}
static void init(void *vcpu) { V(vcpu)->inits++; }
static void sipi(void *vcpu, uint8_t vector)
{
	V(vcpu)->sipis++;
	V(vcpu)->sipi_vector = vector;
}
static void inject_nmi(void *vcpu) { V(vcpu)->nmis++; }
static void unroutable(void *ctx, struct vlapic *src, uint32_t dest, uint32_t icr)
{
	assert_ptr_equal(ctx, &fc);
	fc.unroutables++;
	fc.unroutable_src = src;
	fc.unroutable_dest = dest;
	fc.unroutable_icr = icr;
}
static void pi_notify(void *vcpu, uint8_t nv, uint32_t ndst)
{
	V(vcpu)->pi_notifies++;
	V(vcpu)->pi_nv = nv;
	V(vcpu)->pi_ndst = ndst;
}

const struct vlapic_ops fc_ops = {
	.kick = kick, .timer_arm = timer_arm, .timer_cancel = timer_cancel, .eoi_level = eoi_level,
	.init = init, .sipi = sipi, .inject_nmi = inject_nmi, .unroutable = unroutable,
	.pi_notify = pi_notify,
};

void fc_setup(unsigned int n, const uint32_t *ids, bool sw_enable)
{
	host_platform_reset();
	memset(&fc, 0, sizeof(fc));
	struct vlapic_vm_config cfg = { .ops = &fc_ops, .ctx = &fc, .maxphyaddr = 39, .tsc_per_bus_tick = 1 };
	assert_int_equal(vlapic_vm_init(&fc.vm, &cfg), 0);
	for (unsigned int i = 0; i < n; i++) {
		fc.vcpu[i].index = (int)i;
		assert_int_equal(vlapic_create(&fc.vl[i], &fc.vm, ids[i], i == 0, &fc.vcpu[i]), 0);
		if (sw_enable)
			fc_write(&fc.vl[i], APIC_OFF_SVR, 0x1FF);
	}
	fc.n = n;
}

void fc_teardown(void)
{
	for (unsigned int i = 0; i < fc.n; i++)
		vlapic_destroy(&fc.vl[i]);
	assert_int_equal(fc.vm.nr, 0);
	assert_int_equal(host_platform_pages_in_use, 0);
}

void fc_write(struct vlapic *vl, uint32_t off, uint32_t val)
{
	if (vlapic_x2apic_mode(vl))
		assert_int_equal(vlapic_wrmsr(vl, X2APIC_MSR(off), val), 0);
	else
		assert_int_equal(vlapic_mmio_write(vl, vlapic_mmio_base(vl) + off, 4, val), 0);
}

uint32_t fc_read(struct vlapic *vl, uint32_t off)
{
	if (vlapic_x2apic_mode(vl)) {
		uint64_t v = 0;
		assert_int_equal(vlapic_rdmsr(vl, X2APIC_MSR(off), &v), 0);
		return (uint32_t)v;
	}
	uint32_t v = 0;
	assert_int_equal(vlapic_mmio_read(vl, vlapic_mmio_base(vl) + off, 4, &v), 0);
	return v;
}

void fc_to_x2apic(struct vlapic *vl)
{
	uint64_t base;
	assert_int_equal(vlapic_rdmsr(vl, IA32_APIC_BASE, &base), 0);
	assert_int_equal(vlapic_wrmsr(vl, IA32_APIC_BASE, base | APIC_BASE_EXTD), 0);
	assert_true(vlapic_x2apic_mode(vl));
}

static bool bit(struct vlapic *vl, uint32_t base, uint8_t v)
{
	const uint8_t *p = vlapic_page(vl);
	uint32_t w;
	memcpy(&w, p + base + (v >> 5) * 16, 4);
	return (w >> (v & 31)) & 1;
}

bool fc_irr(struct vlapic *vl, uint8_t v) { return bit(vl, APIC_OFF_IRR0, v); }
bool fc_isr(struct vlapic *vl, uint8_t v) { return bit(vl, APIC_OFF_ISR0, v); }
bool fc_tmr(struct vlapic *vl, uint8_t v) { return bit(vl, APIC_OFF_TMR0, v); }

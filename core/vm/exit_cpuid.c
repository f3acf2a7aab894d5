/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * CPUID (SDM Vol. 2A CPUID; Vol. 3C 25.1.2: always exits): the host's answer through
 * lib/guest_rules' filter (VMX hidden, the hypervisor bit and leaves 0x40000000+ added, features
 * whose MSRs are denied hidden, a topology of exactly the VM's vCPUs, leaf 0DH computed from the
 * XSAVE components the VM may enable, leaves 15H/16H from the rates of the VM's TSC and APIC timer).
 */
#include <core/console.h>
#include <core/tsc.h>
#include <core/vcpu_apic.h>
#include <core/vm.h>
#include <core/x86.h>
#include <core/vm_internal.h>
#include <guest_rules/cpuid_filter.h>
#include <guest_rules/cpuid_xsave.h>

static uint64_t xgetbv0(void)
{
	uint32_t lo, hi;
	__asm__ volatile("xgetbv" : "=a"(lo), "=d"(hi) : "c"(0));
	return ((uint64_t)hi << 32) | lo;
}

/* What every guest's CPUID derives from the host's and that never changes: read once, by the
 * first CPU that needs it (the others wait on the lock, then see it published). */
struct host_cpuid {
	uint32_t max_leaf;
	struct xsave_layout xsave;
};

/* The XSAVE components the host's XCR0 may hold: CPUID.0DH:0 EDX:EAX, none without XSAVE (CPUID.1:ECX[26]). */
static uint64_t host_xsave_mask(uint32_t max_leaf)
{
	uint32_t a, b, c, d;
	if (max_leaf < 0xd)
		return 0;
	cpuid(1, 0, &a, &b, &c, &d);
	if (!(c & (1u << 26)))
		return 0;
	cpuid(0xd, 0, &a, &b, &c, &d);
	return ((uint64_t)d << 32) | a;
}

/* The size and offset of every component a guest may have, from CPUID.0DH:i. */
static void host_xsave_layout(struct xsave_layout *x, uint64_t mask)
{
	uint32_t a, b, c, d;
	xsave_layout_init(x, mask);
	for (unsigned int i = 2; i < XSAVE_COMPONENTS; i++) {
		if (!((x->guest_mask >> i) & 1))
			continue;
		cpuid(0xd, i, &a, &b, &c, &d);
		xsave_layout_add(x, i, a, b, c);
	}
	xsave_layout_finish(x);
}

static const struct host_cpuid *host_cpuid(void)
{
	static struct host_cpuid h;
	static plat_lock_t lock;
	static bool ready;
	if (__atomic_load_n(&ready, __ATOMIC_ACQUIRE))
		return &h;
	plat_lock(&lock);
	if (!ready) {
		uint32_t b, c, d;
		cpuid(0, 0, &h.max_leaf, &b, &c, &d);
		host_xsave_layout(&h.xsave, host_xsave_mask(h.max_leaf));
		xsavec_check(&h.xsave, h.max_leaf);
		__atomic_store_n(&ready, true, __ATOMIC_RELEASE);
	}
	plat_unlock(&lock);
	return &h;
}

/* The guest's XCR0: the CPU's own, which the VMCS does not switch and only the guest's XSETBV
 * (exit_xsetbv) writes. */
static uint64_t guest_xcr0(void)
{
	return (read_cr4() & CR4_OSXSAVE) ? xgetbv0() : 1;
}

/* Only the leaves that show guest state need it read (each costs VMREADs on the exit path): CR4 for
 * OSXSAVE (leaf 1) and OSPKE (leaf 7), the APIC's enable for leaf 1, XCR0 for leaf 0DH. */
static void view_guest_state(struct cpuid_view *view, struct vcpu *v, uint32_t leaf)
{
	view->guest_cr4 = leaf == 1 || leaf == 7 ? vcpu_guest_cr4() : 0;
	view->apic_enabled = leaf == 1 ? vcpu_apic_enabled(v) : true;
	view->guest_xcr0 = leaf == 0xd ? guest_xcr0() : 0;
}

/* The TSC and APIC timer rates, for leaves 15H/16H and the hypervisor's timing leaf. */
static void view_clocks(struct cpuid_view *view, struct vcpu *v, uint32_t leaf)
{
	bool basic = leaf == 0x15 || leaf == 0x16;
	view->tsc_hz = basic || leaf == 0x40000010u ? tsc_hz() : 0;
	view->timer_hz = basic ? vcpu_apic_timer_hz(v) : 0;
}

void vcpu_cpuid(struct vcpu *v, uint32_t leaf, uint32_t sub, uint32_t r[4])
{
	const struct host_cpuid *h = host_cpuid();
	struct cpuid_view view = {
		.vcpu_index = v->index,
		.vcpu_count = v->vm->vcpu_count,
		.x2apic_allowed = !v->vm->cfg->no_x2apic,
		.host_max_leaf = h->max_leaf,
		.xsave = &h->xsave,
	};
	view_guest_state(&view, v, leaf);
	view_clocks(&view, v, leaf);
	r[0] = r[1] = r[2] = r[3] = 0;
	if (leaf < 0x40000000u || leaf > 0x4fffffffu)
		cpuid(leaf, sub, &r[0], &r[1], &r[2], &r[3]);
	cpuid_filter(&view, leaf, sub, r);
}

int exit_cpuid(const struct vmx_exit_info *exit, void *ctx)
{
	struct vcpu *v = ctx;
	uint32_t r[4];
	vcpu_cpuid(v, (uint32_t)v->vmx.regs.rax, (uint32_t)v->vmx.regs.rcx, r);
	v->vmx.regs.rax = r[0];
	v->vmx.regs.rbx = r[1];
	v->vmx.regs.rcx = r[2];
	v->vmx.regs.rdx = r[3];
	vcpu_skip_instruction(exit);
	return EXIT_RESUME;
}

/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * CPUID (SDM Vol. 2A CPUID; Vol. 3C 25.1.2: always exits): the host's answer through
 * core/guest_rules' filter (VMX hidden, the hypervisor bit and leaves 0x40000000+ added, features
 * whose MSRs are denied hidden, a topology of exactly the VM's vCPUs).
 */
#include <core/tsc.h>
#include <core/vm.h>
#include <core/x86.h>
#include <core/vm_internal.h>
#include <guest_rules/cpuid_filter.h>

void vcpu_cpuid(struct vcpu *v, uint32_t leaf, uint32_t sub, uint32_t r[4])
{
	/* Only the leaves that show guest state need it read (each costs VMREADs on the exit path):
	 * CR4 for OSXSAVE (leaf 1) and OSPKE (leaf 7), the APIC's enable for leaf 1, the TSC rate for
	 * the hypervisor leaf 0x40000010. */
	const struct cpuid_view view = {
		.vcpu_index = v->index,
		.vcpu_count = v->vm->vcpu_count,
		.guest_cr4 = leaf == 1 || leaf == 7 ? vcpu_guest_cr4() : 0,
		.apic_enabled = leaf == 1 ? vcpu_apic_enabled(v) : true,
		.x2apic_allowed = !v->vm->cfg->no_x2apic,
		.tsc_khz = leaf == 0x40000010u ? tsc_hz() / 1000 : 0,
	};
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

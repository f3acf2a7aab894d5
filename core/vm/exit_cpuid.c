/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * CPUID (SDM Vol. 2A CPUID; Vol. 3C 25.1.2: always exits): the host's answer, with VMX hidden,
 * the hypervisor bit and leaves 0x40000000+ added, and a topology of exactly the VM's vCPUs.
 */
#include <core/tsc.h>
#include <core/vm.h>
#include <core/x86.h>
#include <core/vm_internal.h>
#include <string.h>

#define HV_CPUID_MAX_LEAF 0x40000010u
#define KVM_COMPAT_BASE 0x40000100u

static uint32_t guest_cr4_bit(unsigned int bit)
{
	return (uint32_t)(vcpu_guest_cr4() >> bit) & 1;
}

static unsigned int bits_for(unsigned int n)
{
	unsigned int b = 0;
	while ((1u << b) < n)
		b++;
	return b;
}

void vcpu_cpuid(struct vcpu *v, uint32_t leaf, uint32_t sub, uint32_t r[4])
{
	unsigned int n = v->vm->vcpu_count;
	if (leaf >= 0x40000000u && leaf <= 0x4fffffffu) {
		memset(r, 0, 16);
		if (leaf == 0x40000000u) {
			r[0] = HV_CPUID_MAX_LEAF;
			memcpy(&r[1], "hvki", 4); /* EBX, ECX, EDX: "hvkithvkithv" */
			memcpy(&r[2], "thvk", 4);
			memcpy(&r[3], "ithv", 4);
		} else if (leaf == 0x40000010u) {
			r[0] = (uint32_t)(tsc_hz() / 1000); /* TSC frequency in kHz (the VMware leaf) */
		} else if (leaf == KVM_COMPAT_BASE) {
			/*
			 * A KVM-compatible identification block with no paravirtual features: unmodified
			 * Linux uses x2APIC without interrupt remapping only under a hypervisor it knows
			 * (x86_init.hyper.x2apic_available), and a VM with LAPIC pass-through can only run
			 * in x2APIC mode. Linux scans 0x40000000-0x4000ff00 in steps of 0x100 for it.
			 */
			r[0] = KVM_COMPAT_BASE + 1;
			memcpy(&r[1], "KVMK", 4);
			memcpy(&r[2], "VMKV", 4);
			memcpy(&r[3], "M\0\0\0", 4);
		}
		/* KVM_COMPAT_BASE + 1: feature and hint bits, all zero (no kvmclock, PV EOI, ...). */
		return;
	}
	cpuid(leaf, sub, &r[0], &r[1], &r[2], &r[3]);
	switch (leaf) {
	case 1:
		/*
		 * Hidden, because the MSRs behind them are denied (a guest that sees a feature bit may
		 * read its MSRs without checking for #GP): ECX DTES64 (2), MONITOR/MWAIT (3: guests
		 * idle with HLT), DS-CPL (4), VMX (5), SMX (6), EIST (7), TM2 (8), PDCM (15);
		 * EDX MCE (7), MCA (14), DS (21), ACPI thermal control (22), TM (29), PBE (31).
		 */
		r[2] &= ~((1u << 2) | (1u << 3) | (1u << 4) | (1u << 5) | (1u << 6) | (1u << 7) |
			  (1u << 8) | (1u << 15));
		r[3] &= ~((1u << 7) | (1u << 14) | (1u << 21) | (1u << 22) | (1u << 29) | (1u << 31));
		/* OSXSAVE (27) is the guest's CR4.OSXSAVE, not the host's (SDM Vol. 2A CPUID, Table 3-10). */
		r[2] = (r[2] & ~(1u << 27)) | (guest_cr4_bit(18) << 27);
		r[2] |= 1u << 31;                 /* a hypervisor is present */
		r[1] = (r[1] & 0x0000ffffu) | (v->index << 24) | ((n & 0xffu) << 16);
		r[3] = n > 1 ? r[3] | (1u << 28) : r[3] & ~(1u << 28); /* HTT: more than one logical CPU */
		break;
	case 4:
		/* Cores per package - 1 in 31:26; threads sharing this cache - 1 in 25:14. */
		if (r[0] & 0x1f)
			r[0] = (r[0] & 0x3fffu) | ((n - 1) << 26) | ((n - 1) << 14);
		break;
	case 7:
		if (sub == 0) {
			r[1] &= ~(1u << 1);              /* IA32_TSC_ADJUST: not emulated */
			r[3] &= ~((1u << 29) | (1u << 30)); /* IA32_ARCH/CORE_CAPABILITIES: denied */
			r[2] = (r[2] & ~(1u << 4)) | (guest_cr4_bit(22) << 4); /* OSPKE is the guest's CR4.PKE */
		}
		break;
	case 0xd:
		/*
		 * XSAVES/XRSTORS (sub-leaf 1, EAX bit 3) are hidden: a guest must program IA32_XSS to
		 * use them, and IA32_XSS is neither in the MSR policy nor switched between host and guest.
		 */
		if (sub == 1)
			r[0] &= ~(1u << 3);
		break;
	case 6:
	case 0xa:
		memset(r, 0, 16); /* no power management or performance monitoring inside VMs */
		break;
	case 0xb:
	case 0x1f:
		/* x2APIC topology: one thread per core, n cores, package level ends the list. */
		if (sub == 0) {
			r[0] = 0, r[1] = 1, r[2] = (1u << 8) | sub;
		} else if (sub == 1) {
			r[0] = bits_for(n), r[1] = n, r[2] = (2u << 8) | sub;
		} else {
			r[0] = r[1] = 0, r[2] = sub;
		}
		r[3] = v->index;
		break;
	case 0x80000000u:
	default:
		break;
	}
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

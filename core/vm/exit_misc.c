/* SPDX-License-Identifier: BSD-3-Clause */
/* The small exits: HLT, XSETBV, VMCALL, EPT faults, triple fault, interrupts, VMX instructions. */
#include <core/console.h>
#include <core/percpu.h>
#include <core/vm_internal.h>
#include <core/x86.h>
#include <ept/ept.h>
#include <vmx/vmcs_fields.h>

int exit_hlt(const struct vmx_exit_info *exit, void *ctx)
{
	struct vcpu *v = ctx;
	vcpu_skip_instruction(exit);
	if (vcpu_apic_pending(v) >= 0)
		return EXIT_RESUME;
	v->state = VCPU_HALTED;
	return EXIT_STOP_VCPU;
}

/* SDM Vol. 2C XSETBV and Vol. 1 13.3: XCR0 bit 0 set, AVX needs SSE, only what the host has. */
int exit_xsetbv(const struct vmx_exit_info *exit, void *ctx)
{
	struct vcpu *v = ctx;
	uint32_t index = (uint32_t)v->vmx.regs.rcx;
	uint64_t val = (v->vmx.regs.rdx << 32) | (uint32_t)v->vmx.regs.rax;
	uint32_t a, b, c, d;
	cpuid(0xd, 0, &a, &b, &c, &d);
	uint64_t supported = ((uint64_t)d << 32) | a;
	bool ok = index == 0 && (val & 1) && !(val & ~supported) && (!(val & 4) || (val & 2));
	if (!ok) {
		vcpu_inject_exception(v, 13, 0);
		return EXIT_RESUME;
	}
	__asm__ volatile("xsetbv" : : "c"(index), "a"((uint32_t)val), "d"((uint32_t)(val >> 32)));
	vcpu_skip_instruction(exit);
	return EXIT_RESUME;
}

/*
 * Hypercalls, number in RAX, result in RAX: 0 returns hvkit's ABI version (1); 1 returns the VM's
 * VM-exit count so far (for measurements: a guest reads it around a run); others return -38
 * (not implemented).
 */
int exit_vmcall(const struct vmx_exit_info *exit, void *ctx)
{
	struct vcpu *v = ctx;
	uint64_t nr = v->vmx.regs.rax, exits = 0;
	for (unsigned int i = 0; i < v->vm->vcpu_count; i++)
		exits += v->vm->vcpus[i]->exits;
	v->vmx.regs.rax = nr == 0 ? 1 : nr == 1 ? exits : (uint64_t)-38;
	vcpu_skip_instruction(exit);
	return EXIT_RESUME;
}

static void vdev_mmio_access(void *dev, uint64_t gpa, unsigned int size, bool write, uint32_t *val)
{
	vm_vdev_mmio(dev, gpa, size, write, val);
}

int exit_ept_violation(const struct vmx_exit_info *exit, void *ctx)
{
	struct vcpu *v = ctx;
	struct ept_violation ev;
	/* MMIO windows of virtual devices (the vIOAPIC, the xAPIC page without APICv) are left
	 * unmapped in the EPT on purpose. */
	if (vcpu_apic_mmio_claims(v, exit->guest_physical_address))
		return vcpu_emulate_mmio(v, exit->guest_physical_address, vcpu_apic_mmio, v);
	if (vm_vdev_mmio_claims(v->vm, exit->guest_physical_address))
		return vcpu_emulate_mmio(v, exit->guest_physical_address, vdev_mmio_access, v->vm);
	ept_decode_violation(exit->qualification, &ev);
	const char *what = ev.write ? "write" : ev.fetch ? "instruction fetch" : "read";
	vcpu_dump(v, "EPT violation");
	vm_stop(v->vm, 0xffffffffu, "vcpu %u: %s at guest-physical 0x%lx outside its memory (rip 0x%lx)", v->index,
		what, exit->guest_physical_address, exit->guest_rip);
	return EXIT_STOP_VCPU;
}

int exit_ept_misconfig(const struct vmx_exit_info *exit, void *ctx)
{
	struct vcpu *v = ctx;
	vm_stop(v->vm, 0xffffffffu, "vcpu %u: EPT misconfiguration at guest-physical 0x%lx", v->index,
		exit->guest_physical_address);
	return EXIT_STOP_VCPU;
}

int exit_triple_fault(const struct vmx_exit_info *exit, void *ctx)
{
	struct vcpu *v = ctx;
	(void)exit;
	vcpu_dump(v, "triple fault");
	vm_stop(v->vm, 0xffffffffu, "vcpu %u: triple fault (shutdown)", v->index);
	return EXIT_STOP_VCPU;
}

/* The interrupt is still pending on this CPU: open a window so the host's handler runs. */
int exit_external_interrupt(const struct vmx_exit_info *exit, void *ctx)
{
	(void)exit;
	(void)ctx;
	__asm__ volatile("sti; nop; cli" ::: "memory");
	return EXIT_RESUME;
}

/* VMX instructions inside a VM: there is no nested VMX, so they are undefined (#UD). */
/*
 * Exception or NMI exits: only NMIs exit (the exception bitmap is 0). An NMI the hypervisor sent
 * to make the vCPU leave the guest is consumed; any other belongs to the guest and is injected.
 */
extern void iret_to_self(void);

int exit_exception_or_nmi(const struct vmx_exit_info *exit, void *ctx)
{
	struct vcpu *v = ctx;
	if (((exit->interruption_info >> 8) & 7) != VMX_EVENT_NMI)
		return exit_unhandled(exit, ctx);
	if (__atomic_exchange_n(&this_cpu()->nmi_kick, false, __ATOMIC_ACQ_REL)) {
		iret_to_self(); /* should NMIs still be blocked after the exit, this unblocks them */
		return EXIT_RESUME;
	}
	v->pending_exception = true;
	v->exception = vmx_event_nmi();
	return EXIT_RESUME;
}

int exit_vmx_instruction(const struct vmx_exit_info *exit, void *ctx)
{
	(void)exit;
	vcpu_inject_exception(ctx, 6, 0);
	return EXIT_RESUME;
}

int exit_unhandled(const struct vmx_exit_info *exit, void *ctx)
{
	struct vcpu *v = ctx;
	vcpu_dump(v, "unhandled VM exit");
	vm_stop(v->vm, 0xffffffffu, "vcpu %u: unhandled VM exit %u (%s), qualification 0x%lx", v->index,
		exit->basic_reason, vmx_exit_reason_name(exit->basic_reason), exit->qualification);
	return EXIT_STOP_VCPU;
}

void vcpu_dump(struct vcpu *v, const char *why)
{
	uint64_t rip = 0, rsp = 0, rflags = 0, cr0 = 0, cr3 = 0, cr4 = 0;
	vmx_vmread(VMCS_GUEST_RIP, &rip);
	vmx_vmread(VMCS_GUEST_RSP, &rsp);
	vmx_vmread(VMCS_GUEST_RFLAGS, &rflags);
	cr0 = vcpu_guest_cr0();
	vmx_vmread(VMCS_GUEST_CR3, &cr3);
	cr4 = vcpu_guest_cr4();
	const struct vmx_guest_regs *r = &v->vmx.regs;
	hv_error("vm %s: vcpu %u: %s: rip=%016lx rsp=%016lx rflags=%08lx cr0=%08lx cr3=%08lx cr4=%08lx",
		 v->vm->name, v->index, why, rip, rsp, rflags, cr0, cr3, cr4);
	hv_error("vm %s: vcpu %u: rax=%016lx rbx=%016lx rcx=%016lx rdx=%016lx rsi=%016lx rdi=%016lx",
		 v->vm->name, v->index, r->rax, r->rbx, r->rcx, r->rdx, r->rsi, r->rdi);
}

/* SPDX-License-Identifier: BSD-3-Clause */
/* The small exits: XSETBV, INVD, VMCALL, EPT faults, triple fault, NMIs, VMX instructions (HLT and external
 * interrupts exit only where the APIC is emulated: apic_emulated.c). */
#include <core/console.h>
#include <hvkit/abi/version.h>
#include <core/percpu.h>
#include <core/selftest.h>
#include <core/vm_internal.h>
#include <core/x86.h>
#include <ept/ept.h>
#include <vmx/vmcs_fields.h>

/*
 * SDM Vol. 1 13.3 and Vol. 2C XSETBV: only XCR0 (ECX = 0) is writable; x87 state is always on; AVX
 * needs SSE; AVX-512's three components are all on or all off, and only with AVX; nothing the guest's
 * CPUID.(0DH,0) does not list (which never lists the MPX or AMX pairs: lib/guest_rules' cpuid_xsave.h,
 * so their both-or-neither rules are met by listing neither). Anything else is #GP(0), raised here: the
 * host's own XSETBV with such a value would fault in the hypervisor.
 */
static bool xcr0_valid(uint64_t val, uint64_t supported)
{
	uint64_t avx512 = val & XCR0_AVX512;
	if (!(val & XCR0_X87) || (val & ~supported) || ((val & XCR0_AVX) && !(val & XCR0_SSE)))
		return false;
	return avx512 == 0 || (avx512 == XCR0_AVX512 && (val & XCR0_AVX));
}

int exit_xsetbv(const struct vmx_exit_info *exit, void *ctx)
{
	struct vcpu *v = ctx;
	uint32_t index = (uint32_t)v->vmx.regs.rcx;
	uint64_t val = (v->vmx.regs.rdx << 32) | (uint32_t)v->vmx.regs.rax;
	uint32_t r[4];
	vcpu_cpuid(v, 0xd, 0, r);
	if (index != 0 || !xcr0_valid(val, ((uint64_t)r[3] << 32) | r[0])) {
		vcpu_inject_exception(v, 13, 0);
		return EXIT_RESUME;
	}
	__asm__ volatile("xsetbv" : : "c"(index), "a"((uint32_t)val), "d"((uint32_t)(val >> 32)));
	v->xcr0 = val; /* reloaded whenever the vCPU runs again after another on its CPU (fpu_switch.c) */
	vcpu_skip_instruction(exit);
	return EXIT_RESUME;
}

/* INVD (exits unconditionally, SDM Vol. 3C 26.1.2): done as WBINVD. Dropping the caches' modified
 * lines would also drop those of the hypervisor and of other VMs; writing them back is what a guest
 * that invalidates its caches may rely on, and all it can observe. */
int exit_invd(const struct vmx_exit_info *exit, void *ctx)
{
	(void)ctx;
	__asm__ volatile("wbinvd" ::: "memory");
	vcpu_skip_instruction(exit);
	return EXIT_RESUME;
}

/* The guest's current privilege level: SS.DPL (SDM Vol. 3C 24.4.1). */
static unsigned int guest_cpl(void)
{
	uint64_t ar = vmx_vmread(VMCS_GUEST_SS_AR_BYTES);
	return (ar >> VMX_AR_DPL_SHIFT) & 3;
}

enum {
	HC_VERSION = 0,             /* hvkit's ABI version (HVKIT_ABI_VERSION) */
	HC_EXIT_COUNT = 1,          /* the VM's VM-exit count so far (a guest reads it around a measurement) */
	HC_WATCHDOG = 2,            /* a sign of life for the VM's watchdog (scenario "watchdog-ms") */
	HC_SELFTEST_FAULT = 0x7e57, /* with "selftest=exit-fault": the handler faults on purpose */
};
#define HC_ENOSYS ((uint64_t)-38)
#define HC_EPERM ((uint64_t)-1)

/* Hypercalls, number in RAX, result in RAX. Only CPL 0 may call (-1 otherwise, logged); unknown
 * numbers return -38. */
bool (*vm_hypercall_ext)(struct vcpu *v, uint64_t nr, uint64_t *ret);

static uint64_t hc_version(struct vcpu *v)
{
	(void)v;
	return HVKIT_ABI_VERSION;
}

static uint64_t hc_exit_count(struct vcpu *v)
{
	uint64_t n = 0;
	for (unsigned int i = 0; i < v->vm->vcpu_count; i++)
		n += v->vm->vcpus[i]->exits;
	return n;
}

static uint64_t hc_watchdog(struct vcpu *v)
{
	if (v->vm->watchdog_ticks)
		v->vm->watchdog_deadline = rdtsc() + v->vm->watchdog_ticks;
	return 0;
}

/* The hypercalls every mode answers. */
static const struct {
	uint64_t nr;
	uint64_t (*call)(struct vcpu *v);
} HC_BUILTIN[] = {
	{ HC_VERSION, hc_version },
	{ HC_EXIT_COUNT, hc_exit_count },
	{ HC_WATCHDOG, hc_watchdog },
};

/* A CPL-0 hypercall: the built-in ones, then the mode's own table, then the self-test's fault. */
static uint64_t hc_call(struct vcpu *v, uint64_t nr)
{
	uint64_t ret = HC_ENOSYS;
	for (size_t i = 0; i < sizeof(HC_BUILTIN) / sizeof(HC_BUILTIN[0]); i++)
		if (HC_BUILTIN[i].nr == nr)
			return HC_BUILTIN[i].call(v);
	if (vm_hypercall_ext && vm_hypercall_ext(v, nr, &ret))
		return ret; /* the mode's own table answered (core/share) */
	if (nr == HC_SELFTEST_FAULT && selftest_asked("exit-fault")) {
		hv_info("selftest: vm %s vcpu %u: the VMCALL handler reads address 0", v->vm->name, v->index);
		ret = *(volatile uint64_t *)(uintptr_t)0;
	}
	return ret;
}

int exit_vmcall(const struct vmx_exit_info *exit, void *ctx)
{
	struct vcpu *v = ctx;
	uint64_t nr = v->vmx.regs.rax, ret;
	unsigned int cpl = guest_cpl();
	if (cpl != 0) {
		vm_guest_log(v->vm, PLAT_LOG_WARN, "vcpu %u: hypercall %lu at CPL %u refused", v->index, nr, cpl);
		ret = HC_EPERM;
	} else {
		ret = hc_call(v, nr);
	}
	v->vmx.regs.rax = ret;
	vcpu_skip_instruction(exit);
	return EXIT_RESUME;
}

int exit_ept_violation(const struct vmx_exit_info *exit, void *ctx)
{
	struct vcpu *v = ctx;
	struct ept_violation ev;
	int next = vcpu_mmio_exit(v, exit->guest_physical_address);
	if (next != MMIO_UNCLAIMED)
		return next;
	if (v->vm->ioreq && v->vm->ioreq->mmio)
		return v->vm->ioreq->mmio(v, exit);
	ept_decode_violation(exit->qualification, &ev);
	const char *what = ev.write ? "write" : ev.fetch ? "instruction fetch" : "read";
	vcpu_dump(v, "EPT violation");
	vm_stop(v->vm, VM_STATUS_FAULT, "vcpu %u: %s at guest-physical 0x%lx outside its memory (rip 0x%lx)", v->index,
		what, exit->guest_physical_address, exit->guest_rip);
	return EXIT_STOP_VCPU;
}

int exit_ept_misconfig(const struct vmx_exit_info *exit, void *ctx)
{
	struct vcpu *v = ctx;
	vm_stop(v->vm, VM_STATUS_FAULT, "vcpu %u: EPT misconfiguration at guest-physical 0x%lx", v->index,
		exit->guest_physical_address);
	return EXIT_STOP_VCPU;
}

int exit_triple_fault(const struct vmx_exit_info *exit, void *ctx)
{
	struct vcpu *v = ctx;
	(void)exit;
	vcpu_dump(v, "triple fault");
	vm_stop(v->vm, VM_STATUS_FAULT, "vcpu %u: triple fault (shutdown)", v->index);
	return EXIT_STOP_VCPU;
}

/*
 * Exception or NMI exits: only NMIs exit (the exception bitmap is 0). NMIs stay blocked in root mode
 * after a VM exit caused by one, until the next IRET (SDM Vol. 3C, VM exits, "Updating Non-Register
 * State"): an IRET to self ends that first, so a later kick is not held behind it. The hypervisor's own kick
 * is consumed; on a CPU whose LAPIC the guest owns, any other NMI was sent by or to the guest and is
 * injected (run.c, inject_nmi); elsewhere it is a platform NMI, logged.
 */
extern void iret_to_self(void);

int exit_exception_or_nmi(const struct vmx_exit_info *exit, void *ctx)
{
	struct vcpu *v = ctx;
	if (((exit->interruption_info >> 8) & 7) != VMX_EVENT_NMI)
		return exit_unhandled(exit, ctx);
	bool kick = __atomic_exchange_n(&this_cpu()->nmi_kick, false, __ATOMIC_ACQ_REL);
	iret_to_self();
	if (kick)
		return EXIT_RESUME;
	if (this_cpu()->kick_with_nmi)
		v->nmi_pending = true;
	else
		vm_guest_log(v->vm, PLAT_LOG_WARN, "vcpu %u: a platform NMI reached cpu %u: ignored", v->index,
			     this_cpu()->index);
	return EXIT_RESUME;
}

/* VMX instructions inside a VM: there is no nested VMX, so they are undefined (#UD). */
int exit_vmx_instruction(const struct vmx_exit_info *exit, void *ctx)
{
	(void)exit;
	vcpu_inject_exception(ctx, 6, 0);
	return EXIT_RESUME;
}

int exit_unhandled(const struct vmx_exit_info *exit, void *ctx)
{
	struct vcpu *v = ctx;
	const char *name = vmx_exit_reason_name(exit->basic_reason); /* NULL: not named in this image */
	vcpu_dump(v, "unhandled VM exit");
	vm_stop(v->vm, VM_STATUS_FAULT, "vcpu %u: unhandled VM exit %u (%s), qualification 0x%lx", v->index,
		exit->basic_reason, name ? name : "SDM Vol. 3D appendix C", exit->qualification);
	return EXIT_STOP_VCPU;
}

void vcpu_dump(struct vcpu *v, const char *why)
{
	const struct vmx_guest_regs *r = &v->vmx.regs;
	hv_error("vm %s: vcpu %u: %s: rip=%016lx rsp=%016lx rflags=%08lx cr0=%08lx cr3=%08lx cr4=%08lx",
		 v->vm->name, v->index, why, vmx_vmread(VMCS_GUEST_RIP), vmx_vmread(VMCS_GUEST_RSP),
		 vmx_vmread(VMCS_GUEST_RFLAGS), vcpu_guest_cr0(), vmx_vmread(VMCS_GUEST_CR3), vcpu_guest_cr4());
	hv_error("vm %s: vcpu %u: rax=%016lx rbx=%016lx rcx=%016lx rdx=%016lx rsi=%016lx rdi=%016lx",
		 v->vm->name, v->index, r->rax, r->rbx, r->rcx, r->rdx, r->rsi, r->rdi);
}

/* SPDX-License-Identifier: BSD-3-Clause */
/* Exceptions stop the CPU that took them after a register dump and a backtrace (backtrace.c); IRQs dispatch. */
#include <core/console.h>
#include <core/lapic.h>
#include <core/percpu.h>
#include <core/recover.h>
#include <core/trap.h>
#include <core/x86.h>

static irq_handler_t irq_handlers[256];

static const char *const exception_names[32] = {
	"#DE divide error", "#DB debug", "NMI", "#BP breakpoint", "#OF overflow", "#BR bound range",
	"#UD invalid opcode", "#NM device not available", "#DF double fault", "coprocessor overrun",
	"#TS invalid TSS", "#NP segment not present", "#SS stack fault", "#GP general protection",
	"#PF page fault", "reserved 15", "#MF x87 error", "#AC alignment check", "#MC machine check",
	"#XM SIMD error", "#VE virtualization exception", "#CP control protection",
};

void irq_register(unsigned int vector, irq_handler_t handler)
{
	if (vector >= 32 && vector < 256)
		irq_handlers[vector] = handler;
}

_Noreturn void cpu_stop(const char *why)
{
	/* Offline from now on: no vCPU is placed on it, and the rest of the system runs on. */
	__atomic_store_n(&this_cpu()->online, false, __ATOMIC_RELEASE);
	hv_error("cpu %u stopped: %s", this_cpu()->index, why);
	irq_disable();
	for (;;)
		cpu_halt();
}

static void exception_print(struct trap_frame *f)
{
	hv_error("EXCEPTION %s (vector %lu, error code 0x%lx) on cpu %u", exception_name(f->vector), f->vector,
		 f->error_code, this_cpu()->index);
	hv_error("rip=%016lx cs=%04lx rflags=%016lx rsp=%016lx ss=%04lx", f->rip, f->cs, f->rflags, f->rsp, f->ss);
	hv_error("rax=%016lx rbx=%016lx rcx=%016lx rdx=%016lx", f->rax, f->rbx, f->rcx, f->rdx);
	hv_error("rsi=%016lx rdi=%016lx rbp=%016lx r8=%016lx", f->rsi, f->rdi, f->rbp, f->r8);
	hv_error("r9=%016lx r10=%016lx r11=%016lx r12=%016lx", f->r9, f->r10, f->r11, f->r12);
	hv_error("r13=%016lx r14=%016lx r15=%016lx", f->r13, f->r14, f->r15);
	hv_error("cr0=%016lx cr2=%016lx cr3=%016lx cr4=%016lx", read_cr0(), read_cr2(), read_cr3(), read_cr4());
	trap_backtrace(f->rbp, f->rip);
}

/*
 * An exception while this CPU runs a vCPU: resume at the run loop's recovery point (as a second
 * return of recover_point_set, with RAX = 1), which stops that VM. A double fault or a machine check
 * says the CPU itself is in trouble: those still stop it.
 */
static bool exception_recover(struct trap_frame *f)
{
	struct recover_point *rp = this_cpu()->recover;
	if (rp == NULL || f->vector == 8 || f->vector == 18)
		return false;
	this_cpu()->recover = NULL;
	rp->vector = f->vector;
	rp->error_code = f->error_code;
	rp->fault_rip = f->rip;
	f->rbx = rp->rbx;
	f->rbp = rp->rbp;
	f->r12 = rp->r12;
	f->r13 = rp->r13;
	f->r14 = rp->r14;
	f->r15 = rp->r15;
	f->rsp = rp->rsp;
	f->rip = rp->rip;
	f->rax = 1;
	return true;
}

const char *exception_name(uint64_t vector)
{
	return vector < 32 && exception_names[vector] ? exception_names[vector] : "exception";
}

/* For lines that something outside the hypervisor can repeat at will: true at most once a second. */
static bool once_a_second(uint64_t *last_tsc)
{
	uint64_t now = rdtsc();
	if (*last_tsc != 0 && now - *last_tsc < plat_tsc_hz())
		return false;
	*last_tsc = now;
	return true;
}

/*
 * An NMI in root mode: our own kick (see lapic_kick_cpu); on a CPU whose LAPIC a guest owns, one the
 * guest sent (kept for injection at its next entry, as the CPU would have held it); or a platform
 * NMI, logged at most once a second. Never fatal.
 */
static void nmi_in_root_mode(void)
{
	struct percpu *cpu = this_cpu();
	if (__atomic_exchange_n(&cpu->nmi_kick, false, __ATOMIC_ACQ_REL))
		return;
	if (cpu->kick_with_nmi) {
		__atomic_add_fetch(&cpu->guest_nmis, 1, __ATOMIC_ACQ_REL);
		return;
	}
	static uint64_t last_tsc;
	if (once_a_second(&last_tsc))
		hv_warn("NMI on cpu %u", cpu->index);
}

static uint64_t unexpected_tsc;

/* An interrupt: its registered handler, then an EOI for the LAPIC's vectors (the 8259's own are masked). */
static void irq_dispatch(struct trap_frame *frame)
{
	if (frame->vector == VECTOR_SPURIOUS)
		return; /* SDM Vol. 3A 11.9: no EOI for the spurious vector */
	irq_handler_t h = irq_handlers[frame->vector];
	if (h)
		h(frame);
	else if (once_a_second(&unexpected_tsc))
		hv_warn("unexpected interrupt vector %lu on cpu %u (at most one such line a second)", frame->vector,
			this_cpu()->index);
	if (frame->vector >= VECTOR_PIC_BASE + 16)
		lapic_eoi();
}

void trap_dispatch(struct trap_frame *frame)
{
	/* An NMI in the hypervisor: our own kick (see lapic_kick_cpu) or a platform NMI; never fatal. */
	if (frame->vector == 2) {
		nmi_in_root_mode();
		return;
	}
	if (frame->vector < 32) {
		exception_print(frame);
		if (exception_recover(frame))
			return;
		cpu_stop("unhandled exception in the hypervisor");
	}
	irq_dispatch(frame);
}

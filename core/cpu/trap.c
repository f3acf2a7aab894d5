/* SPDX-License-Identifier: BSD-3-Clause */
/* Exceptions stop the CPU that took them after a register dump and a backtrace; IRQs dispatch. */
#include <core/console.h>
#include <core/lapic.h>
#include <core/percpu.h>
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

extern char __image_start[], __text_end[], __image_end[];

static void backtrace(uint64_t rbp, uint64_t rip)
{
	hv_error("backtrace: %016lx", rip);
	for (int depth = 0; depth < 16 && rbp; depth++) {
		/* Walk only frames that lie in the image's stack area and are 8-byte aligned. */
		if ((rbp & 7) || rbp < (uint64_t)(uintptr_t)__image_start || rbp >= (uint64_t)(uintptr_t)__image_end)
			break;
		uint64_t *frame = (uint64_t *)(uintptr_t)rbp;
		uint64_t ret = frame[1];
		if (ret < (uint64_t)(uintptr_t)__image_start || ret >= (uint64_t)(uintptr_t)__text_end)
			break;
		hv_error("backtrace: %016lx", ret);
		rbp = frame[0];
	}
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

static _Noreturn void exception_report(struct trap_frame *f)
{
	const char *name = f->vector < 32 && exception_names[f->vector] ? exception_names[f->vector] : "exception";
	hv_error("EXCEPTION %s (vector %lu, error code 0x%lx) on cpu %u", name, f->vector, f->error_code,
		 this_cpu()->index);
	hv_error("rip=%016lx cs=%04lx rflags=%016lx rsp=%016lx ss=%04lx", f->rip, f->cs, f->rflags, f->rsp, f->ss);
	hv_error("rax=%016lx rbx=%016lx rcx=%016lx rdx=%016lx", f->rax, f->rbx, f->rcx, f->rdx);
	hv_error("rsi=%016lx rdi=%016lx rbp=%016lx r8=%016lx", f->rsi, f->rdi, f->rbp, f->r8);
	hv_error("r9=%016lx r10=%016lx r11=%016lx r12=%016lx", f->r9, f->r10, f->r11, f->r12);
	hv_error("r13=%016lx r14=%016lx r15=%016lx", f->r13, f->r14, f->r15);
	hv_error("cr0=%016lx cr2=%016lx cr3=%016lx cr4=%016lx", read_cr0(), read_cr2(), read_cr3(), read_cr4());
	backtrace(f->rbp, f->rip);
	cpu_stop("unhandled exception in the hypervisor");
}

void trap_dispatch(struct trap_frame *frame)
{
	/* An NMI in the hypervisor: our own kick (see lapic_kick_cpu) or a platform NMI; never fatal. */
	if (frame->vector == 2) {
		if (!__atomic_exchange_n(&this_cpu()->nmi_kick, false, __ATOMIC_ACQ_REL))
			hv_warn("NMI on cpu %u", this_cpu()->index);
		return;
	}
	if (frame->vector < 32)
		exception_report(frame);
	if (frame->vector == VECTOR_SPURIOUS)
		return; /* SDM Vol. 3A 11.9: no EOI for the spurious vector */
	irq_handler_t h = irq_handlers[frame->vector];
	if (h)
		h(frame);
	else
		hv_warn("unexpected interrupt vector %lu on cpu %u", frame->vector, this_cpu()->index);
	if (frame->vector >= VECTOR_PIC_BASE + 16)
		lapic_eoi();
}

/* SPDX-License-Identifier: BSD-3-Clause */
/* The loader's description of a kernel's entry state -> the VMCS guest state (SDM Vol. 3C 24.4). */
#include <core/vm_internal.h>

static struct vmx_segment seg(const struct guest_seg *s)
{
	return (struct vmx_segment){ s->selector, s->base, s->limit, s->ar };
}

int guest_entry_to_vmx(const struct guest_entry *e, struct vmx_guest_state *gs, struct vmx_guest_regs *regs)
{
	const struct vmx_caps *caps = vmx_bringup_caps();
	int rc = e->mode == GUEST_ENTRY_LONG64 ? vmx_guest_preset_long64(caps, e->cr3, e->rip, e->rsp, gs)
					       : vmx_guest_preset_protected32(caps, (uint32_t)e->rip, (uint32_t)e->rsp, gs);
	if (rc)
		return rc;
	gs->cs = seg(&e->cs);
	gs->ds = gs->es = gs->ss = seg(&e->ds);
	gs->fs = gs->gs = seg(&e->ds);
	gs->gdtr_base = e->gdtr_base;
	gs->gdtr_limit = e->gdtr_limit;
	gs->rflags = e->rflags | 2;
	gs->efer = e->efer;
	*regs = (struct vmx_guest_regs){
		.rax = e->rax, .rbx = e->rbx, .rcx = e->rcx, .rdx = e->rdx,
		.rsi = e->rsi, .rdi = e->rdi, .rbp = e->rbp,
	};
	return 0;
}

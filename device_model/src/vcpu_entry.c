/* SPDX-License-Identifier: BSD-3-Clause */
#include "vcpu_entry.h"

#include <stdbool.h>
#include <string.h>

#include <guest_loader/layout.h>

static bool flat(const struct guest_seg *g, uint32_t ar)
{
	return g->base == 0 && g->limit == 0xffffffffu && g->ar == ar;
}

/* The boot GDT the loaders write (guest_loader/layout.h: null, null, code 0x10, data 0x18), which the ABI's LONG64
 * mode loads as the vCPU's GDTR (include/hvkit/abi/hypercall.h). */
static bool boot_gdt(const struct guest_entry *e)
{
	return e->gdtr_base == GUEST_GDT_GPA && e->gdtr_limit == GUEST_GDT_SIZE - 1;
}

static int refuse(const char **why, const char *reason)
{
	*why = reason;
	return -1;
}

int vcpu_state_from_entry(const struct guest_entry *e, struct hvkit_vcpu_state *s, const char **why)
{
	memset(s, 0, sizeof(*s));
	*why = NULL;
	switch (e->mode) {
	case GUEST_ENTRY_PROTECTED32:
		if (!flat(&e->cs, GUEST_AR_CODE32))
			return refuse(why, "a code segment other than flat 32-bit");
		if ((e->cr0 & (CR0_PE | CR0_PG)) != CR0_PE)
			return refuse(why, "protected mode without CR0.PE or with paging on");
		if ((e->rip | e->rsp) >> 32)
			return refuse(why, "a 32-bit entry with rip or rsp above 4 GiB");
		s->mode = HVKIT_VCPU_MODE_PROTECTED32;
		break;
	case GUEST_ENTRY_LONG64:
		if (!flat(&e->cs, GUEST_AR_CODE64))
			return refuse(why, "a code segment other than flat 64-bit");
		if (!(e->cr0 & CR0_PG) || !(e->cr4 & CR4_PAE) || !(e->efer & IA32_EFER_LMA))
			return refuse(why, "long mode without paging, PAE or EFER.LMA");
		s->mode = HVKIT_VCPU_MODE_LONG64;
		break;
	default:
		return refuse(why, "an unknown entry mode");
	}
	if (!flat(&e->ds, GUEST_AR_DATA))
		return refuse(why, "data segments other than flat");
	/* A bzImage's 64-bit entry (boot.rst, "64-bit Boot Protocol") needs a loaded GDT with __BOOT_CS and __BOOT_DS:
	 * the boot GDT, which LONG64 implies. A GDT anywhere else, or in PROTECTED32, the ABI cannot carry. */
	if ((e->gdtr_base || e->gdtr_limit) && !(s->mode == HVKIT_VCPU_MODE_LONG64 && boot_gdt(e)))
		return refuse(why, "a GDT other than the boot GDT of a 64-bit entry (struct hvkit_vcpu_state has no GDTR)");
	s->rip = e->rip;
	s->rsp = e->rsp;
	s->rflags = e->rflags;
	s->rax = e->rax;
	s->rbx = e->rbx;
	s->rcx = e->rcx;
	s->rdx = e->rdx;
	s->rsi = e->rsi;
	s->rdi = e->rdi;
	s->rbp = e->rbp;
	s->cr0 = e->cr0;
	s->cr3 = e->cr3;
	s->cr4 = e->cr4;
	s->efer = e->efer;
	return 0;
}

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

/* A 32-bit protected-mode entry: flat 32-bit code, CR0.PE without paging, rip and rsp below 4 GiB. */
static const char *protected32_problem(const struct guest_entry *e)
{
	if (!flat(&e->cs, GUEST_AR_CODE32))
		return "a code segment other than flat 32-bit";
	if ((e->cr0 & (CR0_PE | CR0_PG)) != CR0_PE)
		return "protected mode without CR0.PE or with paging on";
	if ((e->rip | e->rsp) >> 32)
		return "a 32-bit entry with rip or rsp above 4 GiB";
	return NULL;
}

/* A 64-bit entry: flat 64-bit code, paging with PAE and EFER.LMA (SDM 10.8.5). */
static const char *long64_problem(const struct guest_entry *e)
{
	if (!flat(&e->cs, GUEST_AR_CODE64))
		return "a code segment other than flat 64-bit";
	if (!(e->cr0 & CR0_PG) || !(e->cr4 & CR4_PAE) || !(e->efer & IA32_EFER_LMA))
		return "long mode without paging, PAE or EFER.LMA";
	return NULL;
}

/* Flat data segments, and no GDT to load but the boot GDT of a 64-bit entry: what struct hvkit_vcpu_state can
 * express. A bzImage's 64-bit entry (boot.rst, "64-bit Boot Protocol") needs a loaded GDT with __BOOT_CS and
 * __BOOT_DS: the boot GDT, which LONG64 implies. A GDT anywhere else, or in PROTECTED32, the ABI cannot carry. */
static const char *segments_problem(const struct guest_entry *e, uint32_t mode)
{
	if (!flat(&e->ds, GUEST_AR_DATA))
		return "data segments other than flat";
	if ((e->gdtr_base || e->gdtr_limit) && !(mode == HVKIT_VCPU_MODE_LONG64 && boot_gdt(e)))
		return "a GDT other than the boot GDT of a 64-bit entry (struct hvkit_vcpu_state has no GDTR)";
	return NULL;
}

int vcpu_state_from_entry(const struct guest_entry *e, struct hvkit_vcpu_state *s, const char **why)
{
	memset(s, 0, sizeof(*s));
	*why = NULL;
	const char *reason = "an unknown entry mode";
	uint32_t mode = 0;
	switch (e->mode) {
	case GUEST_ENTRY_PROTECTED32:
		reason = protected32_problem(e);
		mode = HVKIT_VCPU_MODE_PROTECTED32;
		break;
	case GUEST_ENTRY_LONG64:
		reason = long64_problem(e);
		mode = HVKIT_VCPU_MODE_LONG64;
		break;
	default:
		break;
	}
	if (reason != NULL)
		return refuse(why, reason);
	s->mode = mode;
	if ((reason = segments_problem(e, mode)) != NULL)
		return refuse(why, reason);
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

/* SPDX-License-Identifier: BSD-3-Clause */
/* Guest-state presets and VMWRITE/VMREAD of the guest-state area (SDM Vol. 3C 24.4). */
#include <stddef.h>
#include <string.h>

#include <hvkit/errno.h>
#include <vmx/vmcs_fields.h>
#include <vmx/vmx_hw.h>
#include <vmx/vmx_vmcs.h>

#include "vmx_guest_fields.h"

#define AR_CODE32 (0xBu | VMX_AR_S | VMX_AR_P | VMX_AR_DB | VMX_AR_G)   /* 0xC09B */
#define AR_DATA32 (0x3u | VMX_AR_S | VMX_AR_P | VMX_AR_DB | VMX_AR_G)   /* 0xC093 */
#define AR_CODE64 (0xBu | VMX_AR_S | VMX_AR_P | VMX_AR_L | VMX_AR_G)    /* 0xA09B */
#define AR_CODE16 (0xBu | VMX_AR_S | VMX_AR_P)                          /* 0x009B */
#define AR_DATA16 (0x3u | VMX_AR_S | VMX_AR_P)                          /* 0x0093 */
#define AR_TSS_BUSY (0xBu | VMX_AR_P)                                   /* 0x008B */

uint64_t vmx_guest_cr0(const struct vmx_caps *caps, uint64_t cr0, bool unrestricted_guest)
{
	uint64_t fixed0 = caps->cr0_fixed0;

	/* SDM 26.3.1.1: with unrestricted guest, FIXED0's PE and PG are not checked. */
	if (unrestricted_guest)
		fixed0 &= ~(CR0_PE | CR0_PG);
	return vmx_apply_fixed(cr0, fixed0, caps->cr0_fixed1);
}

uint64_t vmx_guest_cr4(const struct vmx_caps *caps, uint64_t cr4)
{
	return vmx_apply_fixed(cr4, caps->cr4_fixed0, caps->cr4_fixed1);
}

static struct vmx_segment seg(uint16_t sel, uint64_t base, uint32_t limit, uint32_t ar)
{
	return (struct vmx_segment){ .selector = sel, .base = base, .limit = limit, .access_rights = ar };
}

/* Common part of every preset; cr0/cr4 are the guest-visible values. */
static void preset_common(const struct vmx_caps *caps, uint64_t cr0, uint64_t cr4, bool ug,
	struct vmx_guest_state *gs)
{
	memset(gs, 0, sizeof(*gs));
	gs->cr0 = vmx_guest_cr0(caps, cr0, ug);
	gs->cr4 = vmx_guest_cr4(caps, cr4);
	/* Bits the CPU forces (FIXED0 set, FIXED1 clear) are host-owned; the guest reads its own value. */
	uint64_t f0 = caps->cr0_fixed0 & ~(ug ? (CR0_PE | CR0_PG) : 0);
	gs->cr0_guest_host_mask = (f0 | ~caps->cr0_fixed1) & 0xFFFFFFFFull;
	gs->cr0_read_shadow = cr0;
	gs->cr4_guest_host_mask = (caps->cr4_fixed0 | ~caps->cr4_fixed1) & 0xFFFFFFFFull;
	gs->cr4_read_shadow = cr4;
	gs->dr7 = 0x400;
	gs->rflags = RFLAGS_FIXED;
	gs->ldtr = seg(0, 0, 0, VMX_AR_UNUSABLE);
	gs->tr = seg(0, 0, 0x67, AR_TSS_BUSY);
	gs->pat = 0x0007040600070406ull; /* the power-up PAT */
	gs->activity_state = VMX_ACTIVITY_ACTIVE;
	gs->vmcs_link_pointer = ~0ull;
	gs->needs_unrestricted_guest = !(gs->cr0 & CR0_PE) || !(gs->cr0 & CR0_PG);
}

int vmx_guest_preset_protected32(const struct vmx_caps *caps, uint32_t eip, uint32_t esp,
	struct vmx_guest_state *gs)
{
	if (caps == NULL || gs == NULL)
		return -HV_EINVAL;
	if (!caps->unrestricted_guest)
		return -HV_ENODEV;
	preset_common(caps, CR0_PE | (1ull << 4) /* ET */, 0, true, gs);
	gs->cs = seg(0x08, 0, 0xFFFFFFFFu, AR_CODE32);
	gs->ds = gs->es = gs->fs = gs->gs = gs->ss = seg(0x10, 0, 0xFFFFFFFFu, AR_DATA32);
	gs->rip = eip;
	gs->rsp = esp;
	return 0;
}

int vmx_guest_preset_long64(const struct vmx_caps *caps, uint64_t cr3, uint64_t rip, uint64_t rsp,
	struct vmx_guest_state *gs)
{
	if (caps == NULL || gs == NULL || (cr3 & 0xFFFu))
		return -HV_EINVAL;
	preset_common(caps, CR0_PE | CR0_PG | (1ull << 4), CR4_PAE, false, gs);
	gs->cr3 = cr3;
	gs->efer = IA32_EFER_LME | IA32_EFER_LMA;
	gs->ia32e_mode_guest = true;
	gs->cs = seg(0x08, 0, 0xFFFFFFFFu, AR_CODE64);
	gs->ds = gs->es = gs->fs = gs->gs = gs->ss = seg(0x10, 0, 0xFFFFFFFFu, AR_DATA32);
	gs->rip = rip;
	gs->rsp = rsp;
	return 0;
}

int vmx_guest_preset_real(const struct vmx_caps *caps, uint16_t cs, uint16_t ip, struct vmx_guest_state *gs)
{
	if (caps == NULL || gs == NULL)
		return -HV_EINVAL;
	if (!caps->unrestricted_guest)
		return -HV_ENODEV;
	preset_common(caps, 1ull << 4 /* ET */, 0, true, gs);
	gs->cs = seg(cs, (uint64_t)cs << 4, 0xFFFF, AR_CODE16);
	gs->ds = gs->es = gs->fs = gs->gs = gs->ss = seg(0, 0, 0xFFFF, AR_DATA16);
	gs->idtr_limit = 0x3FF;
	gs->rip = ip;
	return 0;
}

/* The guest-state area as (field, offset, width), shared with vmx_guest_state_read.c. */
#define F(field, member) { field, offsetof(struct vmx_guest_state, member), \
	sizeof(((struct vmx_guest_state *)0)->member) }
#define SEG(name, NAME) F(VMCS_GUEST_SEG_SELECTOR(VMX_SEG_##NAME), name.selector), \
	F(VMCS_GUEST_SEG_BASE(VMX_SEG_##NAME), name.base), F(VMCS_GUEST_SEG_LIMIT(VMX_SEG_##NAME), name.limit), \
	F(VMCS_GUEST_SEG_AR_BYTES(VMX_SEG_##NAME), name.access_rights)

const struct vmx_guest_field vmx_guest_fields[] = {
	F(VMCS_GUEST_CR0, cr0), F(VMCS_GUEST_CR3, cr3), F(VMCS_GUEST_CR4, cr4), F(VMCS_GUEST_DR7, dr7),
	F(VMCS_GUEST_RSP, rsp), F(VMCS_GUEST_RIP, rip), F(VMCS_GUEST_RFLAGS, rflags),
	SEG(es, ES), SEG(cs, CS), SEG(ss, SS), SEG(ds, DS), SEG(fs, FS), SEG(gs, GS), SEG(ldtr, LDTR), SEG(tr, TR),
	F(VMCS_GUEST_GDTR_BASE, gdtr_base), F(VMCS_GUEST_GDTR_LIMIT, gdtr_limit),
	F(VMCS_GUEST_IDTR_BASE, idtr_base), F(VMCS_GUEST_IDTR_LIMIT, idtr_limit),
	F(VMCS_GUEST_IA32_DEBUGCTL, debugctl),
	F(VMCS_GUEST_IA32_SYSENTER_CS, sysenter_cs), F(VMCS_GUEST_IA32_SYSENTER_ESP, sysenter_esp),
	F(VMCS_GUEST_IA32_SYSENTER_EIP, sysenter_eip),
	F(VMCS_GUEST_INTERRUPTIBILITY_STATE, interruptibility), F(VMCS_GUEST_ACTIVITY_STATE, activity_state),
	F(VMCS_GUEST_PENDING_DEBUG_EXCEPTIONS, pending_debug_exceptions),
	F(VMCS_VMCS_LINK_POINTER, vmcs_link_pointer),
	F(VMCS_CR0_GUEST_HOST_MASK, cr0_guest_host_mask), F(VMCS_CR0_READ_SHADOW, cr0_read_shadow),
	F(VMCS_CR4_GUEST_HOST_MASK, cr4_guest_host_mask), F(VMCS_CR4_READ_SHADOW, cr4_read_shadow),
};
const unsigned int vmx_guest_field_count = sizeof(vmx_guest_fields) / sizeof(vmx_guest_fields[0]);

/* A member of 2, 4 or 8 bytes as a 64-bit value: x86 is little-endian, so its low bytes come first. */
static uint64_t get(const struct vmx_guest_state *gs, const struct vmx_guest_field *m)
{
	uint64_t v = 0;
	memcpy(&v, (const char *)gs + m->offset, m->width);
	return v;
}

/* The guest IA32_EFER and IA32_PAT fields exist for the entry/exit controls that load them (SDM 24.4.1). */
static int write_guest_msrs(const struct vmx_caps *caps, const struct vmx_guest_state *gs)
{
	if (caps->load_efer && vmx_hw_vmwrite(VMCS_GUEST_IA32_EFER, gs->efer) != VMX_SUCCEED)
		return -HV_EIO;
	if (caps->load_pat && vmx_hw_vmwrite(VMCS_GUEST_IA32_PAT, gs->pat) != VMX_SUCCEED)
		return -HV_EIO;
	return 0;
}

int vmx_guest_state_write(const struct vmx_caps *caps, const struct vmx_guest_state *gs)
{
	if (caps == NULL || gs == NULL)
		return -HV_EINVAL;
	for (unsigned int i = 0; i < vmx_guest_field_count; i++)
		if (vmx_hw_vmwrite(vmx_guest_fields[i].field, get(gs, &vmx_guest_fields[i])) != VMX_SUCCEED)
			return -HV_EIO;
	return write_guest_msrs(caps, gs);
}

/* SPDX-License-Identifier: BSD-3-Clause */
/* Software re-check of the common guest-state rules of SDM Vol. 3C 26.3.1. */
#include <stddef.h>

#include <vmx/vmx_vmcs.h>

#define AR_RESERVED (0xF00u | 0xFFFE0000u) /* bits 11:8 and 31:17 */

static unsigned int ar_type(uint32_t ar) { return ar & VMX_AR_TYPE_MASK; }
static unsigned int ar_dpl(uint32_t ar) { return (ar >> VMX_AR_DPL_SHIFT) & 3u; }
static bool usable(const struct vmx_segment *s) { return !(s->access_rights & VMX_AR_UNUSABLE); }

/* SDM 26.3.1.2: limit bits 11:0 not all 1 -> G=0; any of limit bits 31:20 set -> G=1. */
static bool limit_granularity_ok(const struct vmx_segment *s)
{
	bool g = (s->access_rights & VMX_AR_G) != 0;
	if ((s->limit & 0xFFFu) != 0xFFFu && g)
		return false;
	if ((s->limit & 0xFFF00000u) != 0 && !g)
		return false;
	return true;
}

static bool data_segment_ok(const struct vmx_segment *s)
{
	uint32_t ar = s->access_rights;

	if (!usable(s))
		return true;
	if (!(ar_type(ar) & 1u))
		return false; /* accessed */
	if ((ar_type(ar) & 8u) && !(ar_type(ar) & 2u))
		return false; /* a code segment here must be readable */
	return (ar & VMX_AR_S) && (ar & VMX_AR_P) && !(ar & AR_RESERVED);
}

enum vmx_guest_check vmx_guest_state_check(const struct vmx_caps *caps, const struct vmx_guest_state *gs,
	const struct vmx_controls *c)
{
	bool ug = (c->proc & CPU_BASED_ACTIVATE_SECONDARY_CONTROLS) && (c->proc2 & SECONDARY_UNRESTRICTED_GUEST);
	bool ia32e = (c->entry & VM_ENTRY_IA32E_MODE_GUEST) != 0;

	/* 26.3.1.1 control registers */
	uint64_t f0 = caps->cr0_fixed0 & ~(ug ? (CR0_PE | CR0_PG) : 0);
	if ((gs->cr0 & f0) != f0 || (gs->cr0 & ~caps->cr0_fixed1))
		return VMX_GUEST_CR0_FIXED;
	if ((gs->cr0 & CR0_PG) && !(gs->cr0 & CR0_PE))
		return VMX_GUEST_CR0_PG_WITHOUT_PE;
	if ((gs->cr4 & caps->cr4_fixed0) != caps->cr4_fixed0 || (gs->cr4 & ~caps->cr4_fixed1))
		return VMX_GUEST_CR4_FIXED;
	if (ia32e && (!(gs->cr0 & CR0_PG) || !(gs->cr4 & CR4_PAE)))
		return VMX_GUEST_IA32E_NEEDS_PG_PAE;
	if (c->entry & VM_ENTRY_LOAD_IA32_EFER) {
		bool lma = (gs->efer & IA32_EFER_LMA) != 0, lme = (gs->efer & IA32_EFER_LME) != 0;
		if (lma != ia32e || ((gs->cr0 & CR0_PG) && lma != lme))
			return VMX_GUEST_EFER_LMA_MISMATCH;
	}

	/* 26.3.1.2 segment registers (not virtual-8086 mode) */
	uint32_t cs = gs->cs.access_rights, ss = gs->ss.access_rights;
	unsigned int ct = ar_type(cs);
	bool ct_ok = ct == 9 || ct == 11 || ct == 13 || ct == 15 || (ug && ct == 3);
	if (!usable(&gs->cs) || !ct_ok || !(cs & VMX_AR_S) || !(cs & VMX_AR_P) || (cs & AR_RESERVED))
		return VMX_GUEST_CS_ACCESS_RIGHTS;
	if ((ct == 9 || ct == 11) && ar_dpl(cs) != ar_dpl(ss))
		return VMX_GUEST_CS_ACCESS_RIGHTS;
	if ((ct == 13 || ct == 15) && ar_dpl(cs) > ar_dpl(ss))
		return VMX_GUEST_CS_ACCESS_RIGHTS;
	if (ct == 3 && ar_dpl(cs) != 0)
		return VMX_GUEST_CS_ACCESS_RIGHTS;
	if (ia32e && (cs & VMX_AR_L) && (cs & VMX_AR_DB))
		return VMX_GUEST_CS_ACCESS_RIGHTS;
	if (usable(&gs->ss)) {
		unsigned int st = ar_type(ss);
		if ((st != 3 && st != 7) || !(ss & VMX_AR_S) || !(ss & VMX_AR_P) || (ss & AR_RESERVED))
			return VMX_GUEST_SS_ACCESS_RIGHTS;
	}
	if ((ct == 3 || (ug && !(gs->cr0 & CR0_PE))) && ar_dpl(ss) != 0)
		return VMX_GUEST_SS_ACCESS_RIGHTS;
	const struct vmx_segment *data[4] = { &gs->ds, &gs->es, &gs->fs, &gs->gs };
	for (int i = 0; i < 4; i++)
		if (!data_segment_ok(data[i]))
			return VMX_GUEST_DATA_SEGMENT_ACCESS_RIGHTS;
	uint32_t tr = gs->tr.access_rights;
	unsigned int tt = ar_type(tr);
	if (!usable(&gs->tr) || (tr & VMX_AR_S) || !(tr & VMX_AR_P) || (tr & AR_RESERVED) ||
	    !(tt == 11 || (!ia32e && tt == 3)))
		return VMX_GUEST_TR_ACCESS_RIGHTS;
	if (usable(&gs->ldtr)) {
		uint32_t l = gs->ldtr.access_rights;
		if (ar_type(l) != 2 || (l & VMX_AR_S) || !(l & VMX_AR_P) || (l & AR_RESERVED))
			return VMX_GUEST_LDTR_ACCESS_RIGHTS;
	}
	const struct vmx_segment *all[8] = { &gs->cs, &gs->ss, &gs->ds, &gs->es, &gs->fs, &gs->gs, &gs->tr, &gs->ldtr };
	for (int i = 0; i < 8; i++)
		if (usable(all[i]) && !limit_granularity_ok(all[i]))
			return VMX_GUEST_SEGMENT_LIMIT_GRANULARITY;

	/* 26.3.1.4 RFLAGS: bits 63:22, 15, 5, 3 reserved (0); bit 1 is 1. */
	uint64_t rf_reserved = ~0ull << 22 | 1ull << 15 | 1ull << 5 | 1ull << 3;
	if ((gs->rflags & rf_reserved) || !(gs->rflags & RFLAGS_FIXED))
		return VMX_GUEST_RFLAGS_RESERVED;
	if ((ia32e || !(gs->cr0 & CR0_PE)) && (gs->rflags & RFLAGS_VM))
		return VMX_GUEST_RFLAGS_VM_IN_IA32E;

	/* 26.3.1.5 non-register state */
	static const uint64_t activity_cap[4] = { 0, VMX_MISC_ACTIVITY_HLT, VMX_MISC_ACTIVITY_SHUTDOWN,
		VMX_MISC_ACTIVITY_WAIT_SIPI };
	if (gs->activity_state > 3 || (gs->activity_state && !(caps->misc & activity_cap[gs->activity_state])))
		return VMX_GUEST_ACTIVITY_STATE;
	uint32_t in = gs->interruptibility;
	if ((in & ~0x1Fu) || ((in & VMX_INTERRUPTIBILITY_STI) && (in & VMX_INTERRUPTIBILITY_MOV_SS)))
		return VMX_GUEST_INTERRUPTIBILITY;
	if ((in & VMX_INTERRUPTIBILITY_STI) && !(gs->rflags & RFLAGS_IF))
		return VMX_GUEST_INTERRUPTIBILITY;
	if (gs->vmcs_link_pointer != ~0ull)
		return VMX_GUEST_VMCS_LINK_POINTER;
	return VMX_GUEST_OK;
}

const char *vmx_guest_check_text(enum vmx_guest_check check)
{
	switch (check) {
	case VMX_GUEST_OK: return "guest state passes the checked rules";
	case VMX_GUEST_CR0_FIXED: return "CR0 violates IA32_VMX_CR0_FIXED0/FIXED1";
	case VMX_GUEST_CR0_PG_WITHOUT_PE: return "CR0.PG set without CR0.PE";
	case VMX_GUEST_CR4_FIXED: return "CR4 violates IA32_VMX_CR4_FIXED0/FIXED1";
	case VMX_GUEST_IA32E_NEEDS_PG_PAE: return "IA-32e mode guest without CR0.PG and CR4.PAE";
	case VMX_GUEST_EFER_LMA_MISMATCH: return "IA32_EFER.LMA/LME disagree with the IA-32e mode guest control";
	case VMX_GUEST_RFLAGS_RESERVED: return "RFLAGS reserved bits (bit 1 must be 1; 63:22, 15, 5, 3 must be 0)";
	case VMX_GUEST_RFLAGS_VM_IN_IA32E: return "RFLAGS.VM set in IA-32e mode or with CR0.PE=0";
	case VMX_GUEST_ACTIVITY_STATE: return "activity state invalid or not supported";
	case VMX_GUEST_INTERRUPTIBILITY: return "interruptibility state invalid";
	case VMX_GUEST_CS_ACCESS_RIGHTS: return "CS access rights invalid";
	case VMX_GUEST_SS_ACCESS_RIGHTS: return "SS access rights invalid";
	case VMX_GUEST_DATA_SEGMENT_ACCESS_RIGHTS: return "DS/ES/FS/GS access rights invalid";
	case VMX_GUEST_TR_ACCESS_RIGHTS: return "TR access rights invalid";
	case VMX_GUEST_LDTR_ACCESS_RIGHTS: return "LDTR access rights invalid";
	case VMX_GUEST_SEGMENT_LIMIT_GRANULARITY: return "segment limit inconsistent with the G bit";
	case VMX_GUEST_VMCS_LINK_POINTER: return "VMCS link pointer is not FFFFFFFF_FFFFFFFFH";
	}
	return "unknown guest-state check";
}

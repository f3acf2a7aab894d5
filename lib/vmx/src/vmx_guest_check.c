/* SPDX-License-Identifier: BSD-3-Clause */
/* Software re-check of the common guest-state rules of SDM Vol. 3C 26.3.1. */
#include <stddef.h>

#include <vmx/vmcs_fields.h>
#include <vmx/vmx_guest_check.h>
#include <vmx/vmx_hw.h>
#include <vmx/vmx_ext.h>
#include <hvkit/arch/x86_ext.h>

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

/* What every step needs: the state, the controls it will be entered with, and two facts they decide. */
struct check {
	const struct vmx_caps *caps;
	const struct vmx_guest_state *gs;
	const struct vmx_controls *c;
	bool ug;    /* unrestricted guest */
	bool ia32e; /* IA-32e mode guest */
};

/* SDM Vol. 3D A.7/A.8: bits set in FIXED0 are 1, bits clear in FIXED1 are 0. */
static bool within_fixed(uint64_t cr, uint64_t fixed0, uint64_t fixed1)
{
	return (cr & fixed0) == fixed0 && !(cr & ~fixed1);
}

/* 26.3.1.1: CR0 and CR4 against the fixed MSRs (PE and PG exempt under unrestricted guest). */
static enum vmx_guest_check check_cr(const struct check *k)
{
	const struct vmx_guest_state *gs = k->gs;
	uint64_t f0 = k->caps->cr0_fixed0 & ~(k->ug ? (CR0_PE | CR0_PG) : 0);
	if (!within_fixed(gs->cr0, f0, k->caps->cr0_fixed1))
		return VMX_GUEST_CR0_FIXED;
	if ((gs->cr0 & CR0_PG) && !(gs->cr0 & CR0_PE))
		return VMX_GUEST_CR0_PG_WITHOUT_PE;
	if (!within_fixed(gs->cr4, k->caps->cr4_fixed0, k->caps->cr4_fixed1))
		return VMX_GUEST_CR4_FIXED;
	return VMX_GUEST_OK;
}

/* 26.3.1.1: a loaded IA32_EFER has LMA equal to "IA-32e mode guest", and LMA equal to LME when CR0.PG is set. */
static bool efer_agrees(const struct check *k)
{
	bool lma = (k->gs->efer & IA32_EFER_LMA) != 0, lme = (k->gs->efer & IA32_EFER_LME) != 0;
	return lma == k->ia32e && (!(k->gs->cr0 & CR0_PG) || lma == lme);
}

/* 26.3.1.1: an IA-32e mode guest pages with PAE; a loaded IA32_EFER agrees with the control. */
static enum vmx_guest_check check_ia32e(const struct check *k)
{
	const struct vmx_guest_state *gs = k->gs;
	if (k->ia32e && (!(gs->cr0 & CR0_PG) || !(gs->cr4 & CR4_PAE)))
		return VMX_GUEST_IA32E_NEEDS_PG_PAE;
	if ((k->c->entry & VM_ENTRY_LOAD_IA32_EFER) && !efer_agrees(k))
		return VMX_GUEST_EFER_LMA_MISMATCH;
	return VMX_GUEST_OK;
}

/* S set, P set, no reserved bit: what every usable code, data and stack segment needs. */
static bool present_non_system(uint32_t ar)
{
	return (ar & VMX_AR_S) && (ar & VMX_AR_P) && !(ar & AR_RESERVED);
}

/* 26.3.1.2: CS types 9, 11 (non-conforming), 13, 15 (conforming), or 3 under unrestricted guest. */
static bool cs_type_ok(unsigned int ct, bool ug)
{
	static const uint16_t allowed = 1u << 9 | 1u << 11 | 1u << 13 | 1u << 15;
	return (allowed >> ct & 1u) || (ug && ct == 3);
}

/* 26.3.1.2: CS's DPL against SS's, by type: equal (non-conforming), at most (conforming), 0 (type 3). */
static bool cs_dpl_ok(unsigned int ct, uint32_t cs, uint32_t ss)
{
	if (ct == 9 || ct == 11)
		return ar_dpl(cs) == ar_dpl(ss);
	if (ct == 13 || ct == 15)
		return ar_dpl(cs) <= ar_dpl(ss);
	return ct != 3 || ar_dpl(cs) == 0;
}

static bool cs_l_db_ok(uint32_t cs)
{
	return !(cs & VMX_AR_L) || !(cs & VMX_AR_DB);
}

static enum vmx_guest_check check_cs(const struct check *k)
{
	uint32_t cs = k->gs->cs.access_rights;
	unsigned int ct = ar_type(cs);
	if (!usable(&k->gs->cs) || !cs_type_ok(ct, k->ug) || !present_non_system(cs))
		return VMX_GUEST_CS_ACCESS_RIGHTS;
	if (!cs_dpl_ok(ct, cs, k->gs->ss.access_rights))
		return VMX_GUEST_CS_ACCESS_RIGHTS;
	/* 26.3.1.2: in IA-32e mode, a 64-bit code segment (L set) has D/B clear. */
	if (k->ia32e && !cs_l_db_ok(cs))
		return VMX_GUEST_CS_ACCESS_RIGHTS;
	return VMX_GUEST_OK;
}

/* 26.3.1.2: a usable SS is a read/write data segment (type 3 or 7). */
static bool ss_rights_ok(const struct vmx_segment *ss)
{
	unsigned int st = ar_type(ss->access_rights);
	return !usable(ss) || ((st == 3 || st == 7) && present_non_system(ss->access_rights));
}

/* 26.3.1.2: SS's DPL is 0 with CS type 3 or in real mode under unrestricted guest. */
static enum vmx_guest_check check_ss(const struct check *k)
{
	if (!ss_rights_ok(&k->gs->ss))
		return VMX_GUEST_SS_ACCESS_RIGHTS;
	bool dpl0 = ar_type(k->gs->cs.access_rights) == 3 || (k->ug && !(k->gs->cr0 & CR0_PE));
	if (dpl0 && ar_dpl(k->gs->ss.access_rights) != 0)
		return VMX_GUEST_SS_ACCESS_RIGHTS;
	return VMX_GUEST_OK;
}

static enum vmx_guest_check check_data_segments(const struct check *k)
{
	const struct vmx_segment *data[4] = { &k->gs->ds, &k->gs->es, &k->gs->fs, &k->gs->gs };
	for (int i = 0; i < 4; i++)
		if (!data_segment_ok(data[i]))
			return VMX_GUEST_DATA_SEGMENT_ACCESS_RIGHTS;
	return VMX_GUEST_OK;
}

/* A present system segment without reserved bits: what TR and a usable LDTR need. */
static bool present_system(uint32_t ar)
{
	return !(ar & VMX_AR_S) && (ar & VMX_AR_P) && !(ar & AR_RESERVED);
}

/* 26.3.1.2: TR is a busy TSS (type 11; type 3, a 16-bit one, outside IA-32e mode). */
static enum vmx_guest_check check_tr(const struct check *k)
{
	uint32_t tr = k->gs->tr.access_rights;
	unsigned int tt = ar_type(tr);
	if (!usable(&k->gs->tr) || !present_system(tr) || !(tt == 11 || (!k->ia32e && tt == 3)))
		return VMX_GUEST_TR_ACCESS_RIGHTS;
	return VMX_GUEST_OK;
}

/* 26.3.1.2: a usable LDTR is an LDT (type 2). */
static enum vmx_guest_check check_ldtr(const struct check *k)
{
	uint32_t l = k->gs->ldtr.access_rights;
	if (usable(&k->gs->ldtr) && (ar_type(l) != 2 || !present_system(l)))
		return VMX_GUEST_LDTR_ACCESS_RIGHTS;
	return VMX_GUEST_OK;
}

static enum vmx_guest_check check_limits(const struct check *k)
{
	const struct vmx_guest_state *gs = k->gs;
	const struct vmx_segment *all[8] = { &gs->cs, &gs->ss, &gs->ds, &gs->es, &gs->fs, &gs->gs, &gs->tr, &gs->ldtr };
	for (int i = 0; i < 8; i++)
		if (usable(all[i]) && !limit_granularity_ok(all[i]))
			return VMX_GUEST_SEGMENT_LIMIT_GRANULARITY;
	return VMX_GUEST_OK;
}

/* 26.3.1.4 RFLAGS: bits 63:22, 15, 5, 3 reserved (0); bit 1 is 1; no VM in IA-32e mode or real mode. */
static enum vmx_guest_check check_rflags(const struct check *k)
{
	uint64_t rf_reserved = ~0ull << 22 | 1ull << 15 | 1ull << 5 | 1ull << 3;
	if ((k->gs->rflags & rf_reserved) || !(k->gs->rflags & RFLAGS_FIXED))
		return VMX_GUEST_RFLAGS_RESERVED;
	if ((k->ia32e || !(k->gs->cr0 & CR0_PE)) && (k->gs->rflags & RFLAGS_VM))
		return VMX_GUEST_RFLAGS_VM_IN_IA32E;
	return VMX_GUEST_OK;
}

/* 26.3.1.5: an activity state IA32_VMX_MISC supports. */
static enum vmx_guest_check check_activity(const struct check *k)
{
	static const uint64_t activity_cap[4] = { 0, VMX_MISC_ACTIVITY_HLT, VMX_MISC_ACTIVITY_SHUTDOWN,
		VMX_MISC_ACTIVITY_WAIT_SIPI };
	uint32_t a = k->gs->activity_state;
	if (a > 3 || (a && !(k->caps->misc & activity_cap[a])))
		return VMX_GUEST_ACTIVITY_STATE;
	return VMX_GUEST_OK;
}

/* 26.3.1.5: interruptibility bits 31:5 reserved, STI and MOV SS blocking not both, STI blocking only with
 * IF = 1; the VMCS link pointer all ones (no shadow VMCS). */
static enum vmx_guest_check check_interruptibility(const struct check *k)
{
	const struct vmx_guest_state *gs = k->gs;
	uint32_t in = gs->interruptibility, sti = in & VMX_INTERRUPTIBILITY_STI;
	if ((in & ~0x1Fu) || (sti && (in & VMX_INTERRUPTIBILITY_MOV_SS)) || (sti && !(gs->rflags & RFLAGS_IF)))
		return VMX_GUEST_INTERRUPTIBILITY;
	return gs->vmcs_link_pointer != ~0ull ? VMX_GUEST_VMCS_LINK_POINTER : VMX_GUEST_OK;
}

/* In the SDM's order: the first rule broken is the one reported. */
static enum vmx_guest_check (*const steps[])(const struct check *) = {
	check_cr, check_ia32e, check_cs, check_ss, check_data_segments, check_tr, check_ldtr, check_limits,
	check_rflags, check_activity, check_interruptibility,
};

enum vmx_guest_check vmx_guest_state_check(const struct vmx_caps *caps, const struct vmx_guest_state *gs,
	const struct vmx_controls *c)
{
	const struct check k = {
		.caps = caps, .gs = gs, .c = c,
		.ug = (c->proc & CPU_BASED_ACTIVATE_SECONDARY_CONTROLS) && (c->proc2 & SECONDARY_UNRESTRICTED_GUEST),
		.ia32e = (c->entry & VM_ENTRY_IA32E_MODE_GUEST) != 0,
	};
	for (size_t i = 0; i < sizeof(steps) / sizeof(steps[0]); i++) {
		enum vmx_guest_check r = steps[i](&k);
		if (r != VMX_GUEST_OK)
			return r;
	}
	return VMX_GUEST_OK;
}

static const char *const check_text[] = {
	[VMX_GUEST_OK] = "guest state passes the checked rules",
	[VMX_GUEST_CR0_FIXED] = "CR0 violates IA32_VMX_CR0_FIXED0/FIXED1",
	[VMX_GUEST_CR0_PG_WITHOUT_PE] = "CR0.PG set without CR0.PE",
	[VMX_GUEST_CR4_FIXED] = "CR4 violates IA32_VMX_CR4_FIXED0/FIXED1",
	[VMX_GUEST_IA32E_NEEDS_PG_PAE] = "IA-32e mode guest without CR0.PG and CR4.PAE",
	[VMX_GUEST_EFER_LMA_MISMATCH] = "IA32_EFER.LMA/LME disagree with the IA-32e mode guest control",
	[VMX_GUEST_RFLAGS_RESERVED] = "RFLAGS reserved bits (bit 1 must be 1; 63:22, 15, 5, 3 must be 0)",
	[VMX_GUEST_RFLAGS_VM_IN_IA32E] = "RFLAGS.VM set in IA-32e mode or with CR0.PE=0",
	[VMX_GUEST_ACTIVITY_STATE] = "activity state invalid or not supported",
	[VMX_GUEST_INTERRUPTIBILITY] = "interruptibility state invalid",
	[VMX_GUEST_CS_ACCESS_RIGHTS] = "CS access rights invalid",
	[VMX_GUEST_SS_ACCESS_RIGHTS] = "SS access rights invalid",
	[VMX_GUEST_DATA_SEGMENT_ACCESS_RIGHTS] = "DS/ES/FS/GS access rights invalid",
	[VMX_GUEST_TR_ACCESS_RIGHTS] = "TR access rights invalid",
	[VMX_GUEST_LDTR_ACCESS_RIGHTS] = "LDTR access rights invalid",
	[VMX_GUEST_SEGMENT_LIMIT_GRANULARITY] = "segment limit inconsistent with the G bit",
	[VMX_GUEST_VMCS_LINK_POINTER] = "VMCS link pointer is not FFFFFFFF_FFFFFFFFH",
};

const char *vmx_guest_check_text(enum vmx_guest_check check)
{
	if ((unsigned int)check < sizeof(check_text) / sizeof(check_text[0]) && check_text[check])
		return check_text[check];
	return "unknown guest-state check";
}

/* The controls the failed entry used, read back from the current VMCS (a field that fails to read is 0). */
static uint32_t read_control(uint32_t field)
{
	uint64_t v = 0;
	vmx_hw_vmread(field, &v);
	return (uint32_t)v;
}

const char *vmx_guest_state_diagnose(const struct vmx_caps *caps)
{
	struct vmx_guest_state gs;
	const struct vmx_controls c = {
		.pin = read_control(VMCS_PIN_BASED_VM_EXEC_CONTROL),
		.proc = read_control(VMCS_PRIMARY_PROC_BASED_VM_EXEC_CONTROL),
		.proc2 = read_control(VMCS_SECONDARY_PROC_BASED_VM_EXEC_CONTROL),
		.entry = read_control(VMCS_VM_ENTRY_CONTROLS),
	};
	enum vmx_guest_check r = VMX_GUEST_OK;
	if (vmx_guest_state_read(caps, &gs) == 0)
		r = vmx_guest_state_check(caps, &gs, &c);
	return r == VMX_GUEST_OK ? "not found by the software re-check" : vmx_guest_check_text(r);
}

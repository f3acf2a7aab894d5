/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * A software re-check of the common guest-state rules of SDM Vol. 3C 26.3.1, behind
 * vmx_guest_state_diagnose (vmx_vmcs.h). Linked by the images that diagnose a failed VM entry field by field.
 */
#ifndef VMX_VMX_GUEST_CHECK_H
#define VMX_VMX_GUEST_CHECK_H

#include <vmx/vmx_vmcs.h>

/* The segment type in access rights bits 3:0 (SDM 24.4.1, table 24-2; the other bits are in vmx_vmcs.h). */
#define VMX_AR_TYPE_MASK 0xFu

/* Which guest-state rule failed (vmx_guest_state_check). */
enum vmx_guest_check {
	VMX_GUEST_OK = 0,
	VMX_GUEST_CR0_FIXED,         /* CR0 outside FIXED0/FIXED1 (PE/PG exempt under UG) */
	VMX_GUEST_CR0_PG_WITHOUT_PE,
	VMX_GUEST_CR4_FIXED,
	VMX_GUEST_IA32E_NEEDS_PG_PAE, /* IA-32e mode guest needs CR0.PG and CR4.PAE */
	VMX_GUEST_EFER_LMA_MISMATCH,  /* EFER.LMA (and LME with PG) must equal IA-32e mode guest */
	VMX_GUEST_RFLAGS_RESERVED,    /* bit 1 must be 1; bits 63:22, 15, 5, 3 must be 0 */
	VMX_GUEST_RFLAGS_VM_IN_IA32E,
	VMX_GUEST_ACTIVITY_STATE,     /* > 3, or not supported by IA32_VMX_MISC */
	VMX_GUEST_INTERRUPTIBILITY,   /* reserved bits, STI and MOV SS together, STI with IF=0 */
	VMX_GUEST_CS_ACCESS_RIGHTS,
	VMX_GUEST_SS_ACCESS_RIGHTS,
	VMX_GUEST_DATA_SEGMENT_ACCESS_RIGHTS,
	VMX_GUEST_TR_ACCESS_RIGHTS,
	VMX_GUEST_LDTR_ACCESS_RIGHTS,
	VMX_GUEST_SEGMENT_LIMIT_GRANULARITY,
	VMX_GUEST_VMCS_LINK_POINTER,
};

/*
 * Re-check the common SDM 26.3.1 guest-state rules in software against the
 * controls that will be used (entry controls for IA-32e mode, proc2 for
 * unrestricted guest). Returns the first rule broken, VMX_GUEST_OK if none.
 * Not exhaustive (no checks of bases, PDPTEs, debug state or MSRs).
 */
enum vmx_guest_check vmx_guest_state_check(const struct vmx_caps *caps, const struct vmx_guest_state *gs,
	const struct vmx_controls *controls);
/* Text of a check result. */
const char *vmx_guest_check_text(enum vmx_guest_check check);

#endif /* VMX_VMX_GUEST_CHECK_H */

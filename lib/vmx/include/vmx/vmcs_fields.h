/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * VMCS field encodings, SDM Vol. 3D appendix B. Bits 14:13 give the width
 * (0 16-bit, 1 64-bit, 2 32-bit, 3 natural), bits 11:10 the type (0 control,
 * 1 VM-exit information, 2 guest state, 3 host state), bit 0 the access type
 * (1 = high 32 bits of a 64-bit field).
 */
#ifndef VMX_VMCS_FIELDS_H
#define VMX_VMCS_FIELDS_H

/* B.1.1 16-bit control fields */
#define VMCS_VIRTUAL_PROCESSOR_ID 0x0000u
/*
 * Guest segment registers (B.1.2, B.3.3, B.4.3): each of selector, limit, access rights and base is a run of
 * eight fields in the order ES, CS, SS, DS, FS, GS, LDTR, TR, so segment n's field is the first one + 2n.
 */
enum vmx_segment_index {
	VMX_SEG_ES, VMX_SEG_CS, VMX_SEG_SS, VMX_SEG_DS, VMX_SEG_FS, VMX_SEG_GS, VMX_SEG_LDTR, VMX_SEG_TR
};
#define VMCS_GUEST_SEG_SELECTOR(n) (0x0800u + 2u * (n))
#define VMCS_GUEST_SEG_LIMIT(n) (0x4800u + 2u * (n))
#define VMCS_GUEST_SEG_AR_BYTES(n) (0x4814u + 2u * (n))
#define VMCS_GUEST_SEG_BASE(n) (0x6806u + 2u * (n))
#define VMCS_GUEST_CS_BASE VMCS_GUEST_SEG_BASE(VMX_SEG_CS)
#define VMCS_GUEST_CS_AR_BYTES VMCS_GUEST_SEG_AR_BYTES(VMX_SEG_CS)
#define VMCS_GUEST_SS_AR_BYTES VMCS_GUEST_SEG_AR_BYTES(VMX_SEG_SS)
/* B.1.3 16-bit host-state fields */
#define VMCS_HOST_ES_SELECTOR 0x0C00u
#define VMCS_HOST_CS_SELECTOR 0x0C02u
#define VMCS_HOST_SS_SELECTOR 0x0C04u
#define VMCS_HOST_DS_SELECTOR 0x0C06u
#define VMCS_HOST_FS_SELECTOR 0x0C08u
#define VMCS_HOST_GS_SELECTOR 0x0C0Au
#define VMCS_HOST_TR_SELECTOR 0x0C0Cu

/* B.2.1 64-bit control fields */
#define VMCS_IO_BITMAP_A 0x2000u
#define VMCS_IO_BITMAP_B 0x2002u
#define VMCS_MSR_BITMAP 0x2004u
#define VMCS_TSC_OFFSET 0x2010u
#define VMCS_EPT_POINTER 0x201Au
/* B.2.2 64-bit read-only data field */
#define VMCS_GUEST_PHYSICAL_ADDRESS 0x2400u
/* B.2.3 64-bit guest-state fields */
#define VMCS_VMCS_LINK_POINTER 0x2800u
#define VMCS_GUEST_IA32_DEBUGCTL 0x2802u
#define VMCS_GUEST_IA32_PAT 0x2804u
#define VMCS_GUEST_IA32_EFER 0x2806u
#define VMCS_GUEST_PDPTE0 0x280Au
#define VMCS_GUEST_PDPTE1 0x280Cu
#define VMCS_GUEST_PDPTE2 0x280Eu
#define VMCS_GUEST_PDPTE3 0x2810u
/* B.2.4 64-bit host-state fields */
#define VMCS_HOST_IA32_PAT 0x2C00u
#define VMCS_HOST_IA32_EFER 0x2C02u

/* B.3.1 32-bit control fields */
#define VMCS_PIN_BASED_VM_EXEC_CONTROL 0x4000u
#define VMCS_PRIMARY_PROC_BASED_VM_EXEC_CONTROL 0x4002u
#define VMCS_EXCEPTION_BITMAP 0x4004u
#define VMCS_CR3_TARGET_COUNT 0x400Au
#define VMCS_VM_EXIT_CONTROLS 0x400Cu
#define VMCS_VM_EXIT_MSR_STORE_COUNT 0x400Eu
#define VMCS_VM_EXIT_MSR_LOAD_COUNT 0x4010u
#define VMCS_VM_ENTRY_CONTROLS 0x4012u
#define VMCS_VM_ENTRY_MSR_LOAD_COUNT 0x4014u
#define VMCS_VM_ENTRY_INTERRUPTION_INFO 0x4016u
#define VMCS_VM_ENTRY_EXCEPTION_ERROR_CODE 0x4018u
#define VMCS_VM_ENTRY_INSTRUCTION_LENGTH 0x401Au
#define VMCS_SECONDARY_PROC_BASED_VM_EXEC_CONTROL 0x401Eu
/* B.3.2 32-bit read-only data fields */
#define VMCS_VM_INSTRUCTION_ERROR 0x4400u
#define VMCS_EXIT_REASON 0x4402u
#define VMCS_VM_EXIT_INTERRUPTION_INFO 0x4404u
#define VMCS_VM_EXIT_INTERRUPTION_ERROR_CODE 0x4406u
#define VMCS_IDT_VECTORING_INFO 0x4408u
#define VMCS_IDT_VECTORING_ERROR_CODE 0x440Au
#define VMCS_VM_EXIT_INSTRUCTION_LENGTH 0x440Cu
#define VMCS_VM_EXIT_INSTRUCTION_INFO 0x440Eu
/* B.3.3 32-bit guest-state fields */
#define VMCS_GUEST_GDTR_LIMIT 0x4810u
#define VMCS_GUEST_IDTR_LIMIT 0x4812u
#define VMCS_GUEST_INTERRUPTIBILITY_STATE 0x4824u
#define VMCS_GUEST_ACTIVITY_STATE 0x4826u
#define VMCS_GUEST_IA32_SYSENTER_CS 0x482Au
#define VMCS_PREEMPTION_TIMER_VALUE 0x482Eu
/* B.3.4 32-bit host-state field */
#define VMCS_HOST_IA32_SYSENTER_CS 0x4C00u

/* B.4.1 natural-width control fields */
#define VMCS_CR0_GUEST_HOST_MASK 0x6000u
#define VMCS_CR4_GUEST_HOST_MASK 0x6002u
#define VMCS_CR0_READ_SHADOW 0x6004u
#define VMCS_CR4_READ_SHADOW 0x6006u
/* B.4.2 natural-width read-only data fields */
#define VMCS_EXIT_QUALIFICATION 0x6400u
#define VMCS_GUEST_LINEAR_ADDRESS 0x640Au
/* B.4.3 natural-width guest-state fields */
#define VMCS_GUEST_CR0 0x6800u
#define VMCS_GUEST_CR3 0x6802u
#define VMCS_GUEST_CR4 0x6804u
#define VMCS_GUEST_GDTR_BASE 0x6816u
#define VMCS_GUEST_IDTR_BASE 0x6818u
#define VMCS_GUEST_DR7 0x681Au
#define VMCS_GUEST_RSP 0x681Cu
#define VMCS_GUEST_RIP 0x681Eu
#define VMCS_GUEST_RFLAGS 0x6820u
#define VMCS_GUEST_PENDING_DEBUG_EXCEPTIONS 0x6822u
#define VMCS_GUEST_IA32_SYSENTER_ESP 0x6824u
#define VMCS_GUEST_IA32_SYSENTER_EIP 0x6826u
/* B.4.4 natural-width host-state fields */
#define VMCS_HOST_CR0 0x6C00u
#define VMCS_HOST_CR3 0x6C02u
#define VMCS_HOST_CR4 0x6C04u
#define VMCS_HOST_FS_BASE 0x6C06u
#define VMCS_HOST_GS_BASE 0x6C08u
#define VMCS_HOST_TR_BASE 0x6C0Au
#define VMCS_HOST_GDTR_BASE 0x6C0Cu
#define VMCS_HOST_IDTR_BASE 0x6C0Eu
#define VMCS_HOST_IA32_SYSENTER_ESP 0x6C10u
#define VMCS_HOST_IA32_SYSENTER_EIP 0x6C12u
#define VMCS_HOST_RSP 0x6C14u
#define VMCS_HOST_RIP 0x6C16u

#endif /* VMX_VMCS_FIELDS_H */

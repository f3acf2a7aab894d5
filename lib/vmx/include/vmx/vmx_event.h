/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Event injection: VM-entry interruption-information composition (SDM Vol. 3C
 * 24.8.3, checks of 26.2.1.3) and re-injection of an event whose delivery a VM
 * exit interrupted (IDT-vectoring information, SDM 24.9.3 and 27.2.4 / 31.7.1.1
 * "Reflecting exceptions to guest software").
 */
#ifndef VMX_VMX_EVENT_H
#define VMX_VMX_EVENT_H

#include <stdbool.h>
#include <stdint.h>

/* Interruption types (bits 10:8). */
enum vmx_event_type {
	VMX_EVENT_EXTERNAL_INTERRUPT = 0,
	VMX_EVENT_NMI = 2,
	VMX_EVENT_HARDWARE_EXCEPTION = 3,
	VMX_EVENT_SOFTWARE_INTERRUPT = 4,
	VMX_EVENT_PRIVILEGED_SOFTWARE_EXCEPTION = 5,
	VMX_EVENT_SOFTWARE_EXCEPTION = 6,
	VMX_EVENT_OTHER = 7,
};

#define VMX_INTR_INFO_VECTOR_MASK 0xFFu
#define VMX_INTR_INFO_TYPE_SHIFT 8
#define VMX_INTR_INFO_TYPE_MASK (7u << 8)
#define VMX_INTR_INFO_DELIVER_ERROR_CODE (1u << 11)
#define VMX_INTR_INFO_VALID (1u << 31)

/* Architectural exception vectors used by the rules below. */
#define X86_EXC_NMI 2u
#define X86_EXC_BP 3u
#define X86_EXC_OF 4u
#define X86_EXC_DF 8u
#define X86_EXC_TS 10u
#define X86_EXC_NP 11u
#define X86_EXC_SS 12u
#define X86_EXC_GP 13u
#define X86_EXC_PF 14u
#define X86_EXC_AC 17u
#define X86_EXC_CP 21u

/* An event to inject on the next VM entry. */
struct vmx_event {
	uint8_t vector;
	uint8_t type;                /* enum vmx_event_type */
	bool deliver_error_code;
	uint32_t error_code;
	uint32_t instruction_length; /* types 4, 5, 6: length of INT n / INT3 / INTO / INT1 */
};

/* Whether an exception vector pushes an error code in protected mode (#DF #TS #NP #SS #GP #PF #AC #CP). */
bool vmx_exception_has_error_code(uint8_t vector);

/* Constructors; they do not validate (vmx_event_compose does). An external interrupt's is in <vmx/vmx_apicv.h>. */
struct vmx_event vmx_event_nmi(void);
/* Hardware exception; the error code is delivered iff the vector has one and the guest is
 * in protected mode (CR0.PE=1); SDM 26.2.1.3. */
struct vmx_event vmx_event_exception(uint8_t vector, uint32_t error_code, bool guest_protected_mode);

/*
 * Compose the VM-entry interruption-information field (valid bit set), checking
 * SDM Vol. 3C 26.2.1.3: type 1 reserved; NMI vector 2; hardware exception vector
 * <= 31; an error code only for a hardware exception, only in protected mode and
 * only for vectors that push one; types 4-6 need an instruction length 1..15.
 * -HV_EINVAL (info untouched) when a rule is broken (vmx_event_valid).
 */
int vmx_event_compose(const struct vmx_event *ev, bool guest_protected_mode, uint32_t *info);

/* Whether ev keeps the rules above (src/vmx_event_check.c); always true in an image linked with
 * src/vmx_checks_none.c (partition, lapic_pt), where the processor's VM-entry checks enforce them. */
bool vmx_event_valid(const struct vmx_event *ev, bool guest_protected_mode);

/* Compose and VMWRITE the interruption information, error code and instruction length.
 * -HV_EINVAL as above, -HV_EIO if VMWRITE fails. */
int vmx_inject_event(const struct vmx_event *ev, bool guest_protected_mode);

/*
 * Rebuild the event whose delivery was interrupted by a VM exit from the
 * IDT-vectoring information (valid bit 31), its error code and the VM-exit
 * instruction length (needed for software interrupts/exceptions). Returns false
 * (ev untouched) if IDT-vectoring information is not valid.
 */
bool vmx_event_from_idt_vectoring(uint32_t idt_vectoring_info, uint32_t idt_vectoring_error_code,
	uint32_t exit_instruction_length, struct vmx_event *ev);

#endif /* VMX_VMX_EVENT_H */

/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * What only an emulated local APIC uses of the VMCS (core/vm/apic_emulated.c): the APIC-virtualization fields
 * (SDM Vol. 3C 24.6.8, 24.4.2 guest interrupt status, 24.6.9 EOI-exit bitmaps, appendix B) and the primary
 * controls that exit on CR8 accesses and on an open interrupt window (24.6.2, table 24-6), and the external
 * interrupt it injects. An image whose VMs own their LAPIC (lapic_pt) compiles none of it.
 */
#ifndef VMX_VMX_APICV_H
#define VMX_VMX_APICV_H

#include <vmx/vmx_event.h>

/* B.1.2 16-bit guest-state field */
#define VMCS_GUEST_INTERRUPT_STATUS 0x0810u
/* B.2.1 64-bit control fields */
#define VMCS_VIRTUAL_APIC_ADDRESS 0x2012u
#define VMCS_APIC_ACCESS_ADDRESS 0x2014u
#define VMCS_EOI_EXIT_BITMAP_0 0x201Cu
/* B.3.1 32-bit control field */
#define VMCS_TPR_THRESHOLD 0x401Cu

/* Primary processor-based VM-execution controls. */
#define CPU_BASED_INTERRUPT_WINDOW_EXITING (1u << 2)
#define CPU_BASED_CR8_LOAD_EXITING (1u << 19)
#define CPU_BASED_CR8_STORE_EXITING (1u << 20)

/* An external interrupt to inject (SDM 24.8.3), as an emulated LAPIC delivers one. */
static inline struct vmx_event vmx_event_external_interrupt(uint8_t vector)
{
	return (struct vmx_event){ .vector = vector, .type = VMX_EVENT_EXTERNAL_INTERRUPT };
}

#endif /* VMX_VMX_APICV_H */

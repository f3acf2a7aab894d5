/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Architectural constants for VMX: capability-MSR fields and VM-execution/exit/entry control bits, with the
 * Intel SDM's names. The MSR indices, CR bits and IA32_FEATURE_CONTROL bits are the platform's
 * (<hvkit/arch/x86.h>).
 */
#ifndef VMX_VMX_ARCH_H
#define VMX_VMX_ARCH_H

#include <hvkit/arch/x86.h>

/* IA32_VMX_BASIC fields (SDM Vol. 3D A.1). */
#define VMX_BASIC_REVISION_MASK 0x7FFFFFFFull
#define VMX_BASIC_VMCS_SIZE_SHIFT 32
#define VMX_BASIC_VMCS_SIZE_MASK 0x1FFFull
#define VMX_BASIC_PHYS_ADDR_32BIT (1ull << 48)
#define VMX_BASIC_MEMORY_TYPE_SHIFT 50
#define VMX_BASIC_MEMORY_TYPE_MASK 0xFull
#define VMX_BASIC_INS_OUTS_INFO (1ull << 54)
#define VMX_BASIC_TRUE_CTLS (1ull << 55)
#define VMX_MEMORY_TYPE_WB 6u

/* IA32_VMX_MISC fields (SDM Vol. 3D A.6). */
#define VMX_MISC_PREEMPTION_TIMER_RATE_MASK 0x1Full

/* IA32_VMX_EPT_VPID_CAP bits (SDM Vol. 3D A.10). */
#define VMX_EPT_PDE_2MB (1ull << 16)
#define VMX_EPT_PDPTE_1GB (1ull << 17)
#define VMX_EPT_ACCESSED_DIRTY (1ull << 21)

/* Pin-based VM-execution controls (SDM Vol. 3C 24.6.1, table 24-5). */
#define PIN_BASED_EXTERNAL_INTERRUPT_EXITING (1u << 0)
#define PIN_BASED_NMI_EXITING (1u << 3)
#define PIN_BASED_VIRTUAL_NMIS (1u << 5)
#define PIN_BASED_ACTIVATE_PREEMPTION_TIMER (1u << 6)
#define PIN_BASED_PROCESS_POSTED_INTERRUPTS (1u << 7)

/* Primary processor-based VM-execution controls (SDM Vol. 3C 24.6.2, table 24-6). */
#define CPU_BASED_USE_TSC_OFFSETTING (1u << 3)
#define CPU_BASED_HLT_EXITING (1u << 7)
#define CPU_BASED_USE_TPR_SHADOW (1u << 21)
#define CPU_BASED_NMI_WINDOW_EXITING (1u << 22)
#define CPU_BASED_USE_IO_BITMAPS (1u << 25)
#define CPU_BASED_USE_MSR_BITMAPS (1u << 28)
#define CPU_BASED_ACTIVATE_SECONDARY_CONTROLS (1u << 31)

/* Secondary processor-based VM-execution controls (SDM Vol. 3C 24.6.2, table 24-7). */
#define SECONDARY_VIRTUALIZE_APIC_ACCESSES (1u << 0)
#define SECONDARY_ENABLE_EPT (1u << 1)
#define SECONDARY_ENABLE_RDTSCP (1u << 3)
#define SECONDARY_VIRTUALIZE_X2APIC_MODE (1u << 4)
#define SECONDARY_ENABLE_VPID (1u << 5)
#define SECONDARY_UNRESTRICTED_GUEST (1u << 7)
#define SECONDARY_APIC_REGISTER_VIRTUALIZATION (1u << 8)
#define SECONDARY_VIRTUAL_INTERRUPT_DELIVERY (1u << 9)
#define SECONDARY_ENABLE_INVPCID (1u << 12)
#define SECONDARY_ENABLE_XSAVES_XRSTORS (1u << 20)

/* Primary VM-exit controls (SDM Vol. 3C 24.7.1, table 24-10). */
#define VM_EXIT_SAVE_DEBUG_CONTROLS (1u << 2)
#define VM_EXIT_HOST_ADDRESS_SPACE_SIZE (1u << 9)
#define VM_EXIT_SAVE_IA32_PAT (1u << 18)
#define VM_EXIT_LOAD_IA32_PAT (1u << 19)
#define VM_EXIT_SAVE_IA32_EFER (1u << 20)
#define VM_EXIT_LOAD_IA32_EFER (1u << 21)

/* VM-entry controls (SDM Vol. 3C 24.8.1, table 24-12). */
#define VM_ENTRY_LOAD_DEBUG_CONTROLS (1u << 2)
#define VM_ENTRY_IA32E_MODE_GUEST (1u << 9)
#define VM_ENTRY_LOAD_IA32_PAT (1u << 14)
#define VM_ENTRY_LOAD_IA32_EFER (1u << 15)

#endif /* VMX_VMX_ARCH_H */

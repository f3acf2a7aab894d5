/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Architectural constants of the x86 platform, defined once for every unit: the core, the libraries (as the
 * platform header, beside <hvkit/platform.h>), the UEFI loader and the host tools. Names follow the Intel SDM.
 * Only what the architecture fixes belongs here; what one unit chooses (a VM's layout, writable masks of a
 * virtual device) stays in that unit. Assembly keeps its own copies in core/arch/asm_defs.h (no C suffixes).
 * What only an emulated local APIC decodes (its register page, SVR/LVT/ESR/DFR fields, timer modes) is in
 * <hvkit/arch/x86_apic.h>; what only the tests and the guest-state re-check (share, hybrid) name, in
 * <hvkit/arch/x86_ext.h>, so that no image counts a constant it never uses.
 */
#ifndef HVKIT_ARCH_X86_H
#define HVKIT_ARCH_X86_H

/* CPUID.1:ECX feature bits (SDM Vol. 2A, CPUID, table 3-10). */
#define CPUID_1_ECX_VMX (1u << 5)
#define CPUID_1_ECX_X2APIC (1u << 21)
#define CPUID_1_ECX_TSC_DEADLINE (1u << 24)
#define CPUID_1_ECX_RDRAND (1u << 30)

/* CR0 (SDM Vol. 3A 2.5). */
#define CR0_PE (1ull << 0)
#define CR0_TS (1ull << 3)
#define CR0_ET (1ull << 4)
#define CR0_WP (1ull << 16)
#define CR0_NW (1ull << 29)
#define CR0_CD (1ull << 30)
#define CR0_PG (1ull << 31)

/* CR4 (SDM Vol. 3A 2.5). */
#define CR4_VME (1ull << 0)
#define CR4_PVI (1ull << 1)
#define CR4_DE (1ull << 3)
#define CR4_PSE (1ull << 4)
#define CR4_PAE (1ull << 5)
#define CR4_MCE (1ull << 6)
#define CR4_PGE (1ull << 7)
#define CR4_OSFXSR (1ull << 9)
#define CR4_OSXMMEXCPT (1ull << 10)
#define CR4_UMIP (1ull << 11)
#define CR4_LA57 (1ull << 12)
#define CR4_VMXE (1ull << 13)
#define CR4_SMXE (1ull << 14)
#define CR4_FSGSBASE (1ull << 16)
#define CR4_PCIDE (1ull << 17)
#define CR4_OSXSAVE (1ull << 18)
#define CR4_KL (1ull << 19)
#define CR4_SMEP (1ull << 20)
#define CR4_SMAP (1ull << 21)
#define CR4_PKE (1ull << 22)
#define CR4_CET (1ull << 23)
#define CR4_PKS (1ull << 24)

/* RFLAGS (SDM Vol. 1 3.4.3). */
#define RFLAGS_FIXED (1ull << 1) /* bit 1 always reads 1 */
#define RFLAGS_IF (1ull << 9)

/* XCR0 state components (SDM Vol. 1 13.1). */
#define XCR0_X87 (1ull << 0)
#define XCR0_SSE (1ull << 1)
#define XCR0_AVX (1ull << 2)
#define XCR0_AVX512 (7ull << 5) /* opmask, ZMM_Hi256, Hi16_ZMM */
#define XCR0_PKRU (1ull << 9)

/* Model-specific registers (SDM Vol. 4, table 2-2). */
#define IA32_TSC 0x010u
#define IA32_APIC_BASE 0x01Bu
#define IA32_FEATURE_CONTROL 0x03Au
#define IA32_TSC_ADJUST 0x03Bu
#define IA32_SPEC_CTRL 0x048u
#define IA32_BIOS_SIGN_ID 0x08Bu
#define IA32_MTRRCAP 0x0FEu
#define IA32_MCG_CAP 0x179u
#define IA32_MCG_STATUS 0x17Au
#define IA32_MISC_ENABLE 0x1A0u
#define IA32_DEBUGCTL 0x1D9u
#define IA32_PAT 0x277u
#define IA32_MTRR_DEF_TYPE 0x2FFu
#define IA32_TSC_DEADLINE 0x6E0u
#define IA32_EFER 0xC0000080u
#define IA32_STAR 0xC0000081u
#define IA32_LSTAR 0xC0000082u
#define IA32_CSTAR 0xC0000083u
#define IA32_FMASK 0xC0000084u
#define IA32_KERNEL_GS_BASE 0xC0000102u

/* VMX capability MSRs (SDM Vol. 3D appendix A). */
#define IA32_VMX_BASIC 0x480u
#define IA32_VMX_PINBASED_CTLS 0x481u
#define IA32_VMX_PROCBASED_CTLS 0x482u
#define IA32_VMX_EXIT_CTLS 0x483u
#define IA32_VMX_ENTRY_CTLS 0x484u
#define IA32_VMX_MISC 0x485u
#define IA32_VMX_CR0_FIXED0 0x486u
#define IA32_VMX_CR0_FIXED1 0x487u
#define IA32_VMX_CR4_FIXED0 0x488u
#define IA32_VMX_CR4_FIXED1 0x489u
#define IA32_VMX_PROCBASED_CTLS2 0x48Bu
#define IA32_VMX_EPT_VPID_CAP 0x48Cu
#define IA32_VMX_TRUE_PINBASED_CTLS 0x48Du
#define IA32_VMX_TRUE_PROCBASED_CTLS 0x48Eu
#define IA32_VMX_TRUE_EXIT_CTLS 0x48Fu
#define IA32_VMX_TRUE_ENTRY_CTLS 0x490u

/* IA32_FEATURE_CONTROL bits (SDM Vol. 3C 23.7). */
#define IA32_FEATURE_CONTROL_LOCK (1ull << 0)
#define IA32_FEATURE_CONTROL_VMX_OUTSIDE_SMX (1ull << 2)

/* IA32_EFER bits (SDM Vol. 3A 2.2.1). */
#define IA32_EFER_SCE (1ull << 0)
#define IA32_EFER_LME (1ull << 8)
#define IA32_EFER_LMA (1ull << 10)
#define IA32_EFER_NXE (1ull << 11)

/* IA32_APIC_BASE (SDM Vol. 3A 11.4.4, 11.12.1). */
#define APIC_BASE_BSP (1ull << 8)
#define APIC_BASE_EXTD (1ull << 10) /* x2APIC mode */
#define APIC_BASE_EN (1ull << 11)
#define APIC_BASE_DEFAULT 0xFEE00000ull

/* The x2APIC MSR map: MSR = 0x800 + offset / 16 (SDM Vol. 3A 11.12.1.2). */
#define MSR_X2APIC_APICID 0x802u
#define MSR_X2APIC_TPR 0x808u
#define MSR_X2APIC_EOI 0x80Bu
#define MSR_X2APIC_LDR 0x80Du
#define MSR_X2APIC_ISR0 0x810u
#define MSR_X2APIC_ICR 0x830u
#define MSR_X2APIC_TIMER_ICR 0x838u

/* LVT entries (SDM Vol. 3A 11.5.1, figure 11-8). */
#define APIC_LVT_MASKED (1u << 16)

/* Delivery modes of the ICR, LVT entries and MSIs (SDM Vol. 3A 11.6.1) that some unit handles; the others (SMI,
 * reserved 3, ExtINT) only tests name (<hvkit/arch/x86_ext.h>). */
enum apic_delivery_mode {
	APIC_DM_FIXED = 0,
	APIC_DM_LOWEST = 1,
	APIC_DM_NMI = 4,
	APIC_DM_INIT = 5,
	APIC_DM_STARTUP = 6,
};

/* ICR low half (SDM Vol. 3A 11.6.1, 11.12.9). */
#define APIC_ICR_VECTOR 0xFFu
#define APIC_ICR_DM_SHIFT 8
#define APIC_ICR_DM (7u << 8)
#define APIC_ICR_DEST_LOGICAL (1u << 11)
#define APIC_ICR_LEVEL_ASSERT (1u << 14)
#define APIC_ICR_TRIGGER_LEVEL (1u << 15)
#define APIC_ICR_SHORTHAND_SHIFT 18
#define APIC_ICR_SHORTHAND (3u << 18)

enum apic_shorthand {
	APIC_SH_NONE = 0,
	APIC_SH_SELF = 1,
	APIC_SH_ALL_INCL_SELF = 2,
	APIC_SH_ALL_EXCL_SELF = 3,
};

/* Destination ID meaning "all APICs" in x2APIC mode, physical and logical alike (SDM Vol. 3A 11.12.9). */
#define X2APIC_BROADCAST_ID 0xFFFFFFFFu

/* ESR (SDM Vol. 3A 11.5.3). */
#define APIC_ESR_SEND_ILLEGAL_VECTOR (1u << 5)

/* Vectors 0..15 are illegal for fixed and lowest-priority interrupts (SDM Vol. 3A 11.5.3). */
#define APIC_FIRST_LEGAL_VECTOR 16u

#endif /* HVKIT_ARCH_X86_H */

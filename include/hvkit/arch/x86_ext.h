/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Architectural constants that no image's code outside share's guest-state re-check uses: the host tests, the
 * tests' fake hardware and lib/vmx's vmx_guest_check.c (share and hybrid) name them. Kept out of
 * <hvkit/arch/x86.h>, which this header includes, because that one counts in every image (issue 18).
 */
#ifndef HVKIT_ARCH_X86_EXT_H
#define HVKIT_ARCH_X86_EXT_H

#include <hvkit/arch/x86.h>

#define CR0_NE (1ull << 5)         /* SDM Vol. 3A 2.5 */
#define RFLAGS_VM (1ull << 17)     /* SDM Vol. 1 3.4.3 */
#define IA32_VMX_VMFUNC 0x491u     /* SDM Vol. 3D appendix A */
#define IA32_FEATURE_CONTROL_VMX_INSIDE_SMX (1ull << 1) /* SDM Vol. 3C 23.7 */

/* The delivery modes no unit delivers (SDM Vol. 3A 11.6.1): 3 is reserved, 7 (ExtINT) reserved in the ICR. */
#define APIC_DM_SMI ((enum apic_delivery_mode)2)
#define APIC_DM_RESERVED_3 ((enum apic_delivery_mode)3)
#define APIC_DM_EXTINT ((enum apic_delivery_mode)7)

/* ICR Delivery Status (SDM Vol. 3A 11.6.1): xAPIC only, never set by an emulation. */
#define APIC_ICR_DELIVERY_STATUS (1u << 12)

#endif

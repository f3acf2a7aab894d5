/* SPDX-License-Identifier: BSD-3-Clause */
/* What fpu_switch.c uses of fpu_regs.c (share, hybrid; fpu_single.c resets these registers itself). */
#ifndef HVKIT_CORE_VM_FPU_REGS_H
#define HVKIT_CORE_VM_FPU_REGS_H

#include <core/vm_internal.h>

/* The MSRs and debug registers beside the x87/SSE/AVX state: their reset values into the vCPU's copy (with
 * XCR0's), the copy into this CPU. */
void vcpu_regs_reset(struct vcpu *v);
void vcpu_regs_load(const struct vcpu *v);
extern const uint32_t vcpu_switched_msrs[VCPU_SWITCHED_MSRS];
/* Does this CPU have IA32_SPEC_CTRL (CPUID.(7,0):EDX[26])? XSAVE (CPUID.1:ECX[26])? */
bool vcpu_fpu_cpu_has_spec_ctrl(void);
bool vcpu_fpu_cpu_has_xsave(void);

#endif

/* SPDX-License-Identifier: BSD-3-Clause */
/* A VMX instruction's outcome from RFLAGS (SDM Vol. 3C 30.2): CF=1 VMfailInvalid, ZF=1 VMfailValid. Internal to
 * the image's hardware seam (hw_x86*.c). */
#ifndef VMX_HW_X86_STATUS_H
#define VMX_HW_X86_STATUS_H

#include <vmx/vmx_hw.h>

static inline enum vmx_insn_status status_of(uint8_t cf, uint8_t zf)
{
	if (cf)
		return VMX_FAIL_INVALID;
	if (zf)
		return VMX_FAIL_VALID;
	return VMX_SUCCEED;
}

#endif

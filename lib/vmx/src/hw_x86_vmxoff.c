/* SPDX-License-Identifier: BSD-3-Clause */
/* VMXOFF on real x86-64: a file of its own, linked only by an image that leaves VMX operation (vmx_cpu_off). */
#include <vmx/vmx_hw.h>
#include <vmx/vmx_ext.h>

#include "hw_x86_status.h"

enum vmx_insn_status vmx_hw_vmxoff(void)
{
	uint8_t cf, zf;

	__asm__ volatile("vmxoff" : "=@ccc"(cf), "=@ccz"(zf) : : "memory");
	return status_of(cf, zf);
}

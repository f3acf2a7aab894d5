/* SPDX-License-Identifier: BSD-3-Clause */
/* INVVPID on real x86-64: a file of its own, linked only by an image that invalidates by VPID (vmx_invvpid). */
#include <vmx/vmx_hw.h>
#include <vmx/vmx_ext.h>

#include "hw_x86_status.h"

enum vmx_insn_status vmx_hw_invvpid(uint64_t type, uint16_t vpid, uint64_t linear_address)
{
	/* SDM Vol. 3C 30.3 INVVPID: descriptor bits 15:0 VPID, 63:16 reserved, 127:64 address. */
	struct {
		uint64_t vpid;
		uint64_t linear_address;
	} desc = { vpid, linear_address };
	uint8_t cf, zf;

	__asm__ volatile("invvpid %[desc], %[type]"
		: "=@ccc"(cf), "=@ccz"(zf)
		: [desc] "m"(desc), [type] "r"(type)
		: "memory");
	return status_of(cf, zf);
}

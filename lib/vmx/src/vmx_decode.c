/* SPDX-License-Identifier: BSD-3-Clause */
/* Exit-qualification decoders (SDM Vol. 3C 27.2.1) and guest GPR access. */
#include <stddef.h>

#include <vmx/vmx_decode.h>
#include <vmx/vmx_run.h>

void vmx_decode_cr_access(uint64_t q, struct vmx_cr_access *out)
{
	out->cr = (uint8_t)(q & 0xF);
	out->access_type = (uint8_t)((q >> 4) & 0x3);
	out->gpr = (uint8_t)((q >> 8) & 0xF);
	out->lmsw_source = (uint16_t)((q >> 16) & 0xFFFF);
}

bool vmx_decode_io(uint64_t q, struct vmx_io_access *out)
{
	unsigned int sz = (unsigned int)(q & 0x7);

	if (sz != 0 && sz != 1 && sz != 3)
		return false;
	out->size = (uint8_t)(sz + 1);
	out->in = ((q >> 3) & 1) != 0;
	out->string = ((q >> 4) & 1) != 0;
	out->rep = ((q >> 5) & 1) != 0;
	out->port = (uint16_t)((q >> 16) & 0xFFFF);
	return true;
}

/* struct vmx_guest_regs holds the GPRs in this numbering, 8 bytes each (vmx_vcpu.c asserts the layout). */
uint64_t *vmx_guest_gpr(struct vmx_guest_regs *regs, unsigned int index)
{
	if (regs == NULL || index >= 16 || index == 4)
		return NULL;
	return (uint64_t *)(void *)((char *)regs + index * sizeof(uint64_t));
}

/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * INS and OUTS in the partition and lapic_pt images: not emulated. Emulating them means walking the guest's
 * page tables for every element (exit_io_string.c over lib/guest_walk), which no guest of theirs needs:
 * Linux's 8250 driver and the test guests move one byte per IN/OUT. The instruction does nothing
 * (RSI/RDI, RCX and memory unchanged, no port access) and the guest takes #GP(0), logged through the
 * VM's rate limiter, so a guest that relies on it fails loudly instead of reading garbage.
 */
#include <core/vm.h>
#include <core/vm_internal.h>
#include <vmx/vmx_decode.h>

int vcpu_emulate_string_io(struct vcpu *v, const struct vmx_exit_info *exit, const struct vmx_io_access *io)
{
	(void)exit;
	vm_guest_log(v->vm, PLAT_LOG_WARN, "vcpu %u: %s at port 0x%x: string I/O is not emulated in this image: #GP",
		     v->index, io->in ? "INS" : "OUTS", io->port);
	vcpu_inject_exception(v, 13, 0);
	return EXIT_RESUME;
}

/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Port I/O exits (SDM Vol. 3C 28.2.1, table 28-5): to the VM's virtual devices (INS/OUTS in
 * exit_io_string.c); ports the
 * scenario passes through never exit (I/O bitmaps); anything else reads all ones and ignores
 * writes, logged once per port and VM (lib/vdev).
 */
#include <core/console.h>
#include <core/vm.h>
#include <core/vm_internal.h>
#include <vmx/vmcs_fields.h>
#include <vmx/vmx_arch.h>
#include <vmx/vmx_decode.h>

int exit_io(const struct vmx_exit_info *exit, void *ctx)
{
	struct vcpu *v = ctx;
	struct vmx_io_access io;
	if (!vmx_decode_io(exit->qualification, &io)) {
		vm_stop(v->vm, VM_STATUS_FAULT, "vcpu %u: I/O exit with a malformed qualification 0x%lx", v->index,
			exit->qualification);
		return EXIT_STOP_VCPU;
	}
	if (io.string)
		return vcpu_emulate_string_io(v, exit, &io);
	uint32_t mask = io.size == 4 ? 0xffffffffu : (1u << (io.size * 8)) - 1;
	uint32_t val = io.in ? mask : (uint32_t)v->vmx.regs.rax & mask;
	if (!vm_vdev_io(v->vm, io.port, io.size, !io.in, &val, v->vm->ioreq == NULL))
		return v->vm->ioreq->pio(v, exit, &io);
	if (v->vm->state != VM_RUNNING) {
		uint64_t rip = vmx_vmread(VMCS_GUEST_RIP);
		hv_info("vm %s: vcpu %u: the write to port 0x%x that ended the VM was at rip 0x%llx", v->vm->name,
			v->index, io.port, (unsigned long long)rip);
		return EXIT_STOP_VCPU; /* a debug-exit write ended the VM */
	}
	if (io.in)
		v->vmx.regs.rax = (v->vmx.regs.rax & ~(uint64_t)mask) | (val & mask);
	vcpu_skip_instruction(exit);
	return EXIT_RESUME;
}

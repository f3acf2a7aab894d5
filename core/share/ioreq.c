/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * I/O requests of post-launched VMs (docs/hypercalls.md): a port access no virtual device of the
 * hypervisor claims, or an access to guest-physical memory that is neither RAM nor such a device,
 * becomes the vCPU's slot in the page its device model registered; the slot goes
 * PENDING, the Service VM gets its upcall and the vCPU blocks (its CPU runs others). The device model
 * completes the slot (COMPLETE, then HVKIT_HC_IOREQ_COMPLETE); the vCPU's CPU then finishes the
 * instruction (an IN's value into AL/AX/EAX, a load's into its register), frees the slot and resumes the guest after it.
 */
#include "share_internal.h"

#include <core/console.h>
#include <vmx/vmcs_fields.h>
#include <vmx/vmx_arch.h>
#include <vmx/vmx_decode.h>
#include <insn_decode/mmio_insn.h>

/* What the hypervisor keeps of each waiting request, out of the Service VM's reach. `completed` is set by
 * HVKIT_HC_IOREQ_COMPLETE only: the vCPU resumes on that call, not on the slot's state alone, which the
 * Service VM writes (COMPLETE) just before it makes the call; were the slot's state enough, the vCPU's CPU
 * could finish the request in between and the call would find nothing waiting. */
struct ioreq_wait {
	uint64_t rip_after;
	uint64_t mask;
	bool read;
	bool mmio;
	bool completed;
	struct mmio_insn insn; /* MMIO: the decoded instruction, for a load's completion */
};
static struct ioreq_wait waits[VM_MAX][VM_MAX_VCPUS];

static struct hvkit_ioreq *slot_of(const struct vcpu *v)
{
	const struct post_slot *s = v->vm->mode_data;
	return s && s->ioreq ? &s->ioreq->slot[v->index] : NULL;
}

/* Fill the vCPU's slot, make it PENDING, tell the Service VM; the vCPU waits. */
static int ioreq_post(struct vcpu *v, struct hvkit_ioreq *req, uint32_t type, bool read, unsigned int size,
		      uint64_t address, uint64_t value)
{
	req->type = type;
	req->direction = read ? HVKIT_IOREQ_READ : HVKIT_IOREQ_WRITE;
	req->size = size;
	req->address = address;
	req->value = value;
	req->vcpu = v->index;
	v->state = VCPU_WAIT_IOREQ;
	__atomic_store_n(&req->state, HVKIT_IOREQ_PENDING, __ATOMIC_RELEASE);
	share_upcall();
	return EXIT_STOP_VCPU;
}

static int ioreq_pio(struct vcpu *v, const struct vmx_exit_info *exit, const struct vmx_io_access *io)
{
	struct hvkit_ioreq *req = slot_of(v);
	uint32_t mask = io->size == 4 ? 0xffffffffu : (1u << (io->size * 8)) - 1;
	if (req == NULL) {
		/* No device model has registered: as on a bus with nothing there. */
		vm_guest_log(v->vm, PLAT_LOG_WARN, "vcpu %u: port 0x%x: no device model (no ioreq page yet)", v->index,
			     io->port);
		if (io->in)
			v->vmx.regs.rax |= mask;
		vcpu_skip_instruction(exit);
		return EXIT_RESUME;
	}
	uint32_t state = __atomic_load_n(&req->state, __ATOMIC_ACQUIRE);
	if (state != HVKIT_IOREQ_FREE) {
		vm_stop(v->vm, VM_STATUS_FAULT, "vcpu %u: its I/O request slot is in state %u, not free: the device model "
			"broke the protocol", v->index, state);
		return EXIT_STOP_VCPU;
	}
	waits[v->vm->id][v->index] = (struct ioreq_wait){ exit->guest_rip + exit->instruction_length, mask, io->in,
							   false, false, { 0 } };
	return ioreq_post(v, req, HVKIT_IOREQ_PIO, io->in, io->size, io->port, io->in ? 0 : v->vmx.regs.rax & mask);
}

/* An access to guest-physical memory that is neither RAM nor a device of the hypervisor's: the
 * instruction is decoded here (lib/insn_decode), the access goes to the device model. */
static int ioreq_mmio(struct vcpu *v, const struct vmx_exit_info *exit)
{
	struct hvkit_ioreq *req = slot_of(v);
	uint64_t gpa = exit->guest_physical_address;
	if (req == NULL || __atomic_load_n(&req->state, __ATOMIC_ACQUIRE) != HVKIT_IOREQ_FREE) {
		vm_stop(v->vm, VM_STATUS_FAULT, "vcpu %u: access to guest-physical 0x%lx (rip 0x%lx): no memory or device "
			"there%s", v->index, gpa, exit->guest_rip, req ? " (its I/O request slot is busy)" : "");
		return EXIT_STOP_VCPU;
	}
	struct ioreq_wait *w = &waits[v->vm->id][v->index];
	uint64_t rip = 0;
	if (vcpu_mmio_decode(v, gpa, &w->insn, &rip) != 0)
		return EXIT_RESUME; /* #UD queued */
	unsigned int size = w->insn.size;
	w->mask = size == 8 ? ~0ull : (1ull << (size * 8)) - 1;
	w->rip_after = rip + w->insn.len;
	w->read = !w->insn.write;
	w->mmio = true;
	w->completed = false;
	uint64_t value = w->insn.write ? vcpu_mmio_store_value(v, &w->insn) & w->mask : 0;
	return ioreq_post(v, req, HVKIT_IOREQ_MMIO, !w->insn.write, size, gpa, value);
}

/* The slot says COMPLETE: the Service VM has done its part. */
static bool slot_completed(const struct vcpu *v)
{
	const struct hvkit_ioreq *req = slot_of(v);
	return req && __atomic_load_n(&req->state, __ATOMIC_ACQUIRE) == HVKIT_IOREQ_COMPLETE;
}

/* HVKIT_HC_IOREQ_COMPLETE has been made for the vCPU's request. */
static bool ioreq_completed(const struct vcpu *v)
{
	return __atomic_load_n(&waits[v->vm->id][v->index].completed, __ATOMIC_ACQUIRE);
}

static void ioreq_finish(struct vcpu *v)
{
	struct hvkit_ioreq *req = slot_of(v);
	struct ioreq_wait *w = &waits[v->vm->id][v->index];
	w->completed = false;
	if (w->read && w->mmio)
		vcpu_mmio_complete_load(v, &w->insn, req->value & w->mask);
	else if (w->read)
		v->vmx.regs.rax = (v->vmx.regs.rax & ~w->mask) | (req->value & w->mask);
	vmx_vmwrite(VMCS_GUEST_RIP, w->rip_after);
	/* Completing the instruction ends STI / MOV-SS blocking, as vcpu_skip_instruction does. */
	uint64_t intr = vmx_vmread(VMCS_GUEST_INTERRUPTIBILITY_STATE);
	if (intr & (VMX_INTERRUPTIBILITY_STI | VMX_INTERRUPTIBILITY_MOV_SS))
		vmx_vmwrite(VMCS_GUEST_INTERRUPTIBILITY_STATE,
			    intr & ~(uint64_t)(VMX_INTERRUPTIBILITY_STI | VMX_INTERRUPTIBILITY_MOV_SS));
	__atomic_store_n(&req->state, HVKIT_IOREQ_FREE, __ATOMIC_RELEASE);
}

const struct vm_ioreq_hooks share_ioreq_hooks = {
	.pio = ioreq_pio, .mmio = ioreq_mmio, .completed = ioreq_completed, .finish = ioreq_finish,
};

int ioreq_setup(unsigned int id, uint64_t gpa)
{
	int err = 0;
	struct vm *vm = post_vm_get(id, &err);
	if (vm == NULL)
		return err;
	struct post_slot *s = vm->mode_data;
	int rc = 0;
	uint64_t hpa = vm_gpa_to_hpa(share_service_vm, gpa, sizeof(struct hvkit_ioreq_page));
	if (s->ioreq != NULL)
		rc = -HVKIT_EEXIST;
	else if (hpa == 0)
		rc = -HVKIT_EFAULT;
	else if (vm->state != VM_CREATED)
		rc = -HVKIT_EBUSY;
	if (rc == 0) {
		s->ioreq = plat_phys_to_virt(hpa);
		s->ioreq_gpa = gpa;
	}
	post_vm_put(id);
	return rc;
}

int ioreq_complete(unsigned int id, unsigned int vcpu)
{
	int err = 0;
	struct vm *vm = post_vm_get(id, &err);
	if (vm == NULL)
		return err;
	int rc = 0;
	if (vcpu >= vm->vcpu_count) {
		rc = -HVKIT_ENOENT;
	} else {
		struct vcpu *v = vm->vcpus[vcpu];
		if (v->state != VCPU_WAIT_IOREQ || !slot_completed(v)) {
			rc = -HVKIT_EINVAL;
		} else {
			__atomic_store_n(&waits[id][vcpu].completed, true, __ATOMIC_RELEASE);
			vcpu_wake(v);
		}
	}
	post_vm_put(id);
	return rc;
}

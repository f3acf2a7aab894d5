// SPDX-License-Identifier: GPL-2.0-only
/*
 * The ioreq client. The hypervisor moves a vCPU's slot FREE -> PENDING (and raises the upcall) and
 * COMPLETE -> FREE; the Service VM moves it PENDING -> PROCESSING (HVKIT_IOREQ_WAIT) and
 * PROCESSING -> COMPLETE (ioctl HVKIT_IOREQ_DONE, then HVKIT_HC_IOREQ_COMPLETE).
 *
 * Several threads of a device model may wait on one VM: a slot is claimed with cmpxchg, so each
 * request goes to exactly one of them. The page is shared with the hypervisor running on other CPUs,
 * so the driver reads a slot only after it has seen (and claimed) its state, and publishes a completion's
 * value before the COMPLETE state.
 */
#include <linux/atomic.h>
#include <linux/sched/signal.h>
#include <linux/uaccess.h>
#include <linux/wait.h>

#include "hvkit.h"

/* Take one PENDING slot of the VM, if any: it becomes PROCESSING and *req gets a copy. */
static bool hvkit_ioreq_claim(struct hvkit_vm *vm, struct hvkit_ioreq *req)
{
	u32 start = (u32)atomic_inc_return(&vm->next_slot) % vm->vcpus;
	u32 n, i;

	for (n = 0; n < vm->vcpus; n++) {
		struct hvkit_ioreq *s;

		i = (start + n) % vm->vcpus;
		s = &vm->ioreq->slot[i];
		if (READ_ONCE(s->state) != HVKIT_IOREQ_PENDING)
			continue;
		/* cmpxchg is a full barrier: the fields read below are the ones the hypervisor wrote before
		 * it made the slot PENDING. */
		if (cmpxchg(&s->state, HVKIT_IOREQ_PENDING, HVKIT_IOREQ_PROCESSING) != HVKIT_IOREQ_PENDING)
			continue;
		memset(req, 0, sizeof(*req));
		req->state = HVKIT_IOREQ_PROCESSING;
		req->type = READ_ONCE(s->type);
		req->direction = READ_ONCE(s->direction);
		req->size = READ_ONCE(s->size);
		req->address = READ_ONCE(s->address);
		req->value = READ_ONCE(s->value);
		req->vcpu = i; /* the slot's index is the vCPU, whatever the field says */
		return true;
	}
	return false;
}

static bool hvkit_ioreq_any_pending(struct hvkit_vm *vm)
{
	u32 i;

	for (i = 0; i < vm->vcpus; i++)
		if (READ_ONCE(vm->ioreq->slot[i].state) == HVKIT_IOREQ_PENDING)
			return true;
	return false;
}

/* A state the hypervisor reported for the VM: STOPPED ends every wait on it (sticky until START or RESET). */
void hvkit_ioreq_note_state(struct hvkit_vm *vm, u32 state)
{
	if (state == HVKIT_VM_STATE_STOPPED && !READ_ONCE(vm->stopped)) {
		WRITE_ONCE(vm->stopped, true);
		wake_up_all(&hvkit_hv.upcall_wq);
	}
}

static bool hvkit_ioreq_ended(struct hvkit_vm *vm)
{
	return READ_ONCE(vm->destroying) || READ_ONCE(vm->destroyed) || READ_ONCE(vm->stopped);
}

/* Has the VM stopped? Asked of the hypervisor at most once per upcall (an upcall also announces a stop):
 * the first waiter to see a new count asks, and a stop it learns of wakes the others. */
static int hvkit_ioreq_check_stopped(struct hvkit_vm *vm, int upcalls)
{
	struct hvkit_vm_status st;
	int ret;

	if (atomic_xchg(&vm->status_seen, upcalls) == upcalls)
		return 0;
	ret = hvkit_hc_vm_status(vm->id, &st);
	if (ret == -ENOENT)
		return -ESRCH;
	if (ret)
		return ret;
	hvkit_ioreq_note_state(vm, st.state);
	return hvkit_ioreq_ended(vm) ? -ESRCH : 0;
}

/* Sleep until an upcall moves the count past upcalls, the VM ends or a slot is pending; -EINTR on a signal. */
static int hvkit_ioreq_sleep(struct hvkit_vm *vm, int upcalls)
{
	int ret = wait_event_interruptible(hvkit_hv.upcall_wq,
					   atomic_read(&hvkit_hv.upcalls) != upcalls ||
					   hvkit_ioreq_ended(vm) || hvkit_ioreq_any_pending(vm));

	return ret ? -EINTR : 0;
}

long hvkit_ioreq_wait(struct hvkit_vm *vm, struct hvkit_ioreq __user *arg)
{
	struct hvkit_ioreq req;
	int upcalls, ret;

	for (;;) {
		/* Read the count before scanning: a slot made PENDING after the scan comes with an upcall
		 * that moves the count past this value, so the sleep below cannot miss it. */
		upcalls = atomic_read(&hvkit_hv.upcalls);
		smp_rmb();
		if (hvkit_ioreq_ended(vm))
			return -ESRCH;
		if (hvkit_ioreq_claim(vm, &req))
			break;
		ret = hvkit_ioreq_check_stopped(vm, upcalls);
		if (ret)
			return ret;
		ret = hvkit_ioreq_sleep(vm, upcalls);
		if (ret)
			return ret;
	}
	if (copy_to_user(arg, &req, sizeof(req))) {
		/* Nobody got the request: hand it back for another waiter (or the next call). */
		cmpxchg(&vm->ioreq->slot[req.vcpu].state, HVKIT_IOREQ_PROCESSING, HVKIT_IOREQ_PENDING);
		wake_up_all(&hvkit_hv.upcall_wq);
		return -EFAULT;
	}
	return 0;
}

long hvkit_ioreq_complete(struct hvkit_vm *vm, const struct hvkit_ioreq __user *arg)
{
	struct hvkit_ioreq req;
	struct hvkit_ioreq *s;
	long ret;

	if (copy_from_user(&req, arg, sizeof(req)))
		return -EFAULT;
	if (READ_ONCE(vm->destroying))
		return -ENOENT;
	if (req.vcpu >= vm->vcpus)
		return -EINVAL;
	s = &vm->ioreq->slot[req.vcpu];

	mutex_lock(&vm->complete_lock);
	if (READ_ONCE(s->state) != HVKIT_IOREQ_PROCESSING) {
		ret = -EINVAL;
		goto out;
	}
	if (READ_ONCE(s->direction) == HVKIT_IOREQ_READ)
		WRITE_ONCE(s->value, req.value);
	/* The value is visible before the state that tells the hypervisor to use it. */
	smp_store_release(&s->state, HVKIT_IOREQ_COMPLETE);
	ret = hvkit_hc_ioreq_complete(vm->id, req.vcpu);
out:
	mutex_unlock(&vm->complete_lock);
	return ret;
}

// SPDX-License-Identifier: GPL-2.0-only
/*
 * Destroying a VM. HVKIT_HC_VM_DESTROY answers 0 when the VM is gone and 1 when it is stopping (a vCPU is
 * still on its CPU; the hypervisor tears the VM down once the last has left, then raises the upcall). Until
 * the VM is gone the hypervisor may still use the ioreq page and the VM's slot is not free for a new create,
 * so the driver waits for that: HVKIT_HC_VM_STATUS answering ENOENT. Only then is the page freed; a VM that
 * never goes leaves its page leaked (and logged), never freed under the hypervisor's feet.
 */
#include <linux/gfp.h>
#include <linux/jiffies.h>
#include <linux/slab.h>
#include <linux/wait.h>

#include "hvkit.h"

#define HVKIT_DESTROY_POLL (HZ / 50)    /* also without an upcall, look again this often */
#define HVKIT_DESTROY_LIMIT (10 * HZ)   /* a VM still not gone after this is left to the hypervisor */

static bool hvkit_vm_gone(struct hvkit_vm *vm)
{
	struct hvkit_vm_status st;

	return hvkit_hc_vm_status(vm->id, &st) == -ENOENT;
}

/*
 * Ask the hypervisor to destroy the VM (once): 0 when it is gone already, 1 when it is stopping (wait for it),
 * or the hypervisor's error. The VM's upcall waiters are woken: they see ESRCH.
 */
static long hvkit_vm_destroy_start(struct hvkit_vm *vm)
{
	long ret = hvkit_hc_vm_op(HVKIT_HC_VM_DESTROY, vm->id);

	if (ret < 0 && ret != -ENOENT) /* ENOENT: gone already */
		return ret;
	vm->destroy_deadline = jiffies + HVKIT_DESTROY_LIMIT;
	WRITE_ONCE(vm->destroying, true);
	wake_up_all(&hvkit_hv.upcall_wq); /* its waiters: ESRCH */
	return ret > 0 ? 1 : 0;
}

/* Sleep until the next upcall or HVKIT_DESTROY_POLL; -EINTR when interruptible and a signal came. */
static int hvkit_vm_destroy_poll(int seen, bool interruptible)
{
	long ret;

	if (!interruptible) {
		wait_event_timeout(hvkit_hv.upcall_wq, atomic_read(&hvkit_hv.upcalls) != seen, HVKIT_DESTROY_POLL);
		return 0;
	}
	ret = wait_event_interruptible_timeout(hvkit_hv.upcall_wq, atomic_read(&hvkit_hv.upcalls) != seen,
					       HVKIT_DESTROY_POLL);
	return ret < 0 ? -EINTR : 0;
}

/* Wait until the hypervisor no longer knows the VM: 0, -ETIMEDOUT after the deadline, or -EINTR. */
static int hvkit_vm_wait_gone(struct hvkit_vm *vm, bool interruptible)
{
	int seen;

	for (;;) {
		seen = atomic_read(&hvkit_hv.upcalls);
		if (hvkit_vm_gone(vm))
			return 0;
		if (time_after(jiffies, vm->destroy_deadline))
			return -ETIMEDOUT;
		if (hvkit_vm_destroy_poll(seen, interruptible))
			return -EINTR;
	}
}

/*
 * Destroy the VM in the hypervisor and wait until it is gone. interruptible: a signal ends the wait with
 * -EINTR and a later call waits on (HVKIT_VM_DESTROY); otherwise the wait is bounded only by
 * HVKIT_DESTROY_LIMIT (release). Returns 0 once gone, -ETIMEDOUT, or the hypervisor's error.
 */
int hvkit_vm_teardown(struct hvkit_vm *vm, bool interruptible)
{
	long ret = 1;

	if (READ_ONCE(vm->destroyed))
		return 0;
	if (!READ_ONCE(vm->destroying))
		ret = hvkit_vm_destroy_start(vm);
	if (ret > 0)
		ret = hvkit_vm_wait_gone(vm, interruptible);
	if (ret < 0)
		return ret;
	WRITE_ONCE(vm->destroyed, true);
	return 0;
}

/* Free what the driver holds for a VM; the page only if the VM is gone from the hypervisor (or never had it). */
void hvkit_vm_free(struct hvkit_vm *vm)
{
	if (vm->ioreq && (READ_ONCE(vm->destroyed) || !vm->page_registered))
		free_page((unsigned long)vm->ioreq);
	else if (vm->ioreq)
		pr_err("hvkit: VM %u is not gone from the hypervisor: its ioreq page stays allocated\n", vm->id);
	mutex_destroy(&vm->complete_lock);
	kfree(vm);
}

/* The file that owned the VM is closed (no mapping is left: each holds the file). */
void hvkit_vm_release(struct hvkit_vm *vm)
{
	int ret = hvkit_vm_teardown(vm, false);

	if (ret)
		pr_err("hvkit: destroying VM %u at close failed (%d)\n", vm->id, ret);
	hvkit_vm_free(vm);
}

// SPDX-License-Identifier: GPL-2.0-only
/*
 * The VM ioctls of /dev/hvkit. Every argument is copied in and checked before a hypercall is made; the
 * hypervisor checks again (it trusts nothing from the Service VM either).
 *
 * HVKIT_VM_CREATE = HVKIT_HC_VM_CREATE + HVKIT_HC_VM_SET_MEMORY (gpa 0, mem_size) + a zeroed page of
 * ioreq slots registered with HVKIT_HC_IOREQ_SETUP; any failure undoes what was done. The other VM
 * ioctls need that VM (ENOENT before it, and after HVKIT_VM_DESTROY); HVKIT_HV_INFO needs none.
 * HVKIT_VM_DESTROY returns once the VM is gone from the hypervisor (destroy.c).
 */
#include <linux/gfp.h>
#include <linux/ioport.h>
#include <linux/mm.h>
#include <linux/slab.h>
#include <linux/string.h>
#include <linux/uaccess.h>

#include "hvkit.h"

/* The VM of an open file, or NULL: set once by HVKIT_VM_CREATE, freed only at release. */
struct hvkit_vm *hvkit_file_vm(struct hvkit_file *f)
{
	struct hvkit_vm *vm;

	mutex_lock(&f->lock);
	vm = f->vm;
	mutex_unlock(&f->lock);
	return vm;
}

static long hvkit_vm_create(struct hvkit_file *f, struct hvkit_create __user *uarg)
{
	struct hvkit_create c;
	struct hvkit_vm *vm;
	u64 host;
	long ret;

	BUILD_BUG_ON(sizeof(struct hvkit_ioreq) != 64);
	BUILD_BUG_ON(sizeof(struct hvkit_ioreq_page) != PAGE_SIZE);

	if (copy_from_user(&c, uarg, sizeof(c)))
		return -EFAULT;
	if (strnlen(c.name, sizeof(c.name)) == sizeof(c.name) || c.name[0] == '\0')
		return -EINVAL;
	if (c.vcpus == 0 || c.vcpus > HVKIT_IOREQ_SLOTS)
		return -EINVAL;
	if (c.mem_size == 0 || !PAGE_ALIGNED(c.mem_size))
		return -EINVAL;

	mutex_lock(&f->lock);
	if (f->vm) {
		ret = -EBUSY;
		goto unlock;
	}
	ret = -ENOMEM;
	vm = kzalloc(sizeof(*vm), GFP_KERNEL);
	if (!vm)
		goto unlock;
	mutex_init(&vm->complete_lock);
	vm->vcpus = c.vcpus;
	vm->mem_size = c.mem_size;
	vm->ioreq = (struct hvkit_ioreq_page *)get_zeroed_page(GFP_KERNEL);
	if (!vm->ioreq) {
		hvkit_vm_free(vm);
		goto unlock;
	}

	ret = hvkit_hc_vm_create(c.name, c.vcpus);
	if (ret < 0) {
		hvkit_vm_free(vm);
		goto unlock;
	}
	vm->id = ret;
	ret = hvkit_hc_vm_set_memory(vm->id, 0, c.mem_size, &host);
	if (ret)
		goto destroy;
	/* The VM's RAM must be outside the Service VM's own: it is mapped to user space as raw frames. */
	if (!PAGE_ALIGNED(host) || host + c.mem_size < host ||
	    region_intersects(host, c.mem_size, IORESOURCE_SYSTEM_RAM, IORES_DESC_NONE) != REGION_DISJOINT) {
		pr_err("hvkit: VM %u: the hypervisor put its RAM at %#llx (+%#llx), inside the Service VM's RAM\n",
		       vm->id, host, c.mem_size);
		ret = -EIO;
		goto destroy;
	}
	vm->host_address = host;
	vm->page_registered = true; /* even if the call fails: the page is freed only once the VM is gone */
	ret = hvkit_hc_ioreq_setup(vm->id, vm->ioreq);
	if (ret)
		goto destroy;

	c.id = vm->id;
	if (copy_to_user(&uarg->id, &c.id, sizeof(c.id))) {
		ret = -EFAULT;
		goto destroy;
	}
	atomic_set(&vm->status_seen, atomic_read(&hvkit_hv.upcalls));
	f->vm = vm;
	ret = 0;
	goto unlock;
destroy:
	if (hvkit_vm_teardown(vm, false))
		pr_err("hvkit: VM %u: destroying it after a failed HVKIT_VM_CREATE failed\n", vm->id);
	hvkit_vm_free(vm);
unlock:
	mutex_unlock(&f->lock);
	return ret;
}

/* Refused while the VM's RAM is mapped: the hypervisor gives that RAM, zeroed, to the next VM of the slot. */
static long hvkit_vm_destroy(struct hvkit_vm *vm)
{
	if (atomic_read(&vm->maps))
		return -EBUSY;
	return hvkit_vm_teardown(vm, true);
}

static long hvkit_vcpu_set_state(struct hvkit_vm *vm, const void __user *uarg)
{
	struct hvkit_vcpu_state s;

	if (copy_from_user(&s, uarg, sizeof(s)))
		return -EFAULT;
	if (s.vcpu >= vm->vcpus || s.reserved)
		return -EINVAL;
	if (s.mode != HVKIT_VCPU_MODE_PROTECTED32 && s.mode != HVKIT_VCPU_MODE_LONG64)
		return -EINVAL;
	s.id = vm->id;
	return hvkit_hc_vcpu_set_state(&s);
}

static long hvkit_vm_status(struct hvkit_vm *vm, void __user *uarg)
{
	struct hvkit_vm_status s;
	int ret;

	ret = hvkit_hc_vm_status(vm->id, &s);
	if (ret)
		return ret;
	hvkit_ioreq_note_state(vm, s.state);
	s.id = vm->id;
	return copy_to_user(uarg, &s, sizeof(s)) ? -EFAULT : 0;
}

static long hvkit_inject_irq(struct hvkit_vm *vm, const void __user *uarg)
{
	struct hvkit_irq irq;

	if (copy_from_user(&irq, uarg, sizeof(irq)))
		return -EFAULT;
	if (irq.level > HVKIT_IRQ_PULSE)
		return -EINVAL;
	return hvkit_hc_inject_irq(vm->id, irq.pin, irq.level);
}

static long hvkit_inject_msi(struct hvkit_vm *vm, const void __user *uarg)
{
	struct hvkit_msi msi;

	if (copy_from_user(&msi, uarg, sizeof(msi)))
		return -EFAULT;
	if (msi.reserved)
		return -EINVAL;
	return hvkit_hc_inject_msi(vm->id, msi.address, msi.data);
}

static long hvkit_hv_info(void __user *uarg)
{
	struct hvkit_hv_info info;
	int ret;

	ret = hvkit_hc_hv_info(&info);
	if (ret)
		return ret;
	return copy_to_user(uarg, &info, sizeof(info)) ? -EFAULT : 0;
}

long hvkit_vm_ioctl(struct hvkit_file *f, unsigned int cmd, void __user *arg)
{
	struct hvkit_vm *vm;
	long ret;

	switch (cmd) {
	case HVKIT_HV_INFO:
		return hvkit_hv_info(arg);
	case HVKIT_VM_CREATE:
		return hvkit_vm_create(f, arg);
	case HVKIT_VM_START:
	case HVKIT_VM_PAUSE:
	case HVKIT_VM_RESET:
	case HVKIT_VM_DESTROY:
	case HVKIT_VCPU_SET_STATE:
	case HVKIT_VM_STATUS:
	case HVKIT_INJECT_IRQ:
	case HVKIT_INJECT_MSI:
		break;
	default:
		return -ENOTTY;
	}

	/* Under the file's lock: these ioctls are short, and HVKIT_VM_DESTROY must not race them. */
	mutex_lock(&f->lock);
	vm = f->vm;
	/* Once destroyed, only HVKIT_VM_DESTROY goes on (waiting for the VM to go, after an EINTR). */
	if (!vm || vm->destroyed || (vm->destroying && cmd != HVKIT_VM_DESTROY)) {
		ret = -ENOENT;
		goto out;
	}
	switch (cmd) {
	case HVKIT_VM_START:
	case HVKIT_VM_RESET:
		ret = hvkit_hc_vm_op(cmd == HVKIT_VM_START ? HVKIT_HC_VM_START : HVKIT_HC_VM_RESET, vm->id);
		if (ret >= 0) {
			ret = 0;
			WRITE_ONCE(vm->stopped, false); /* it may stop again; waits work again */
		}
		break;
	case HVKIT_VM_PAUSE:
		ret = hvkit_hc_vm_op(HVKIT_HC_VM_PAUSE, vm->id);
		if (ret > 0)
			ret = 0;
		break;
	case HVKIT_VM_DESTROY:
		ret = hvkit_vm_destroy(vm);
		break;
	case HVKIT_VCPU_SET_STATE:
		ret = hvkit_vcpu_set_state(vm, arg);
		break;
	case HVKIT_VM_STATUS:
		ret = hvkit_vm_status(vm, arg);
		break;
	case HVKIT_INJECT_IRQ:
		ret = hvkit_inject_irq(vm, arg);
		break;
	default: /* HVKIT_INJECT_MSI */
		ret = hvkit_inject_msi(vm, arg);
		break;
	}
out:
	mutex_unlock(&f->lock);
	return ret;
}

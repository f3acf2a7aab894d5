// SPDX-License-Identifier: GPL-2.0-only
/*
 * /dev/hvkit (include/hvkit/abi/hvkit_ioctl.h): a misc device, mode 0600 and CAP_SYS_ADMIN at open.
 * One open file manages at most one post-launched VM; mmap maps that VM's RAM; closing the file (after
 * its last mapping is gone) destroys the VM.
 */
#include <linux/capability.h>
#include <linux/compat.h>
#include <linux/miscdevice.h>
#include <linux/mm.h>
#include <linux/module.h>
#include <linux/slab.h>

#include "hvkit.h"

static int hvkit_open(struct inode *inode, struct file *file)
{
	struct hvkit_file *f;

	if (!capable(CAP_SYS_ADMIN))
		return -EPERM;
	f = kzalloc(sizeof(*f), GFP_KERNEL);
	if (!f)
		return -ENOMEM;
	mutex_init(&f->lock);
	file->private_data = f;
	return 0;
}

/* Runs once every reference to the file is gone, mappings included (each holds one). */
static int hvkit_release(struct inode *inode, struct file *file)
{
	struct hvkit_file *f = file->private_data;

	if (f->vm)
		hvkit_vm_release(f->vm);
	mutex_destroy(&f->lock);
	kfree(f);
	return 0;
}

static long hvkit_ioctl(struct file *file, unsigned int cmd, unsigned long arg)
{
	struct hvkit_file *f = file->private_data;
	void __user *uarg = (void __user *)arg;
	struct hvkit_vm *vm;

	switch (cmd) {
	case HVKIT_IOREQ_WAIT:
	case HVKIT_IOREQ_DONE:
		/* Not under the file's lock: a wait may sleep for long. The VM lives until release, which
		 * cannot run while an ioctl holds the file. */
		vm = hvkit_file_vm(f);
		if (!vm)
			return -ENOENT;
		if (cmd == HVKIT_IOREQ_WAIT)
			return hvkit_ioreq_wait(vm, uarg);
		return hvkit_ioreq_complete(vm, uarg);
	default:
		return hvkit_vm_ioctl(f, cmd, uarg);
	}
}

/* Mappings of a VM's RAM are counted so that HVKIT_VM_DESTROY can refuse while one exists: after the
 * hypervisor frees the RAM it is no longer mapped into the Service VM, and a stale user mapping would
 * touch memory that is not there. */
static void hvkit_vma_open(struct vm_area_struct *vma)
{
	struct hvkit_vm *vm = vma->vm_private_data;

	atomic_inc(&vm->maps);
}

static void hvkit_vma_close(struct vm_area_struct *vma)
{
	struct hvkit_vm *vm = vma->vm_private_data;

	atomic_dec(&vm->maps);
}

static const struct vm_operations_struct hvkit_vm_ops = {
	.open = hvkit_vma_open,
	.close = hvkit_vma_close,
};

static int hvkit_mmap(struct file *file, struct vm_area_struct *vma)
{
	struct hvkit_file *f = file->private_data;
	unsigned long len = vma->vm_end - vma->vm_start;
	unsigned long pages, pfn;
	struct hvkit_vm *vm;
	int ret;

	mutex_lock(&f->lock);
	vm = f->vm;
	if (!vm || vm->destroying) {
		ret = -ENOENT;
		goto out;
	}
	/* A private mapping of the VM's RAM would copy on write: pointless and confusing. */
	ret = -EINVAL;
	if (!(vma->vm_flags & VM_SHARED))
		goto out;
	pages = vm->mem_size >> PAGE_SHIFT;
	if (vma->vm_pgoff >= pages || (len >> PAGE_SHIFT) > pages - vma->vm_pgoff)
		goto out;
	pfn = (vm->host_address >> PAGE_SHIFT) + vma->vm_pgoff;
	ret = remap_pfn_range(vma, vma->vm_start, pfn, len, vma->vm_page_prot);
	if (ret)
		goto out;
	vma->vm_private_data = vm;
	vma->vm_ops = &hvkit_vm_ops;
	atomic_inc(&vm->maps);
out:
	mutex_unlock(&f->lock);
	return ret;
}

static const struct file_operations hvkit_fops = {
	.owner = THIS_MODULE,
	.open = hvkit_open,
	.release = hvkit_release,
	.unlocked_ioctl = hvkit_ioctl,
	.compat_ioctl = compat_ptr_ioctl,
	.mmap = hvkit_mmap,
	.llseek = noop_llseek,
};

static struct miscdevice hvkit_misc = {
	.minor = MISC_DYNAMIC_MINOR,
	.name = "hvkit",
	.fops = &hvkit_fops,
	.mode = 0600,
};

int hvkit_dev_register(void)
{
	return misc_register(&hvkit_misc);
}

void hvkit_dev_unregister(void)
{
	misc_deregister(&hvkit_misc);
}

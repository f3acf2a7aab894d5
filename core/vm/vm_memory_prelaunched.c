/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Images whose VMs are all pre-launched (partition, lapic_pt) create no Service VM and no post-launched
 * VM, so they link none of vm/vm_memory_shared.c: such a VM has no memory here, and no VM's RAM holds a boot
 * module.
 */
#include <boot/boot_info.h>
#include <core/console.h>
#include <core/vm_internal.h>
#include <hvkit/errno.h>

int vm_memory_setup_shared(struct vm *vm, const struct boot_info *bi)
{
	(void)bi;
	hv_error("vm %s: this image runs pre-launched VMs only", vm->name);
	return -HV_ENOSYS;
}

/* A pre-launched VM's RAM holds no boot module: the loader reads it in place. */
int vm_module_view(struct vm *vm, const struct boot_module *m, struct module_view *v)
{
	(void)vm;
	*v = (struct module_view){ plat_phys_to_virt(m->start), (size_t)(m->end - m->start), NULL, 0 };
	return 0;
}

void vm_module_view_done(struct module_view *v)
{
	(void)v;
}

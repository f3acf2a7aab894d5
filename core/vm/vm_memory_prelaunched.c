/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Images whose VMs are all pre-launched (partition, lapic_pt) create no Service VM and no post-launched
 * VM, so they link none of vm/vm_memory_shared.c: such a VM has no memory here.
 */
#include <core/console.h>
#include <core/vm_internal.h>
#include <hvkit/errno.h>

int vm_memory_setup_shared(struct vm *vm, const struct boot_info *bi)
{
	(void)bi;
	hv_error("vm %s: this image runs pre-launched VMs only", vm->name);
	return -HV_ENOSYS;
}

/* SPDX-License-Identifier: BSD-3-Clause */
/* vlapic_destroy: an archive member of its own, which only images that destroy VMs (share, hybrid) pull in. */
#include "vlapic_priv.h"

static void vm_remove(struct vlapic_vm *vm, struct vlapic *vl)
{
	for (unsigned int i = 0; i < vm->nr; i++) {
		if (vm->vcpu[i] == vl) {
			vm->vcpu[i] = vm->vcpu[--vm->nr];
			vm->vcpu[vm->nr] = NULL;
			return;
		}
	}
}

void vlapic_destroy(struct vlapic *vl)
{
	if (vl == NULL || vl->page == NULL)
		return;
	vlapic_timer_reset(vl);
	vm_remove(vl->vm, vl);
	plat_page_free(vl->page, 1);
	vl->page = NULL;
}

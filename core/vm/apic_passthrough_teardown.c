/* SPDX-License-Identifier: BSD-3-Clause */
/* The pass-through model's part of destroying a VM (vm_teardown.c: hybrid's post-launched VMs): an archive
 * member of its own, so that lapic_pt, which destroys no VM, does not link it. */
#include <core/vm_shared.h>

/* Nothing of the VM's own: its vCPUs drive physical LAPICs. */
void vm_apic_teardown(struct vm *vm)
{
	vm->apic = NULL;
}

/* SPDX-License-Identifier: BSD-3-Clause */
/* Destroying an emulated-APIC VM's APIC state (share and hybrid: pre-launched VMs are never destroyed). */
#include <core/vm_shared.h>
#include "apic_emulated.h"

/* After the VM's vCPUs have left for good: the vLAPICs' pages and the VM's APICv pages go back. */
void vm_apic_teardown(struct vm *vm)
{
	struct vm_apic *a = vm->apic;
	if (a == NULL)
		return;
	for (unsigned int i = 0; i < vm->vcpu_count; i++)
		vlapic_destroy(&a->vcpu[i]);
	plat_page_free(a->apic_access_page, 1);
	a->apic_access_page = NULL;
	for (unsigned int i = 0; i < VM_MAX_VCPUS; i++) {
		plat_page_free(a->msr_bitmap[i], 1);
		a->msr_bitmap[i] = NULL;
	}
	vm->apic = NULL;
}

/* SPDX-License-Identifier: BSD-3-Clause */
/* Destroying a VM (core/share's post-launched VMs; a pre-launched VM is never destroyed). */
#include <core/mm.h>
#include <core/vm_shared.h>
#include <ept/pt.h>
#include <ept/pt_ext.h>
#include <string.h>
#include <vmx/vmx_vpid.h>
#include <vmx/vmx_ext.h>

/* Free what vm_build and the VM's life took: called once its vCPUs have left their CPUs for good. */
void vm_teardown(struct vm *vm)
{
	/* The vLAPICs first, while each vCPU still points at its VM: destroying a vLAPIC whose timer is armed
	 * disarms it through the VM's timer table (apic_emulated.c deadline_of). A Linux VM destroyed while it ran
	 * (hvkit-dm killed) faulted here with v->vm already NULL. */
	vm_apic_teardown(vm);
	for (unsigned int i = 0; i < vm->vcpu_count; i++) {
		struct vcpu *v = vm->vcpus[i];
		vcpu_sched_detach(v);
		vmx_vcpu_destroy(&v->vmx);
		plat_page_free(v->fpu_area, 1); /* its FPU state page (fpu_switch.c), after vcpu_fpu_drop on its CPU */
		v->fpu_area = NULL;
		if (v->vmx.vpid)
			vmx_vpid_free(vmx_bringup_vpid_pool(), v->vmx.vpid);
		v->vm = NULL;
		vm->vcpus[i] = NULL;
	}
	plat_page_free(vm->msr_bitmap, 1);
	plat_page_free(vm->io_bitmap_a, 1);
	plat_page_free(vm->io_bitmap_b, 1);
	vm_memory_release(vm);
	vm->vcpu_count = 0;
	vm->state = VM_EMPTY;
}

/* Give back what the VM owns (zeroed) and its EPT. Identity and fixed RAM stay reserved. */
void vm_memory_release(struct vm *vm)
{
	for (unsigned int i = 0; i < vm->region_count; i++) {
		const struct vm_region *r = &vm->regions[i];
		if (r->kind == VM_REGION_OWNED) {
			memset(plat_phys_to_virt(r->hpa), 0, r->size);
			plat_page_free(plat_phys_to_virt(r->hpa), r->size / PAGE_SIZE);
		}
	}
	vm->region_count = 0;
	pt_destroy(&vm->ept);
}

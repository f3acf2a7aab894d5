/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * The memory of the VMs core/share creates (vm/vm_memory.c has the table and pre-launched VMs): the
 * Service VM's RAM identity-mapped with its own BIOS area, post-launched RAM mapped and unmapped at the
 * Service VM's request. Images whose VMs are all pre-launched link vm/vm_memory_prelaunched.c instead.
 */
#include <boot/boot_info.h>
#include <core/console.h>
#include <core/mm.h>
#include <core/vm_shared.h>
#include <ept/ept.h>
#include <guest_loader/guest_mem.h>
#include <hvkit/errno.h>
#include <vacpi/layout.h>
#include <string.h>

int vm_memory_add_owned(struct vm *vm, uint64_t gpa, uint64_t size, uint64_t *hpa)
{
	void *ram = plat_page_alloc(size / PAGE_SIZE);
	if (ram == NULL)
		return -HV_ENOMEM;
	*hpa = plat_virt_to_phys(ram);
	int rc = vm_memory_region_add(vm, gpa, *hpa, size, VM_REGION_OWNED);
	if (rc)
		plat_page_free(ram, size / PAGE_SIZE);
	return rc;
}

/*
 * The Service VM: each range at the same host address. Its pages must be usable RAM that neither the
 * hypervisor nor another VM holds; boot modules there are consumed while it loads (vm_load_kernel
 * copies its own kernel and ramdisk out of the way first).
 */
static int memory_identity(struct vm *vm, const struct boot_info *bi)
{
	const struct vm_config *cfg = vm->cfg;
	for (uint32_t i = 0; i < cfg->mem_count; i++) {
		const struct scenario_range *r = &cfg->mem[i];
		if (guest_ranges_overlap(r->base, r->size, VACPI_AREA_GPA, VACPI_AREA_SIZE)) {
			hv_error("vm %s: RAM range 0x%lx-0x%lx covers the BIOS area 0x%x-0x%x, where its ACPI tables go",
				 vm->name, r->base, r->base + r->size, VACPI_AREA_GPA, VACPI_AREA_GPA + VACPI_AREA_SIZE);
			return -HV_EINVAL;
		}
		if (r->base == 0) {
			/* vm_gpa_to_hpa's "not RAM" is 0: host page 0 is never a guest's. */
			hv_error("vm %s: identity-mapped RAM must not include page 0 (start the range at 0x1000)", vm->name);
			return -HV_EINVAL;
		}
		uint64_t bad = 0;
		int rc = page_alloc_claim(r->base, r->size, bi, &bad);
		if (rc) {
			hv_error("vm %s: identity-mapped RAM 0x%lx-0x%lx: page 0x%lx is not free RAM (the hypervisor, "
				 "firmware or another VM holds it)", vm->name, r->base, r->base + r->size, bad);
			return rc;
		}
		rc = vm_memory_region_add(vm, r->base, r->base, r->size, VM_REGION_IDENTITY);
		if (rc)
			return rc;
	}
	/* Its own BIOS area for the ACPI tables, zeroed. */
	uint64_t hpa = 0;
	int rc = vm_memory_add_owned(vm, VACPI_AREA_GPA, VACPI_AREA_SIZE, &hpa);
	if (rc)
		hv_error("vm %s: no room for its BIOS area", vm->name);
	return rc;
}

int vm_memory_setup_shared(struct vm *vm, const struct boot_info *bi)
{
	if (vm->cfg->load_order == SCENARIO_SERVICE)
		return memory_identity(vm, bi);
	return 0; /* a post-launched VM's RAM comes later, from the Service VM's request (core/share) */
}

/* Map [gpa, gpa + size) to host hpa, memory the caller keeps (a post-launched slot's RAM). */
int vm_memory_map_fixed(struct vm *vm, uint64_t gpa, uint64_t hpa, uint64_t size)
{
	return vm_memory_region_add(vm, gpa, hpa, size, VM_REGION_FIXED);
}

/* Map host [hpa, hpa + size) into the Service VM at the same address (RAM it hands to a device model). */
int vm_memory_map_identity(struct vm *vm, uint64_t hpa, uint64_t size)
{
	return vm_memory_region_add(vm, hpa, hpa, size, VM_REGION_FOREIGN);
}

int vm_memory_unmap(struct vm *vm, uint64_t gpa, uint64_t size)
{
	for (unsigned int i = 0; i < vm->region_count; i++) {
		struct vm_region *r = &vm->regions[i];
		if (r->gpa != gpa || r->size != size)
			continue;
		int rc = pt_unmap(&vm->ept, gpa, size);
		vm->regions[i] = vm->regions[--vm->region_count];
		return rc;
	}
	return -HV_ENOENT;
}

/* A module inside the VM's own RAM is first copied out of the way (vm_internal.h). */
int vm_module_view(struct vm *vm, const struct boot_module *m, struct module_view *v)
{
	size_t size = (size_t)(m->end - m->start);
	*v = (struct module_view){ plat_phys_to_virt(m->start), size, NULL, 0 };
	bool inside = false;
	for (unsigned int i = 0; i < vm->region_count; i++)
		inside |= guest_ranges_overlap(vm->regions[i].hpa, vm->regions[i].size, m->start, size);
	if (!inside)
		return 0;
	v->bounce_pages = (size + PAGE_SIZE - 1) / PAGE_SIZE;
	v->bounce = plat_page_alloc(v->bounce_pages);
	if (v->bounce == NULL) {
		hv_error("vm %s: no room to copy boot module \"%s\" (%lu KiB) out of its RAM", vm->name, m->name,
			 (unsigned long)(size >> 10));
		return -HV_ENOMEM;
	}
	memcpy(v->bounce, v->data, size);
	v->data = v->bounce;
	return 0;
}

void vm_module_view_done(struct module_view *v)
{
	if (v->bounce)
		plat_page_free(v->bounce, v->bounce_pages);
	v->bounce = NULL;
}

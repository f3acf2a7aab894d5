/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * A VM's memory as a table of regions (guest-physical -> host-physical), and the EPT built from it.
 *
 * - pre-launched VMs: the scenario's ranges back to back from host-base (reserved), or allocated;
 * and, in vm/vm_memory_shared.c (images with a Service VM):
 * - the Service VM: its ranges identity-mapped (guest-physical = host-physical), so that its drivers
 *   can hand guest-physical addresses to DMA engines without an IOMMU; plus a BIOS area for its ACPI
 *   tables (0xE0000-0xFFFFF is firmware on the host) and its view of the platform's MMIO;
 * - post-launched VMs: RAM the Service VM asks for (HVKIT_HC_VM_SET_MEMORY), allocated here and freed
 *   (zeroed) when the VM is destroyed.
 */
#include <core/console.h>
#include <core/mm.h>
#include <core/vm_internal.h>
#include <ept/ept.h>
#include <guest_loader/guest_mem.h>
#include <hvkit/errno.h>
#include <string.h>

static const struct pt_prot ram_prot = { PT_PERM_RWX, EPT_MT_WB, 0 };

uint64_t vm_gpa_to_hpa(const struct vm *vm, uint64_t gpa, uint64_t len)
{
	for (unsigned int i = 0; i < vm->region_count; i++) {
		const struct vm_region *r = &vm->regions[i];
		if (gpa >= r->gpa && len <= r->size && gpa - r->gpa <= r->size - len)
			return r->hpa + (gpa - r->gpa);
	}
	return 0;
}

uint64_t vm_ram_size(const struct vm *vm)
{
	uint64_t total = 0;
	for (unsigned int i = 0; i < vm->region_count; i++)
		if (vm->regions[i].kind != VM_REGION_FOREIGN)
			total += vm->regions[i].size;
	return total;
}

int vm_memory_region_add(struct vm *vm, uint64_t gpa, uint64_t hpa, uint64_t size, enum vm_region_kind kind)
{
	if (vm->region_count >= VM_MAX_REGIONS)
		return -HV_ENOMEM;
	for (unsigned int i = 0; i < vm->region_count; i++) {
		const struct vm_region *r = &vm->regions[i];
		if (gpa < r->gpa + r->size && r->gpa < gpa + size)
			return -HV_EEXIST;
	}
	int rc = pt_map(&vm->ept, gpa, hpa, size, &ram_prot);
	if (rc)
		return rc;
	vm->regions[vm->region_count++] = (struct vm_region){ gpa, hpa, size, kind };
	return 0;
}

static int vm_ept_create(struct vm *vm)
{
	const struct vmx_caps *caps = vmx_bringup_caps();
	int rc = ept_create(&vm->ept, caps->ept_vpid_cap, 46);
	rc = rc ? rc : ept_eptp(&vm->ept, caps->ept_vpid_cap, false, &vm->eptp);
	if (rc)
		hv_error("vm %s: building its EPT failed (error %d)", vm->name, rc);
	return rc;
}

/* A VM without host-base: its RAM in one contiguous allocation, freed with the VM. */
static int host_range_alloc(struct vm *vm, struct scenario_range *host)
{
	const struct vm_config *cfg = vm->cfg;
	uint64_t total = 0;
	for (uint32_t i = 0; i < cfg->mem_count; i++)
		total += cfg->mem[i].size;
	void *ram = plat_page_alloc(total / PAGE_SIZE);
	if (ram == NULL) {
		hv_error("vm %s: no %lu MiB of contiguous free RAM for it", vm->name, total >> 20);
		return -HV_ENOMEM;
	}
	*host = (struct scenario_range){ plat_virt_to_phys(ram), total };
	return 0;
}

/* The scenario's host-base range, reserved for the VM. */
static int host_range_reserve(const struct vm *vm, const struct scenario_range *host)
{
	if (page_alloc_reserve(host->base, host->size) == 0)
		return 0;
	hv_error("vm %s: its host RAM 0x%lx-0x%lx is not free (the hypervisor, a boot module, "
		 "firmware or another VM uses part of it)", vm->name, host->base, host->base + host->size);
	return -HV_EBUSY;
}

/* The scenario's ranges back to back in one host range: from host-base, or allocated. */
static int memory_from_scenario(struct vm *vm)
{
	const struct vm_config *cfg = vm->cfg;
	struct scenario_range host = scenario_vm_host_range(cfg);
	enum vm_region_kind kind = host.size == 0 ? VM_REGION_OWNED : VM_REGION_FIXED;
	int rc = host.size == 0 ? host_range_alloc(vm, &host) : host_range_reserve(vm, &host);
	if (rc)
		return rc;
	memset(plat_phys_to_virt(host.base), 0, host.size);
	uint64_t offset = 0;
	for (uint32_t i = 0; i < cfg->mem_count; i++) {
		rc = vm_memory_region_add(vm, cfg->mem[i].base, host.base + offset, cfg->mem[i].size, kind);
		if (rc)
			return rc;
		/* An owned allocation is freed once, through its first region. */
		kind = kind == VM_REGION_OWNED ? VM_REGION_OWNED_TAIL : kind;
		offset += cfg->mem[i].size;
	}
	return 0;
}

int vm_memory_setup(struct vm *vm, const struct boot_info *bi)
{
	int rc = vm_ept_create(vm);
	if (rc)
		return rc;
	if (vm->cfg->load_order != SCENARIO_PRE_LAUNCHED)
		return vm_memory_setup_shared(vm, bi); /* vm/vm_memory_shared.c, or none in this image */
	return memory_from_scenario(vm);
}

static int vm_guest_zero(void *ctx, uint64_t gpa, size_t len)
{
	uint64_t hpa = vm_gpa_to_hpa(ctx, gpa, len);
	if (hpa == 0)
		return -HV_ERANGE;
	memset(plat_phys_to_virt(hpa), 0, len);
	return 0;
}

void vm_guest_mem(struct vm *vm, struct guest_mem *mem, struct guest_mem_range *ranges, unsigned int max)
{
	unsigned int n = 0;
	for (unsigned int i = 0; i < vm->region_count && n < max; i++)
		if (vm->regions[i].kind != VM_REGION_FOREIGN)
			ranges[n++] = (struct guest_mem_range){ vm->regions[i].gpa, vm->regions[i].size };
	*mem = (struct guest_mem){
		.ctx = vm, .write = vm_guest_write, .zero = vm_guest_zero,
		.ram_size = vm_ram_size(vm), .ranges = ranges, .range_count = n,
	};
}

int vm_guest_write(void *ctx, uint64_t gpa, const void *src, size_t len)
{
	uint64_t hpa = vm_gpa_to_hpa(ctx, gpa, len);
	if (hpa == 0)
		return -HV_ERANGE;
	memcpy(plat_phys_to_virt(hpa), src, len);
	return 0;
}

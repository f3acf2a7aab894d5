/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Claiming a given physical range (the Service VM's identity-mapped RAM, core/vm/vm_memory_shared.c): a
 * unit of its own beside page_alloc.c, linked with the Service VM's memory (core_vm_shared_lib) only; also the
 * free-page count the Service VM asks for.
 */
#include <core/mm.h>
#include <hvkit/errno.h>
#include "page_alloc_internal.h"

/* Is [pa, pa + PAGE_SIZE) usable RAM by the memory map and clear of the image? (Modules do not count.) */
static bool page_is_ram(const struct boot_info *bi, uint64_t pa)
{
	bool usable = false;
	for (uint32_t i = 0; i < bi->mem_range_count; i++) {
		const struct boot_mem_range *r = &bi->mem_ranges[i];
		if (r->type != BOOT_MEM_USABLE && page_overlaps(r->base, r->length, pa))
			return false;
		if (r->type == BOOT_MEM_USABLE && page_holds(r->base, r->length, pa))
			usable = true;
	}
	uint64_t img = (uint64_t)(uintptr_t)__image_start;
	return usable && !page_overlaps(img, (uint64_t)(uintptr_t)__image_end - img, pa);
}

/*
 * Below 1 MiB the allocator gives nothing out: the memory map decides. A module's page is used but may be
 * claimed (its VM consumes the modules in its RAM while it loads).
 */
static bool page_claimable(const struct boot_info *bi, uint64_t pa)
{
	return page_is_ram(bi, pa) &&
	       (pa < (1ull << 20) || !page_alloc_used(pa / PAGE_SIZE) || page_in_module(bi, pa));
}

int page_alloc_claim(uint64_t base, uint64_t len, const struct boot_info *bi, uint64_t *bad)
{
	if ((base | len) & (PAGE_SIZE - 1) || len == 0 || base + len > HV_MAX_PHYS)
		return -HV_EINVAL;
	plat_lock(&page_alloc_lock);
	for (uint64_t pa = base; pa < base + len; pa += PAGE_SIZE) {
		if (!page_claimable(bi, pa)) {
			*bad = pa;
			plat_unlock(&page_alloc_lock);
			return -HV_EBUSY;
		}
	}
	page_alloc_set(base, len, true);
	plat_unlock(&page_alloc_lock);
	return 0;
}

uint64_t page_alloc_free_pages(void)
{
	return page_alloc_free;
}

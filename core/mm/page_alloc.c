/* SPDX-License-Identifier: BSD-3-Clause */
/* A bitmap page allocator over physical memory below HV_MAX_PHYS; one bit per 4 KiB page. */
#include <core/console.h>
#include <core/mm.h>
#include <hvkit/errno.h>
#include <hvkit/platform.h>
#include <string.h>
#include "page_alloc_internal.h"

#define NPAGES (HV_MAX_PHYS / PAGE_SIZE)

static uint64_t used_map[NPAGES / 64]; /* 1 = used or not RAM */
uint64_t page_alloc_free;
static uint64_t search_hint;
plat_lock_t page_alloc_lock;


bool page_alloc_used(uint64_t pfn)
{
	return (used_map[pfn / 64] >> (pfn % 64)) & 1;
}

void page_alloc_set(uint64_t base, uint64_t len, bool used)
{
	uint64_t first = base / PAGE_SIZE;
	uint64_t last = (base + len + PAGE_SIZE - 1) / PAGE_SIZE;
	if (last > NPAGES)
		last = NPAGES;
	for (uint64_t pfn = first; pfn < last; pfn++) {
		if (page_alloc_used(pfn) == used)
			continue;
		if (used) {
			used_map[pfn / 64] |= 1ull << (pfn % 64);
			page_alloc_free--;
		} else {
			used_map[pfn / 64] &= ~(1ull << (pfn % 64));
			page_alloc_free++;
		}
	}
}

uint64_t page_alloc_init(const struct boot_info *bi)
{
	memset(used_map, 0xff, sizeof(used_map));
	page_alloc_free = 0;
	/* Free only whole usable pages. */
	for (uint32_t i = 0; i < bi->mem_range_count; i++) {
		const struct boot_mem_range *r = &bi->mem_ranges[i];
		if (r->type != BOOT_MEM_USABLE)
			continue;
		uint64_t start = (r->base + PAGE_SIZE - 1) & ~(PAGE_SIZE - 1);
		uint64_t end = (r->base + r->length) & ~(PAGE_SIZE - 1);
		if (end > start)
			page_alloc_set(start, end - start, false);
	}
	/* Then take back everything that is not ours to give. Overlapping reserved ranges win. */
	for (uint32_t i = 0; i < bi->mem_range_count; i++) {
		const struct boot_mem_range *r = &bi->mem_ranges[i];
		if (r->type != BOOT_MEM_USABLE)
			page_alloc_set(r->base & ~(PAGE_SIZE - 1), r->length + (r->base & (PAGE_SIZE - 1)), true);
	}
	page_alloc_set(0, 1ull << 20, true);
	uint64_t img = (uint64_t)(uintptr_t)__image_start;
	page_alloc_set(img, (uint64_t)(uintptr_t)__image_end - img, true);
	for (uint32_t i = 0; i < bi->module_count; i++) {
		const struct boot_module *m = &bi->modules[i];
		page_alloc_set(m->start & ~(PAGE_SIZE - 1), m->end - (m->start & ~(PAGE_SIZE - 1)), true);
	}
	search_hint = 0;
	return page_alloc_free;
}

int page_alloc_reserve(uint64_t base, uint64_t len)
{
	if ((base | len) & (PAGE_SIZE - 1) || len == 0 || base + len > HV_MAX_PHYS)
		return -HV_EINVAL;
	plat_lock(&page_alloc_lock);
	for (uint64_t pfn = base / PAGE_SIZE; pfn < (base + len) / PAGE_SIZE; pfn++) {
		if (page_alloc_used(pfn)) {
			plat_unlock(&page_alloc_lock);
			return -HV_EBUSY;
		}
	}
	page_alloc_set(base, len, true);
	plat_unlock(&page_alloc_lock);
	return 0;
}

/* Does [base, base + len) overlap, or hold all of, the page at pa? */
bool page_overlaps(uint64_t base, uint64_t len, uint64_t pa)
{
	return base < pa + PAGE_SIZE && pa < base + len;
}

bool page_holds(uint64_t base, uint64_t len, uint64_t pa)
{
	return base <= pa && pa + PAGE_SIZE <= base + len;
}

bool page_in_module(const struct boot_info *bi, uint64_t pa)
{
	for (uint32_t i = 0; i < bi->module_count; i++)
		if (page_overlaps(bi->modules[i].start, bi->modules[i].end - bi->modules[i].start, pa))
			return true;
	return false;
}

/* By the memory map: the last range holding the page decides, and any non-usable range touching it refuses. */
static bool low_page_usable(const struct boot_info *bi, uint64_t pa)
{
	bool usable = false;
	for (uint32_t i = 0; i < bi->mem_range_count; i++) {
		const struct boot_mem_range *r = &bi->mem_ranges[i];
		if (page_holds(r->base, r->length, pa))
			usable = r->type == BOOT_MEM_USABLE;
		if (r->type != BOOT_MEM_USABLE && page_overlaps(r->base, r->length, pa))
			return false;
	}
	return usable;
}

uint64_t page_alloc_low_page(const struct boot_info *bi)
{
	/* Any page that the memory map calls usable between 4 KiB and 640 KiB, none of a module. */
	for (uint64_t pa = 0x8000; pa < 0x9f000; pa += PAGE_SIZE)
		if (low_page_usable(bi, pa) && !page_in_module(bi, pa))
			return pa;
	return 0;
}

void *plat_page_alloc(size_t npages)
{
	if (npages == 0)
		return NULL;
	plat_lock(&page_alloc_lock);
	uint64_t run = 0;
	for (uint64_t n = 0; n < NPAGES; n++) {
		uint64_t pfn = (search_hint + n) % NPAGES;
		if (pfn == 0)
			run = 0;
		if (page_alloc_used(pfn)) {
			run = 0;
			continue;
		}
		if (++run == npages) {
			uint64_t first = pfn + 1 - npages;
			page_alloc_set(first * PAGE_SIZE, npages * PAGE_SIZE, true);
			search_hint = pfn + 1;
			plat_unlock(&page_alloc_lock);
			void *va = (void *)(uintptr_t)(first * PAGE_SIZE);
			memset(va, 0, npages * PAGE_SIZE);
			return va;
		}
	}
	plat_unlock(&page_alloc_lock);
	return NULL;
}

void plat_page_free(void *va, size_t npages)
{
	if (va == NULL || npages == 0)
		return;
	plat_lock(&page_alloc_lock);
	page_alloc_set((uint64_t)(uintptr_t)va, npages * PAGE_SIZE, false);
	plat_unlock(&page_alloc_lock);
}

/* SPDX-License-Identifier: BSD-3-Clause */
/* Physical page allocator and the hypervisor's own page tables. */
#ifndef HVKIT_CORE_MM_H
#define HVKIT_CORE_MM_H

#include <boot/boot_info.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define PAGE_SIZE 4096ull
#define HV_MAX_PHYS (16ull << 30) /* RAM above this is ignored (README: limits) */

/*
 * Feed the allocator from the memory map: only BOOT_MEM_USABLE RAM, minus the first MiB,
 * the image, the boot modules and the boot information. Returns the number of free pages.
 */
uint64_t page_alloc_init(const struct boot_info *bi);
/* Take [base, base+len) out of the free pool; fails (-HV_EBUSY) if any page is not free. */
int page_alloc_reserve(uint64_t base, uint64_t len);
/* Take [base, base+len) for a VM that maps it at the same guest-physical address: every page must be
 * usable RAM (by the memory map) outside the image, and free or a boot module's. *bad: the first page
 * that is not (-HV_EBUSY). */
int page_alloc_claim(uint64_t base, uint64_t len, const struct boot_info *bi, uint64_t *bad);
/* A free page below 1 MiB for the AP trampoline (0 if none). */
uint64_t page_alloc_low_page(const struct boot_info *bi);
/* Free pages now (core/mm/page_alloc_claim.c: share and hybrid). */
uint64_t page_alloc_free_pages(void);

/* Build and load the hypervisor's page tables: W^X, NX everywhere but .text, guard pages. */
void paging_init(const struct boot_info *bi);
/* Load the same tables on an application processor. */
void paging_load(void);

#endif

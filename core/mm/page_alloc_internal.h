/* SPDX-License-Identifier: BSD-3-Clause */
/* What page_alloc.c shares with page_alloc_claim.c (share and hybrid only): the bitmap, its lock, and the page tests (PAGE_SIZE pages). */
#ifndef HVKIT_CORE_MM_PAGE_ALLOC_INTERNAL_H
#define HVKIT_CORE_MM_PAGE_ALLOC_INTERNAL_H

#include <boot/boot_info.h>
#include <hvkit/platform.h>

extern plat_lock_t page_alloc_lock;
extern uint64_t page_alloc_free; /* free pages */
extern char __image_start[], __image_end[];
/* Is the page used (allocated, reserved or not RAM)? */
bool page_alloc_used(uint64_t pfn);
/* Mark [base, base + len) used or free, keeping the free count. */
void page_alloc_set(uint64_t base, uint64_t len, bool used);
/* Does [base, base + len) overlap the page at pa? Hold all of it? Does a boot module overlap it? */
bool page_overlaps(uint64_t base, uint64_t len, uint64_t pa);
bool page_holds(uint64_t base, uint64_t len, uint64_t pa);
bool page_in_module(const struct boot_info *bi, uint64_t pa);

#endif

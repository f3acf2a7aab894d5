/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * UEFI memory map -> struct boot_mem_range list. Pure code (host-testable).
 *
 * Type policy:
 *   EfiConventionalMemory, EfiBootServicesCode/Data, EfiLoaderCode -> BOOT_MEM_USABLE
 *   EfiLoaderData -> BOOT_MEM_RESERVED (the hypervisor image, boot_info, the page
 *                    tables of the hand-off and the modules all live there)
 *   EfiACPIReclaimMemory -> BOOT_MEM_ACPI_RECLAIM, EfiACPIMemoryNVS -> BOOT_MEM_ACPI_NVS
 *   EfiUnusableMemory -> BOOT_MEM_BAD, everything else -> BOOT_MEM_RESERVED
 * The result is sorted by base; adjacent ranges of the same type are merged.
 */
#ifndef HVKIT_UEFI_MEMMAP_H
#define HVKIT_UEFI_MEMMAP_H

#include <stddef.h>
#include <stdint.h>

#include <boot/boot_info.h>

/* The UEFI memory types by their specification numbers. */
enum uefi_mem_type {
	UEFI_RESERVED = 0,
	UEFI_LOADER_CODE = 1,
	UEFI_LOADER_DATA = 2,
	UEFI_BS_CODE = 3,
	UEFI_BS_DATA = 4,
	UEFI_CONVENTIONAL = 7,
	UEFI_UNUSABLE = 8,
	UEFI_ACPI_RECLAIM = 9,
	UEFI_ACPI_NVS = 10,
};

uint32_t uefi_to_boot_mem_type(uint32_t uefi_type);

/*
 * Converts `map_size` bytes of EFI_MEMORY_DESCRIPTORs, `desc_size` bytes apart
 * (the stride GetMemoryMap returned, not sizeof), into out[0..*count).
 * Returns 0, or -1 if more than `max` ranges would be needed.
 */
int uefi_memmap_convert(const void *map, size_t map_size, size_t desc_size, struct boot_mem_range *out,
			uint32_t max, uint32_t *count);

/*
 * Gives [base, base + length) the type `type` in the sorted list out[0..*count),
 * splitting the ranges it cuts and merging again. Returns 0, or -1 if more than
 * `max` ranges would be needed (the list is then unchanged).
 */
int boot_mem_mark(struct boot_mem_range *out, uint32_t max, uint32_t *count, uint64_t base, uint64_t length,
		  uint32_t type);

#endif

/* SPDX-License-Identifier: BSD-3-Clause */
/* Multiboot v1 pieces shared by the loader's files. */
#ifndef GUEST_LOADER_MULTIBOOT_INTERNAL_H
#define GUEST_LOADER_MULTIBOOT_INTERNAL_H

#include <stddef.h>
#include <stdint.h>

#include <guest_loader/guest_loader.h>

#include "segments.h"

#define MB_HEADER_MAGIC 0x1badb002u
#define MB_BOOT_MAGIC 0x2badb002u
#define MB_SEARCH_LIMIT 8192u /* spec 3.1.1: the header lies within the first 8192 bytes */

/* Header flags (spec 3.1.2); bits 0-15 are requirements a loader must refuse if it cannot meet them. */
#define MB_FLAG_PAGE_ALIGN (1u << 0)
#define MB_FLAG_MEMORY_INFO (1u << 1)
#define MB_FLAG_VIDEO_MODE (1u << 2)
#define MB_FLAG_AOUT_KLUDGE (1u << 16)
#define MB_FLAGS_REQUIRED_MASK 0x0000ffffu
#define MB_FLAGS_SUPPORTED (MB_FLAG_PAGE_ALIGN | MB_FLAG_MEMORY_INFO)

struct mb_header {
	size_t offset; /* in the file */
	uint32_t flags;
	uint32_t header_addr, load_addr, load_end_addr, bss_end_addr, entry_addr;
};

/* Find a header with a valid checksum. 0, or -HV_EINVAL (none; logged: no magic or bad checksum). */
int mb_find_header(const uint8_t *img, size_t size, struct mb_header *h);

/* The one segment the a.out-kludge address fields describe (spec 3.1.3). 0 or -HV_EINVAL. */
int mb_aout_segments(const struct mb_header *h, size_t size, struct load_segs *out);

/* Where the ramdisk module goes; what the information structure needs. */
struct mb_info_plan {
	uint64_t info_gpa;   /* the 4 KiB information area (GUEST_BOOTINFO_SIZE) */
	uint64_t module_gpa; /* valid when the ramdisk is non-empty */
	const char *cmdline;
	const char *module_name;
};

/* KiB of RAM from 0 up to 640 KiB, and from 1 MiB up to the first gap (mem_lower/mem_upper; mem_kib.c). */
uint32_t low_mem_kib(const struct guest_mem *m);
uint32_t upper_mem_kib(const struct guest_mem *m);

/* Build the Multiboot information structure in the info area (spec 3.3). */
int mb_write_info(const struct guest_load_params *p, const struct mb_info_plan *plan);

#endif

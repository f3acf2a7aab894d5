/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Checking the embedded hypervisor ELF and planning where its PT_LOAD segments go.
 * Pure code (no UEFI calls), so the host unit tests run it too.
 */
#ifndef HVKIT_UEFI_ELF_IMAGE_H
#define HVKIT_UEFI_ELF_IMAGE_H

#include <stddef.h>
#include <stdint.h>

#define HV_ELF_MAX_SEGMENTS 16
#define HV_PAGE_SIZE 4096ull
#define HV_LOW_LIMIT 0x100000000ull /* segments must end at or below 4 GiB */

struct hv_segment {
	uint64_t paddr;  /* == p_vaddr */
	uint64_t memsz;
	uint64_t offset; /* in the ELF file */
	uint64_t filesz;
};

/* A run of whole pages the loader allocates at a fixed address. */
struct hv_page_run {
	uint64_t base;
	uint64_t pages;
};

struct hv_elf_plan {
	uint64_t entry;
	size_t seg_count;
	struct hv_segment seg[HV_ELF_MAX_SEGMENTS]; /* sorted by paddr */
	size_t run_count;
	struct hv_page_run run[HV_ELF_MAX_SEGMENTS]; /* sorted, disjoint, not touching */
	/* On an error about segments: the indices into seg[] it is about (or -1). */
	int bad_a, bad_b;
};

/*
 * Validates an ELF64 image of `size` bytes: x86-64, little endian, ET_EXEC,
 * PT_LOAD segments with p_paddr == p_vaddr, p_filesz <= p_memsz, file bytes
 * inside the file, not overlapping each other, ending at or below 4 GiB, and
 * e_entry inside an executable segment. Fills `plan` on success.
 * Returns NULL on success, otherwise a short English reason.
 */
const char *hv_elf_plan(const void *image, size_t size, struct hv_elf_plan *plan);

#endif

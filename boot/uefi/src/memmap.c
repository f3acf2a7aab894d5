/* SPDX-License-Identifier: BSD-3-Clause */
#include "memmap.h"

#include <string.h>

/* EFI_MEMORY_DESCRIPTOR as the UEFI specification lays it out. */
struct uefi_mem_desc {
	uint32_t type;
	uint32_t pad;
	uint64_t physical_start;
	uint64_t virtual_start;
	uint64_t number_of_pages;
	uint64_t attribute;
};

/* The UEFI memory types that are not reserved once boot services end (UEFI spec 7.2, GetMemoryMap). */
static const struct {
	uint32_t uefi, boot;
} MEM_TYPES[] = {
	{ UEFI_CONVENTIONAL, BOOT_MEM_USABLE },
	{ UEFI_BS_CODE, BOOT_MEM_USABLE },
	{ UEFI_BS_DATA, BOOT_MEM_USABLE },
	{ UEFI_LOADER_CODE, BOOT_MEM_USABLE },
	{ UEFI_ACPI_RECLAIM, BOOT_MEM_ACPI_RECLAIM },
	{ UEFI_ACPI_NVS, BOOT_MEM_ACPI_NVS },
	{ UEFI_UNUSABLE, BOOT_MEM_BAD },
};

uint32_t uefi_to_boot_mem_type(uint32_t uefi_type)
{
	for (size_t i = 0; i < sizeof(MEM_TYPES) / sizeof(MEM_TYPES[0]); i++)
		if (MEM_TYPES[i].uefi == uefi_type)
			return MEM_TYPES[i].boot;
	return BOOT_MEM_RESERVED;
}

static int can_merge(const struct boot_mem_range *a, const struct boot_mem_range *b)
{
	return a->type == b->type && a->base + a->length == b->base;
}

/* GNU-EFI's library has no memmove: shift array elements by one, either way. */
static void shift_up(struct boot_mem_range *out, uint32_t from, uint32_t n)
{
	for (uint32_t j = n; j > from; j--)
		out[j] = out[j - 1];
}

static void shift_down(struct boot_mem_range *out, uint32_t from, uint32_t n)
{
	for (uint32_t j = from; j + 1 < n; j++)
		out[j] = out[j + 1];
}

/* r extends out[i - 1]; then out[i - 1] may also reach out[i], which it absorbs. */
static void merge_into_lower(struct boot_mem_range *out, uint32_t *n, uint32_t i, struct boot_mem_range r)
{
	out[i - 1].length += r.length;
	if (i < *n && can_merge(&out[i - 1], &out[i])) {
		out[i - 1].length += out[i].length;
		shift_down(out, i, *n);
		(*n)--;
	}
}

/* Merges r into its neighbour below (out[i - 1]) or above (out[i]) when they touch and match; false if neither. */
static int merge_neighbour(struct boot_mem_range *out, uint32_t *n, uint32_t i, struct boot_mem_range r)
{
	if (i > 0 && can_merge(&out[i - 1], &r)) {
		merge_into_lower(out, n, i, r);
		return 1;
	}
	if (i < *n && can_merge(&r, &out[i])) {
		out[i].base = r.base;
		out[i].length += r.length;
		return 1;
	}
	return 0;
}

/* Inserts r into the sorted list out[0..n), merging with its neighbours. */
static int insert_range(struct boot_mem_range *out, uint32_t max, uint32_t *n, struct boot_mem_range r)
{
	uint32_t i = *n;

	while (i > 0 && out[i - 1].base > r.base)
		i--;
	if (merge_neighbour(out, n, i, r))
		return 0;
	if (*n == max)
		return -1;
	shift_up(out, i, *n);
	out[i] = r;
	(*n)++;
	return 0;
}

int uefi_memmap_convert(const void *map, size_t map_size, size_t desc_size, struct boot_mem_range *out,
			uint32_t max, uint32_t *count)
{
	*count = 0;
	if (desc_size < sizeof(struct uefi_mem_desc))
		return -1;
	for (size_t off = 0; off + desc_size <= map_size; off += desc_size) {
		struct uefi_mem_desc d;
		memcpy(&d, (const uint8_t *)map + off, sizeof(d));
		if (d.number_of_pages == 0)
			continue;
		struct boot_mem_range r = {
			.base = d.physical_start,
			.length = d.number_of_pages * 4096ull,
			.type = uefi_to_boot_mem_type(d.type),
		};
		if (insert_range(out, max, count, r) != 0)
			return -1;
	}
	return 0;
}

/* The parts of r below base and above end, inserted into out[0..*n). */
static int keep_outside(struct boot_mem_range *out, uint32_t max, uint32_t *n, const struct boot_mem_range *r,
			uint64_t base, uint64_t end)
{
	uint64_t r_end = r->base + r->length;
	if (r->base < base) {
		struct boot_mem_range lo = {r->base, (r_end < base ? r_end : base) - r->base, r->type, 0};
		if (insert_range(out, max, n, lo) != 0)
			return -1;
	}
	if (r_end > end) {
		uint64_t b = r->base > end ? r->base : end;
		struct boot_mem_range hi = {b, r_end - b, r->type, 0};
		if (insert_range(out, max, n, hi) != 0)
			return -1;
	}
	return 0;
}

int boot_mem_mark(struct boot_mem_range *out, uint32_t max, uint32_t *count, uint64_t base, uint64_t length,
		  uint32_t type)
{
	static struct boot_mem_range old[BOOT_MAX_MEM_RANGES];
	uint64_t end = base + length;
	uint32_t old_count = *count, n = 0;

	if (old_count > BOOT_MAX_MEM_RANGES || max > BOOT_MAX_MEM_RANGES)
		return -1;
	memcpy(old, out, old_count * sizeof(*out));
	for (uint32_t i = 0; i < old_count; i++) {
		if (keep_outside(out, max, &n, &old[i], base, end) != 0)
			goto overflow;
	}
	if (length && insert_range(out, max, &n, (struct boot_mem_range){base, length, type, 0}) != 0)
		goto overflow;
	*count = n;
	return 0;
overflow:
	memcpy(out, old, old_count * sizeof(*out));
	return -1;
}

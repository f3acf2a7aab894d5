/* SPDX-License-Identifier: BSD-3-Clause */
/* UEFI memory map conversion and range marking. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "memmap.h"

/* Descriptors 48 bytes apart, as firmware often lays them out (larger than the structure). */
#define STRIDE 48
static uint8_t map[64 * STRIDE];
static size_t map_len;
static struct boot_mem_range out[BOOT_MAX_MEM_RANGES];
static uint32_t count;

static void add(uint32_t type, uint64_t base, uint64_t pages)
{
	uint8_t *d = map + map_len;
	memset(d, 0xee, STRIDE);
	memcpy(d, &type, 4);
	memcpy(d + 8, &base, 8);
	memcpy(d + 24, &pages, 8);
	map_len += STRIDE;
}

static void expect(uint32_t i, uint64_t base, uint64_t len, uint32_t type)
{
	assert_true(i < count);
	assert_int_equal(out[i].base, base);
	assert_int_equal(out[i].length, len);
	assert_int_equal(out[i].type, type);
}

static void types(void **state)
{
	(void)state;
	assert_int_equal(uefi_to_boot_mem_type(UEFI_CONVENTIONAL), BOOT_MEM_USABLE);
	assert_int_equal(uefi_to_boot_mem_type(UEFI_BS_CODE), BOOT_MEM_USABLE);
	assert_int_equal(uefi_to_boot_mem_type(UEFI_BS_DATA), BOOT_MEM_USABLE);
	assert_int_equal(uefi_to_boot_mem_type(UEFI_LOADER_CODE), BOOT_MEM_USABLE);
	assert_int_equal(uefi_to_boot_mem_type(UEFI_LOADER_DATA), BOOT_MEM_RESERVED);
	assert_int_equal(uefi_to_boot_mem_type(UEFI_ACPI_RECLAIM), BOOT_MEM_ACPI_RECLAIM);
	assert_int_equal(uefi_to_boot_mem_type(UEFI_ACPI_NVS), BOOT_MEM_ACPI_NVS);
	assert_int_equal(uefi_to_boot_mem_type(UEFI_UNUSABLE), BOOT_MEM_BAD);
	assert_int_equal(uefi_to_boot_mem_type(6 /* runtime data */), BOOT_MEM_RESERVED);
	assert_int_equal(uefi_to_boot_mem_type(11 /* MMIO */), BOOT_MEM_RESERVED);
	assert_int_equal(uefi_to_boot_mem_type(1234), BOOT_MEM_RESERVED);
}

static void sorts_and_merges(void **state)
{
	(void)state;
	map_len = 0;
	add(UEFI_BS_DATA, 0x3000, 1);      /* usable, bridges the two below */
	add(UEFI_CONVENTIONAL, 0x0, 3);
	add(UEFI_LOADER_DATA, 0x10000, 2);
	add(UEFI_BS_CODE, 0x4000, 4);
	add(UEFI_ACPI_NVS, 0x12000, 1);
	add(UEFI_CONVENTIONAL, 0x20000, 0); /* empty: dropped */
	assert_int_equal(uefi_memmap_convert(map, map_len, STRIDE, out, BOOT_MAX_MEM_RANGES, &count), 0);
	assert_int_equal(count, 3);
	expect(0, 0x0, 0x8000, BOOT_MEM_USABLE);
	expect(1, 0x10000, 0x2000, BOOT_MEM_RESERVED);
	expect(2, 0x12000, 0x1000, BOOT_MEM_ACPI_NVS);
}

static void too_many(void **state)
{
	(void)state;
	map_len = 0;
	for (int i = 0; i < 5; i++)
		add(i % 2 ? UEFI_CONVENTIONAL : UEFI_LOADER_DATA, (uint64_t)i * 0x1000, 1);
	assert_int_equal(uefi_memmap_convert(map, map_len, STRIDE, out, 4, &count), -1);
	assert_int_equal(uefi_memmap_convert(map, map_len, STRIDE, out, 5, &count), 0);
	assert_int_equal(uefi_memmap_convert(map, map_len, 16, out, 5, &count), -1); /* stride too small */
}

static void mark(void **state)
{
	(void)state;
	map_len = 0;
	add(UEFI_CONVENTIONAL, 0x0, 0x10);
	add(UEFI_BS_DATA, 0x10000, 0x10);
	assert_int_equal(uefi_memmap_convert(map, map_len, STRIDE, out, BOOT_MAX_MEM_RANGES, &count), 0);
	assert_int_equal(count, 1);
	/* Cut a reserved hole in the middle. */
	assert_int_equal(boot_mem_mark(out, BOOT_MAX_MEM_RANGES, &count, 0x8000, 0x4000, BOOT_MEM_RESERVED), 0);
	assert_int_equal(count, 3);
	expect(0, 0x0, 0x8000, BOOT_MEM_USABLE);
	expect(1, 0x8000, 0x4000, BOOT_MEM_RESERVED);
	expect(2, 0xc000, 0x14000, BOOT_MEM_USABLE);
	/* Marking it usable again merges everything back. */
	assert_int_equal(boot_mem_mark(out, BOOT_MAX_MEM_RANGES, &count, 0x8000, 0x4000, BOOT_MEM_USABLE), 0);
	assert_int_equal(count, 1);
	expect(0, 0x0, 0x20000, BOOT_MEM_USABLE);
	/* A range covering ends and more. */
	assert_int_equal(boot_mem_mark(out, BOOT_MAX_MEM_RANGES, &count, 0x1c000, 0x8000, BOOT_MEM_RESERVED), 0);
	assert_int_equal(count, 2);
	expect(1, 0x1c000, 0x8000, BOOT_MEM_RESERVED);
	/* No room for the split: unchanged. */
	assert_int_equal(boot_mem_mark(out, 3, &count, 0x1000, 0x1000, BOOT_MEM_RESERVED), -1);
	assert_int_equal(count, 2);
	expect(0, 0x0, 0x1c000, BOOT_MEM_USABLE);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(types),
		cmocka_unit_test(sorts_and_merges),
		cmocka_unit_test(too_many),
		cmocka_unit_test(mark),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}

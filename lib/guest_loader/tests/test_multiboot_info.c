/* SPDX-License-Identifier: BSD-3-Clause */
/* The Multiboot information structure (spec 3.3) and the ramdisk module. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <hvkit/errno.h>
#include <guest_loader/guest_loader.h>

#include "host_platform.h"
#include "mb_image.h"

#define RAM 0x2000000u
#define MBI GUEST_BOOTINFO_GPA

static struct fake_mem f;
static struct test_image img;
static struct guest_entry e;
static uint8_t rd[0x1800];

static int setup(void **state)
{
	(void)state;
	host_platform_reset();
	fake_mem_init(&f, RAM);
	fake_mem_fill(&f, 0xaa);
	build_default_elf(&img, true);
	for (uint32_t i = 0; i < sizeof(rd); i++)
		rd[i] = (uint8_t)(i * 3);
	return 0;
}

static int teardown(void **state)
{
	(void)state;
	fake_mem_free(&f);
	return 0;
}

static int load(const char *cmdline, size_t rd_size, const char *rd_name)
{
	struct guest_load_params p = { .mem = &f.mem, .kernel = { img.b, IMG_SIZE }, .ramdisk = { rd, rd_size },
				       .cmdline = cmdline, .ramdisk_name = rd_name };
	return multiboot_load(&p, &e);
}

static const char *str_at(uint32_t gpa)
{
	return (const char *)f.buf + gpa;
}

static void info_flags_memory_cmdline_and_loader_name(void **state)
{
	(void)state;
	assert_int_equal(load("key=1 other", 0, NULL), 0);
	assert_int_equal(rd32(&f, MBI), (1u << 0) | (1u << 2) | (1u << 3) | (1u << 6) | (1u << 9));
	assert_int_equal(rd32(&f, MBI + 4), 640);
	assert_int_equal(rd32(&f, MBI + 8), RAM / 1024 - 1024);
	assert_string_equal(str_at(rd32(&f, MBI + 16)), "key=1 other");
	assert_string_equal(str_at(rd32(&f, MBI + 64)), "hvkit");
	assert_int_equal(rd32(&f, MBI + 20), 0); /* no modules */
	assert_int_equal(rd32(&f, MBI + 12), 0); /* no boot device */
	/* Everything the structure points to lies inside the info area the kernel was kept clear of. */
	assert_in_range(rd32(&f, MBI + 16), MBI, MBI + GUEST_BOOTINFO_SIZE - 1);
	assert_in_range(rd32(&f, MBI + 64), MBI, MBI + GUEST_BOOTINFO_SIZE - 1);
	assert_in_range(rd32(&f, MBI + 48), MBI, MBI + GUEST_BOOTINFO_SIZE - 1);
}

static void mmap_has_one_entry_per_ram_range_and_the_low_640k(void **state)
{
	(void)state;
	const struct guest_mem_range r[] = { { 0, 0x1000000 }, { 0x1800000, 0x800000 } };
	fake_mem_free(&f);
	fake_mem_init_ranges(&f, r, 2);
	assert_int_equal(load(NULL, 0, NULL), 0);
	uint32_t len = rd32(&f, MBI + 44), at = rd32(&f, MBI + 48);
	assert_int_equal(len, 3 * 24);
	const uint64_t want[3][2] = { { 0, 0xa0000 }, { 0x100000, 0xf00000 }, { 0x1800000, 0x800000 } };
	for (int i = 0; i < 3; i++) {
		assert_int_equal(rd32(&f, at + 24 * i), 20);
		assert_int_equal(rd64(&f, at + 24 * i + 4), want[i][0]);
		assert_int_equal(rd64(&f, at + 24 * i + 12), want[i][1]);
		assert_int_equal(rd32(&f, at + 24 * i + 20), 1);
	}
	assert_int_equal(rd32(&f, MBI + 8), 0xf00000 / 1024); /* mem_upper stops at the first gap */
	assert_string_equal(str_at(rd32(&f, MBI + 16)), ""); /* no command line: an empty one */
}

static void ramdisk_is_one_page_aligned_module_after_the_kernel(void **state)
{
	(void)state;
	assert_int_equal(load("", sizeof(rd), "initrd.img arg"), 0);
	assert_int_equal(rd32(&f, MBI + 20), 1);
	uint32_t mod = rd32(&f, MBI + 24);
	uint32_t start = rd32(&f, mod), end = rd32(&f, mod + 4);
	assert_int_equal(start, DATA_PADDR + DATA_MEMSZ); /* 0x105000: the first page after .bss */
	assert_int_equal(start % 4096, 0);
	assert_int_equal(end, start + sizeof(rd));
	assert_string_equal(str_at(rd32(&f, mod + 8)), "initrd.img arg");
	assert_int_equal(rd32(&f, mod + 12), 0);
	assert_memory_equal(f.buf + start, rd, sizeof(rd));
}

static void ramdisk_that_does_not_fit_is_refused(void **state)
{
	(void)state;
	fake_mem_free(&f);
	fake_mem_init(&f, DATA_PADDR + DATA_MEMSZ + 0x1000); /* one page after the kernel */
	assert_int_equal(load("", sizeof(rd), NULL), -HV_ERANGE);
	assert_int_equal(f.writes, 0);
	assert_int_equal(e.rip, 0);
}

static void overlong_command_line_is_refused(void **state)
{
	(void)state;
	static char cmd[MULTIBOOT_CMDLINE_MAX + 2];
	memset(cmd, 'c', MULTIBOOT_CMDLINE_MAX);
	cmd[MULTIBOOT_CMDLINE_MAX] = '\0';
	assert_int_equal(load(cmd, 0, NULL), 0);
	assert_int_equal(strlen(str_at(rd32(&f, MBI + 16))), MULTIBOOT_CMDLINE_MAX);
	fake_mem_free(&f);
	fake_mem_init(&f, RAM);
	cmd[MULTIBOOT_CMDLINE_MAX] = 'c';
	assert_int_equal(load(cmd, 0, NULL), -HV_ERANGE);
	assert_int_equal(f.writes, 0);
}

static void overlong_module_name_is_refused(void **state)
{
	(void)state;
	char name[MULTIBOOT_MODNAME_MAX + 2];
	memset(name, 'n', sizeof(name) - 1);
	name[sizeof(name) - 1] = '\0';
	assert_int_equal(load("", sizeof(rd), name), -HV_ERANGE);
	assert_int_equal(f.writes, 0);
}

/* No conventional memory: the information area goes on the first page after the kernel, as GRUB
 * places it in free memory. */
static void info_area_goes_after_the_kernel_without_low_ram(void **state)
{
	(void)state;
	const struct guest_mem_range r[] = { { 0x100000, 0x1000000 } };
	fake_mem_free(&f);
	fake_mem_init_ranges(&f, r, 1);
	assert_int_equal(load("hello", 0, NULL), 0);
	assert_int_equal(e.rbx, DATA_PADDR + DATA_MEMSZ); /* page-aligned end of the kernel */
	assert_int_equal(rd32(&f, e.rbx) & 1u, 1u);       /* flags: mem_* present */
	assert_string_equal(str_at(rd32(&f, e.rbx + 16)), "hello");
	assert_int_equal(f.outside_ram, 0);
}

#define T(fn) cmocka_unit_test_setup_teardown(fn, setup, teardown)

int main(void)
{
	const struct CMUnitTest tests[] = {
		T(info_flags_memory_cmdline_and_loader_name),
		T(mmap_has_one_entry_per_ram_range_and_the_low_640k),
		T(ramdisk_is_one_page_aligned_module_after_the_kernel),
		T(ramdisk_that_does_not_fit_is_refused),
		T(overlong_command_line_is_refused),
		T(overlong_module_name_is_refused),
		T(info_area_goes_after_the_kernel_without_low_ram),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}

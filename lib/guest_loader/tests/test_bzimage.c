/* SPDX-License-Identifier: BSD-3-Clause */
/* Linux bzImage: setup-header checks, kernel placement, zero page, e820, command line, initrd, entry modes. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include <hvkit/errno.h>
#include <guest_loader/guest_loader.h>
#include <guest_loader/identity_map.h>

#include "fake_mem.h"
#include "host_platform.h"

#define RAM 0x2000000u       /* 32 MiB */
#define SETUP_SECTS 4u
#define PM_OFF ((SETUP_SECTS + 1) * 512u)
#define PM_SIZE 0x3000u
#define IMG_SIZE (PM_OFF + PM_SIZE)
#define HDR_END (0x202u + 0x66u) /* the jump at 0x200 skips 0x66 bytes: header up to 0x268 */
#define BP GUEST_BOOTINFO_GPA

static struct fake_mem f;
static uint8_t img[IMG_SIZE];
static uint8_t initrd[0x2345];
static struct guest_entry e;

static void build(uint16_t version, bool kernel64)
{
	for (uint32_t i = 0; i < IMG_SIZE; i++)
		img[i] = (uint8_t)(i * 13 + 1);
	img[0x1f1] = SETUP_SECTS;
	wr16(img + 0x1fe, 0xaa55);
	img[0x200] = 0xeb;
	img[0x201] = 0x66;
	memcpy(img + 0x202, "HdrS", 4);
	wr16(img + 0x206, version);
	img[0x210] = 0;
	img[0x211] = 0x01;            /* LOADED_HIGH */
	wr32(img + 0x214, 0x100000);  /* code32_start */
	wr32(img + 0x218, 0);
	wr32(img + 0x21c, 0);
	wr32(img + 0x228, 0);
	wr32(img + 0x22c, 0x7fffffff); /* initrd_addr_max */
	wr32(img + 0x230, 0x200000);   /* kernel_alignment */
	img[0x234] = 1;                /* relocatable */
	wr16(img + 0x236, kernel64 ? 0x1 : 0x0);
	wr32(img + 0x238, 2047);       /* cmdline_size */
	wr64(img + 0x258, 0x1000000);  /* pref_address */
	wr32(img + 0x260, 0x800000);   /* init_size */
	for (uint32_t i = 0; i < sizeof(initrd); i++)
		initrd[i] = (uint8_t)(i ^ 0x5a);
}

static int setup(void **state)
{
	(void)state;
	host_platform_reset();
	fake_mem_init(&f, RAM);
	fake_mem_fill(&f, 0xaa);
	memset(&e, 0x55, sizeof(e));
	build(0x020f, true);
	return 0;
}

static int teardown(void **state)
{
	(void)state;
	fake_mem_free(&f);
	return 0;
}

static int load_with(const char *cmdline, size_t initrd_size)
{
	struct guest_load_params p = { .mem = &f.mem, .kernel = { img, IMG_SIZE },
				       .ramdisk = { initrd, initrd_size }, .cmdline = cmdline };
	return bzimage_load(&p, &e);
}

static void check_refused(int rc, int want)
{
	assert_int_equal(rc, want);
	assert_int_equal(f.writes, 0);
	assert_int_equal(e.rip, 0);
	assert_int_equal(e.rsi, 0);
	assert_int_equal(host_platform_log_count[PLAT_LOG_ERROR], 1);
}

static void protected_mode_kernel_is_copied_to_1mib(void **state)
{
	(void)state;
	assert_int_equal(load_with("console=ttyS0", 0), 0);
	assert_memory_equal(f.buf + 0x100000, img + PM_OFF, PM_SIZE);
	assert_int_equal(f.buf[0x100000 + PM_SIZE], 0xaa);
	assert_int_equal(f.buf[0xfffff], 0xaa); /* the real-mode setup code is not loaded */
	assert_int_equal(f.outside_ram, 0);
}

static void zero_page_holds_the_setup_header_and_loader_fields(void **state)
{
	(void)state;
	assert_int_equal(load_with("console=ttyS0", sizeof(initrd)), 0);
	for (uint32_t i = 0; i < 0x1f1; i++)
		assert_int_equal(f.buf[BP + i], i == 0x1e8 ? f.buf[BP + i] : 0); /* zeroed but for e820_entries */
	/* The header is the image's, but for the fields a loader writes. */
	for (uint32_t i = 0x1f1; i < HDR_END; i++) {
		if (i == 0x210 || (i >= 0x214 && i < 0x220) || (i >= 0x228 && i < 0x22c))
			continue;
		assert_int_equal(f.buf[BP + i], img[i]);
	}
	assert_int_equal(f.buf[BP + HDR_END], 0); /* nothing copied past the header */
	assert_int_equal(f.buf[BP + 0x210], 0xff); /* type_of_loader: undefined */
	assert_int_equal(rd32(&f, BP + 0x214), 0x100000);
	assert_int_equal(rd32(&f, BP + 0x228), GUEST_CMDLINE_GPA);
	assert_string_equal((const char *)f.buf + GUEST_CMDLINE_GPA, "console=ttyS0");
	assert_int_equal(rd32(&f, BP + 0x21c), sizeof(initrd));
	assert_int_equal(rd32(&f, BP + 0xc0), 0); /* ext_ramdisk_image */
	assert_int_equal(rd32(&f, BP + 0xc8), 0); /* ext_cmd_line_ptr */
	assert_int_equal(f.buf[BP + 0x1ef], 0);   /* sentinel */
}

static void e820_lists_ram_without_the_legacy_hole(void **state)
{
	(void)state;
	assert_int_equal(load_with(NULL, 0), 0);
	assert_int_equal(f.buf[BP + 0x1e8], 2);
	assert_int_equal(rd64(&f, BP + 0x2d0), 0);
	assert_int_equal(rd64(&f, BP + 0x2d8), 0xa0000);
	assert_int_equal(rd32(&f, BP + 0x2e0), 1);
	assert_int_equal(rd64(&f, BP + 0x2e4), 0x100000);
	assert_int_equal(rd64(&f, BP + 0x2ec), RAM - 0x100000);
	assert_int_equal(rd32(&f, BP + 0x2f4), 1);
	assert_int_equal(rd64(&f, BP + 0x2f8), 0); /* no third entry */
	assert_string_equal((const char *)f.buf + GUEST_CMDLINE_GPA, "");
}

static void e820_has_one_entry_per_ram_range(void **state)
{
	(void)state;
	const struct guest_mem_range r[] = { { 0, 0x1000000 }, { 0x1800000, 0x800000 } };
	fake_mem_free(&f);
	fake_mem_init_ranges(&f, r, 2);
	assert_int_equal(load_with(NULL, 0), 0);
	assert_int_equal(f.buf[BP + 0x1e8], 3);
	assert_int_equal(rd64(&f, BP + 0x2d0 + 40), 0x1800000);
	assert_int_equal(rd64(&f, BP + 0x2d0 + 48), 0x800000);
}

static void initrd_goes_page_aligned_at_the_top_of_ram(void **state)
{
	(void)state;
	assert_int_equal(load_with(NULL, sizeof(initrd)), 0);
	uint32_t at = rd32(&f, BP + 0x218);
	assert_int_equal(at, (RAM - sizeof(initrd)) & ~0xfffu);
	assert_memory_equal(f.buf + at, initrd, sizeof(initrd));
}

static void initrd_stays_below_initrd_addr_max(void **state)
{
	(void)state;
	wr32(img + 0x22c, 0x1bfffff); /* the last byte it may use */
	assert_int_equal(load_with(NULL, sizeof(initrd)), 0);
	uint32_t at = rd32(&f, BP + 0x218);
	assert_int_equal(at, (0x1c00000 - sizeof(initrd)) & ~0xfffu);
	assert_true(at + sizeof(initrd) - 1 <= 0x1bfffff);
}

static void initrd_that_fits_nowhere_is_refused(void **state)
{
	(void)state;
	wr32(img + 0x22c, 0xa00000 - 1); /* below the end of init_size (2 MiB + 8 MiB) */
	check_refused(load_with(NULL, sizeof(initrd)), -HV_ERANGE);
}

static void kernel_with_64bit_entry_starts_in_long_mode(void **state)
{
	(void)state;
	assert_int_equal(load_with(NULL, 0), 0);
	assert_int_equal(e.mode, GUEST_ENTRY_LONG64);
	assert_int_equal(e.rip, 0x100200);
	assert_int_equal(e.rsi, BP);
	assert_int_equal(e.cr3, GUEST_PT_GPA);
	assert_int_equal(e.cr0 & (CR0_PE | CR0_PG), CR0_PE | CR0_PG);
	assert_int_equal(e.cr4, CR4_PAE);
	assert_int_equal(e.efer, IA32_EFER_LME | IA32_EFER_LMA);
	assert_int_equal(e.cs.selector, 0x10);
	assert_int_equal(e.cs.ar, GUEST_AR_CODE64);
	assert_int_equal(e.ds.selector, 0x18);
	assert_int_equal(e.gdtr_base, GUEST_GDT_GPA);
	assert_int_equal(e.gdtr_limit, 0x1f);
	assert_int_equal(rd64(&f, GUEST_GDT_GPA + 0x10), 0x00af9b000000ffffull);
	assert_int_equal(rd64(&f, GUEST_GDT_GPA + 0x18), 0x00cf93000000ffffull);
	assert_int_equal(rd64(&f, GUEST_PT_GPA), (GUEST_PT_GPA + 0x1000) | 3); /* identity map present */
	assert_int_equal(rd64(&f, GUEST_PT_GPA + 0x2000 + 8), 0x200000 | 0x83);
	assert_int_equal(e.rflags, 2);
}

static void kernel_without_64bit_entry_starts_at_code32_start(void **state)
{
	(void)state;
	build(0x020f, false);
	assert_int_equal(load_with(NULL, 0), 0);
	assert_int_equal(e.mode, GUEST_ENTRY_PROTECTED32);
	assert_int_equal(e.rip, 0x100000);
	assert_int_equal(e.rsi, BP);
	assert_int_equal(e.rbx | e.rbp | e.rdi, 0); /* boot.rst: EBP, EDI and EBX zero */
	assert_int_equal(e.cr0 & CR0_PG, 0);
	assert_int_equal(e.cs.selector, 0x10);
	assert_int_equal(e.cs.ar, GUEST_AR_CODE32);
	assert_int_equal(rd64(&f, GUEST_GDT_GPA + 0x10), 0x00cf9b000000ffffull);
	assert_int_equal(f.buf[GUEST_PT_GPA], 0xaa); /* no page tables written */
}

static void xloadflags_ignored_before_protocol_2_12(void **state)
{
	(void)state;
	build(0x020b, true);
	assert_int_equal(load_with(NULL, 0), 0);
	assert_int_equal(e.mode, GUEST_ENTRY_PROTECTED32);
}

static void missing_hdrs_magic_is_refused(void **state)
{
	(void)state;
	img[0x202] = 'X';
	check_refused(load_with(NULL, 0), -HV_EINVAL);
}

static void bad_boot_flag_is_refused(void **state)
{
	(void)state;
	wr16(img + 0x1fe, 0x55aa);
	check_refused(load_with(NULL, 0), -HV_EINVAL);
}

static void protocol_older_than_2_06_is_refused(void **state)
{
	(void)state;
	build(0x0205, true);
	check_refused(load_with(NULL, 0), -HV_ENOSYS);
	assert_non_null(strstr(host_platform_last_log, "2.05"));
}

static void image_without_loaded_high_is_refused(void **state)
{
	(void)state;
	img[0x211] = 0;
	check_refused(load_with(NULL, 0), -HV_ENOSYS);
}

static void image_ending_before_protected_mode_kernel_is_refused(void **state)
{
	(void)state;
	struct guest_load_params p = { .mem = &f.mem, .kernel = { img, PM_OFF } };
	check_refused(bzimage_load(&p, &e), -HV_EINVAL);
}

static void tiny_file_is_refused(void **state)
{
	(void)state;
	struct guest_load_params p = { .mem = &f.mem, .kernel = { img, 0x100 } };
	check_refused(bzimage_load(&p, &e), -HV_EINVAL);
}

static void init_size_beyond_ram_is_refused(void **state)
{
	(void)state;
	wr32(img + 0x260, RAM); /* from the 2 MiB-aligned runtime start: past the end */
	check_refused(load_with(NULL, 0), -HV_ERANGE);
}

static void non_relocatable_kernel_needs_room_at_pref_address(void **state)
{
	(void)state;
	img[0x234] = 0;
	wr64(img + 0x258, 0x1c00000);
	check_refused(load_with(NULL, 0), -HV_ERANGE); /* 28 MiB + 8 MiB > 32 MiB */
}

static void kernel_alignment_not_a_power_of_two_is_refused(void **state)
{
	(void)state;
	wr32(img + 0x230, 0x300000);
	check_refused(load_with(NULL, 0), -HV_EINVAL);
}

static void command_line_longer_than_cmdline_size_is_refused(void **state)
{
	(void)state;
	wr32(img + 0x238, 8);
	assert_int_equal(load_with("12345678", 0), 0);
	fake_mem_free(&f);
	fake_mem_init(&f, RAM);
	host_platform_reset();
	check_refused(load_with("123456789", 0), -HV_ERANGE);
}

static void boot_area_outside_ram_is_refused(void **state)
{
	(void)state;
	const struct guest_mem_range r[] = { { 0x100000, RAM - 0x100000 } };
	fake_mem_free(&f);
	fake_mem_init_ranges(&f, r, 1);
	check_refused(load_with(NULL, 0), -HV_ERANGE);
}

static void write_failure_leaves_no_entry(void **state)
{
	(void)state;
	f.fail_after = 4;
	assert_int_equal(load_with("x", sizeof(initrd)), -HV_EIO);
	assert_int_equal(e.rip, 0);
	assert_int_equal(e.rsi, 0);
}

#define T(fn) cmocka_unit_test_setup_teardown(fn, setup, teardown)

int main(void)
{
	const struct CMUnitTest tests[] = {
		T(protected_mode_kernel_is_copied_to_1mib),
		T(zero_page_holds_the_setup_header_and_loader_fields),
		T(e820_lists_ram_without_the_legacy_hole),
		T(e820_has_one_entry_per_ram_range),
		T(initrd_goes_page_aligned_at_the_top_of_ram),
		T(initrd_stays_below_initrd_addr_max),
		T(initrd_that_fits_nowhere_is_refused),
		T(kernel_with_64bit_entry_starts_in_long_mode),
		T(kernel_without_64bit_entry_starts_at_code32_start),
		T(xloadflags_ignored_before_protocol_2_12),
		T(missing_hdrs_magic_is_refused),
		T(bad_boot_flag_is_refused),
		T(protocol_older_than_2_06_is_refused),
		T(image_without_loaded_high_is_refused),
		T(image_ending_before_protected_mode_kernel_is_refused),
		T(tiny_file_is_refused),
		T(init_size_beyond_ram_is_refused),
		T(non_relocatable_kernel_needs_room_at_pref_address),
		T(kernel_alignment_not_a_power_of_two_is_refused),
		T(command_line_longer_than_cmdline_size_is_refused),
		T(boot_area_outside_ram_is_refused),
		T(write_failure_leaves_no_entry),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}

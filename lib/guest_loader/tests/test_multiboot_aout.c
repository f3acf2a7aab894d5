/* SPDX-License-Identifier: BSD-3-Clause */
/* Multiboot v1 with the a.out-kludge address fields (header flag 16, spec 3.1.3). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <hvkit/errno.h>
#include <guest_loader/guest_loader.h>

#include "host_platform.h"
#include "mb_image.h"

#define RAM 0x800000u
#define AOUT_HDR 0x40u /* header offset in the file */

static struct fake_mem f;
static struct test_image img;
static struct guest_entry e;

static int setup(void **state)
{
	(void)state;
	host_platform_reset();
	fake_mem_init(&f, RAM);
	fake_mem_fill(&f, 0xaa);
	memset(&e, 0x55, sizeof(e));
	return 0;
}

static int teardown(void **state)
{
	(void)state;
	fake_mem_free(&f);
	return 0;
}

/* A file whose byte i is pattern(i); its header says: file offset 0 goes to load_addr. */
static void build(uint32_t header_addr, uint32_t load_addr, uint32_t load_end, uint32_t bss_end, uint32_t entry)
{
	for (uint32_t i = 0; i < IMG_SIZE; i++)
		img.b[i] = pattern(i);
	put_mb_header(img.b, AOUT_HDR, 0x10003);
	wr32(img.b + AOUT_HDR + 12, header_addr);
	wr32(img.b + AOUT_HDR + 16, load_addr);
	wr32(img.b + AOUT_HDR + 20, load_end);
	wr32(img.b + AOUT_HDR + 24, bss_end);
	wr32(img.b + AOUT_HDR + 28, entry);
}

static int load(void)
{
	struct guest_load_params p = { .mem = &f.mem, .kernel = { img.b, IMG_SIZE } };
	return multiboot_load(&p, &e);
}

static void check_refused(int rc)
{
	assert_int_equal(rc, -HV_EINVAL);
	assert_int_equal(f.writes, 0);
	assert_int_equal(e.rip, 0);
	assert_int_equal(host_platform_log_count[PLAT_LOG_ERROR], 1);
}

static void load_addr_maps_file_start_and_bss_is_zeroed(void **state)
{
	(void)state;
	build(0x200000 + AOUT_HDR, 0x200000, 0x201000, 0x203000, 0x200080);
	assert_int_equal(load(), 0);
	for (uint32_t i = 0; i < 0x1000; i++)
		assert_int_equal(f.buf[0x200000 + i], img.b[i]);
	for (uint32_t i = 0x1000; i < 0x3000; i++)
		assert_int_equal(f.buf[0x200000 + i], 0);
	assert_int_equal(f.buf[0x203000], 0xaa);
	assert_int_equal(f.buf[0x1fffff], 0xaa);
	assert_int_equal(e.rip, 0x200080);
	assert_int_equal(e.rax, 0x2badb002u);
	assert_int_equal(e.rbx, GUEST_BOOTINFO_GPA);
}

static void header_addr_above_load_addr_skips_file_bytes(void **state)
{
	(void)state;
	/* The header lands 0x20 bytes after load_addr: the file is loaded from offset AOUT_HDR - 0x20. */
	build(0x300020, 0x300000, 0x300100, 0, 0x300000);
	assert_int_equal(load(), 0);
	for (uint32_t i = 0; i < 0x100; i++)
		assert_int_equal(f.buf[0x300000 + i], img.b[AOUT_HDR - 0x20 + i]);
	assert_int_equal(rd32(&f, 0x300020), 0x1badb002u); /* the header sits at header_addr */
	assert_int_equal(f.buf[0x300100], 0xaa); /* no bss */
}

static void zero_load_end_loads_to_end_of_file(void **state)
{
	(void)state;
	build(0x200000 + AOUT_HDR, 0x200000, 0, 0, 0x200000);
	assert_int_equal(load(), 0);
	assert_int_equal(f.buf[0x200000 + IMG_SIZE - 1], pattern(IMG_SIZE - 1));
	assert_int_equal(f.buf[0x200000 + IMG_SIZE], 0xaa);
}

static void load_addr_above_header_addr_is_refused(void **state)
{
	(void)state;
	build(0x200000, 0x200010, 0, 0, 0x200010);
	check_refused(load());
}

static void load_addr_before_file_start_is_refused(void **state)
{
	(void)state;
	build(0x200000 + AOUT_HDR + 4, 0x200000, 0, 0, 0x200000);
	check_refused(load());
}

static void load_end_beyond_file_is_refused(void **state)
{
	(void)state;
	build(0x200000 + AOUT_HDR, 0x200000, 0x200000 + IMG_SIZE + 1, 0, 0x200000);
	check_refused(load());
}

static void load_end_not_above_load_addr_is_refused(void **state)
{
	(void)state;
	build(0x200000 + AOUT_HDR, 0x200000, 0x200000, 0, 0x200000);
	check_refused(load());
}

static void bss_end_below_load_end_is_refused(void **state)
{
	(void)state;
	build(0x200000 + AOUT_HDR, 0x200000, 0x201000, 0x200800, 0x200000);
	check_refused(load());
}

static void entry_outside_loaded_image_is_refused(void **state)
{
	(void)state;
	build(0x200000 + AOUT_HDR, 0x200000, 0x201000, 0, 0x100000);
	check_refused(load());
}

static void image_beyond_ram_is_refused(void **state)
{
	(void)state;
	build(RAM - 0x1000 + AOUT_HDR, RAM - 0x1000, 0, 0, RAM - 0x1000);
	assert_int_equal(load(), -HV_ERANGE);
	assert_int_equal(f.writes, 0);
}

static void address_fields_cut_off_by_file_end_are_refused(void **state)
{
	(void)state;
	build(0x200000 + AOUT_HDR, 0x200000, 0, 0, 0x200000);
	struct guest_load_params p = { .mem = &f.mem, .kernel = { img.b, AOUT_HDR + 20 } };
	check_refused(multiboot_load(&p, &e));
}

#define T(fn) cmocka_unit_test_setup_teardown(fn, setup, teardown)

int main(void)
{
	const struct CMUnitTest tests[] = {
		T(load_addr_maps_file_start_and_bss_is_zeroed),
		T(header_addr_above_load_addr_skips_file_bytes),
		T(zero_load_end_loads_to_end_of_file),
		T(load_addr_above_header_addr_is_refused),
		T(load_addr_before_file_start_is_refused),
		T(load_end_beyond_file_is_refused),
		T(load_end_not_above_load_addr_is_refused),
		T(bss_end_below_load_end_is_refused),
		T(entry_outside_loaded_image_is_refused),
		T(image_beyond_ram_is_refused),
		T(address_fields_cut_off_by_file_end_are_refused),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}

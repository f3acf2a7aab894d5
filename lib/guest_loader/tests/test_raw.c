/* SPDX-License-Identifier: BSD-3-Clause */
/* Raw binaries: placement, 32-bit and 64-bit entry, the boot GDT and page tables, refusals. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>
#include <cmocka.h>

#include <hvkit/errno.h>
#include <guest_loader/guest_loader.h>
#include <guest_loader/identity_map.h>

#include "fake_mem.h"
#include "host_platform.h"

#define RAM 0x1000000u

static struct fake_mem f;
static uint8_t bin[0x1234];
static struct guest_entry e;

static int setup(void **state)
{
	(void)state;
	host_platform_reset();
	fake_mem_init(&f, RAM);
	fake_mem_fill(&f, 0xaa);
	for (uint32_t i = 0; i < sizeof(bin); i++)
		bin[i] = (uint8_t)(i * 5 + 7);
	return 0;
}

static int teardown(void **state)
{
	(void)state;
	fake_mem_free(&f);
	return 0;
}

static int load(uint64_t at, uint64_t entry, bool lm)
{
	struct guest_load_params p = { .mem = &f.mem, .kernel = { bin, sizeof(bin) } };
	return raw_load(&p, at, entry, lm, &e);
}

static void check_refused(int rc, int want)
{
	assert_int_equal(rc, want);
	assert_int_equal(f.writes, 0);
	assert_int_equal(e.rip, 0);
	assert_int_equal(host_platform_log_count[PLAT_LOG_ERROR], 1);
}

static void image_is_copied_and_entered_in_protected_mode(void **state)
{
	(void)state;
	assert_int_equal(load(0x200000, 0x200100, false), 0);
	assert_memory_equal(f.buf + 0x200000, bin, sizeof(bin));
	assert_int_equal(f.buf[0x200000 + sizeof(bin)], 0xaa);
	assert_int_equal(f.buf[0x1fffff], 0xaa);
	assert_int_equal(e.mode, GUEST_ENTRY_PROTECTED32);
	assert_int_equal(e.rip, 0x200100);
	assert_int_equal(e.cr0 & CR0_PG, 0);
	assert_int_equal(e.cs.ar, GUEST_AR_CODE32);
	assert_int_equal(e.gdtr_base, GUEST_GDT_GPA);
	assert_int_equal(rd64(&f, GUEST_GDT_GPA), 0);
	assert_int_equal(rd64(&f, GUEST_GDT_GPA + 0x10), 0x00cf9b000000ffffull);
	assert_int_equal(rd64(&f, GUEST_GDT_GPA + 0x18), 0x00cf93000000ffffull);
	assert_int_equal(f.buf[GUEST_PT_GPA], 0xaa); /* no page tables in 32-bit mode */
}

static void long_mode_image_gets_identity_map_and_64bit_cs(void **state)
{
	(void)state;
	assert_int_equal(load(0x200000, 0x200000, true), 0);
	assert_int_equal(e.mode, GUEST_ENTRY_LONG64);
	assert_int_equal(e.cr3, GUEST_PT_GPA);
	assert_int_equal(e.efer, IA32_EFER_LME | IA32_EFER_LMA);
	assert_int_equal(e.cr4, CR4_PAE);
	assert_int_equal(e.cs.ar, GUEST_AR_CODE64);
	assert_int_equal(rd64(&f, GUEST_GDT_GPA + 0x10), 0x00af9b000000ffffull);
	assert_int_equal(rd64(&f, GUEST_PT_GPA + 0x2000), 0x83); /* first 2 MiB page */
}

static void entry_outside_image_is_refused(void **state)
{
	(void)state;
	check_refused(load(0x200000, 0x200000 + sizeof(bin), false), -HV_EINVAL);
	host_platform_reset();
	check_refused(load(0x200000, 0x1fffff, false), -HV_EINVAL);
}

static void image_outside_ram_is_refused(void **state)
{
	(void)state;
	check_refused(load(RAM - 0x1000, RAM - 0x1000, false), -HV_ERANGE);
}

static void image_overlapping_gdt_is_refused(void **state)
{
	(void)state;
	check_refused(load(0x800, 0x800, false), -HV_EBUSY);
}

static void long_mode_image_overlapping_page_tables_is_refused(void **state)
{
	(void)state;
	assert_int_equal(load(0x3000, 0x3000, false), 0); /* 32-bit: no tables there */
	fake_mem_free(&f);
	fake_mem_init(&f, RAM);
	host_platform_reset();
	check_refused(load(0x3000, 0x3000, true), -HV_EBUSY);
}

static void empty_image_is_refused(void **state)
{
	(void)state;
	struct guest_load_params p = { .mem = &f.mem, .kernel = { bin, 0 } };
	check_refused(raw_load(&p, 0x200000, 0x200000, false, &e), -HV_EINVAL);
}

static void gdt_outside_ram_is_refused(void **state)
{
	(void)state;
	const struct guest_mem_range r[] = { { 0x100000, 0x400000 } };
	fake_mem_free(&f);
	fake_mem_init_ranges(&f, r, 1);
	check_refused(load(0x200000, 0x200000, false), -HV_ERANGE);
}

#define T(fn) cmocka_unit_test_setup_teardown(fn, setup, teardown)

int main(void)
{
	const struct CMUnitTest tests[] = {
		T(image_is_copied_and_entered_in_protected_mode),
		T(long_mode_image_gets_identity_map_and_64bit_cs),
		T(entry_outside_image_is_refused),
		T(image_outside_ram_is_refused),
		T(image_overlapping_gdt_is_refused),
		T(long_mode_image_overlapping_page_tables_is_refused),
		T(empty_image_is_refused),
		T(gdt_outside_ram_is_refused),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}

/* SPDX-License-Identifier: BSD-3-Clause */
/* Multiboot v1 with ELF32 and ELF64 kernels: header search, PT_LOAD placement, .bss, entry state, refusals. */
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

static int load(void)
{
	struct guest_load_params p = { .mem = &f.mem, .kernel = { img.b, IMG_SIZE } };
	return multiboot_load(&p, &e);
}

static void check_placed(void)
{
	for (uint32_t i = 0; i < TEXT_SIZE; i++)
		assert_int_equal(f.buf[TEXT_PADDR + i], pattern(TEXT_OFF + i));
	assert_int_equal(f.buf[TEXT_PADDR + TEXT_SIZE], 0xaa); /* nothing past the segment */
	for (uint32_t i = 0; i < DATA_FILESZ; i++)
		assert_int_equal(f.buf[DATA_PADDR + i], pattern(DATA_OFF + i));
	for (uint32_t i = DATA_FILESZ; i < DATA_MEMSZ; i++)
		assert_int_equal(f.buf[DATA_PADDR + i], 0); /* .bss zeroed */
	assert_int_equal(f.buf[DATA_PADDR + DATA_MEMSZ], 0xaa);
	assert_int_equal(f.buf[DATA_PADDR - 1], 0xaa);
	assert_int_equal(f.outside_ram, 0);
}

static void check_entry(uint64_t rip)
{
	assert_int_equal(e.mode, GUEST_ENTRY_PROTECTED32);
	assert_int_equal(e.rip, rip);
	assert_int_equal(e.rax, 0x2badb002u);
	assert_int_equal(e.rbx, GUEST_BOOTINFO_GPA);
	assert_int_equal(e.cr0 & (CR0_PE | CR0_PG), CR0_PE);
	assert_int_equal(e.cr4, 0);
	assert_int_equal(e.efer, 0);
	assert_int_equal(e.rflags, 0x2); /* interrupts off */
	assert_int_equal(e.cs.base, 0);
	assert_int_equal(e.cs.limit, 0xffffffffu);
	assert_int_equal(e.cs.ar, GUEST_AR_CODE32);
	assert_int_equal(e.ds.ar, GUEST_AR_DATA);
	assert_int_equal(e.ds.limit, 0xffffffffu);
}

/* A refusal writes nothing, zeroes the entry and logs one error. */
static void check_refused(int rc, int want)
{
	assert_int_equal(rc, want);
	assert_int_equal(f.writes, 0);
	assert_int_equal(e.rip, 0);
	assert_int_equal(e.rax, 0);
	assert_int_equal(host_platform_log_count[PLAT_LOG_ERROR], 1);
}

static void elf32_segments_are_placed_at_paddr_and_bss_zeroed(void **state)
{
	(void)state;
	build_default_elf(&img, false);
	assert_int_equal(load(), 0);
	check_placed();
	check_entry(TEXT_PADDR + 0x10);
}

static void elf64_segments_are_placed_at_paddr_and_bss_zeroed(void **state)
{
	(void)state;
	build_default_elf(&img, true);
	assert_int_equal(load(), 0);
	check_placed();
	check_entry(TEXT_PADDR + 0x10);
}

static void virtual_entry_is_translated_through_its_segment(void **state)
{
	(void)state;
	const struct elf_seg_spec s[] = {
		{ TEXT_OFF, 0xffffffff80100000ull, TEXT_PADDR, TEXT_SIZE, TEXT_SIZE, 1 },
	};
	build_elf(&img, true, s, 1, 0xffffffff80100040ull);
	assert_int_equal(load(), 0);
	check_entry(TEXT_PADDR + 0x40);
	assert_int_equal(f.buf[TEXT_PADDR], pattern(TEXT_OFF));
}

static void header_found_anywhere_aligned_in_first_8k(void **state)
{
	(void)state;
	build_default_elf(&img, false);
	memset(img.b + MB_OFF, 0, 12);
	put_mb_header(img.b, 0x1ff4, 0x3); /* the last aligned place: 12 bytes end at 8192 */
	assert_int_equal(load(), 0);
}

static void header_missing_is_refused(void **state)
{
	(void)state;
	build_default_elf(&img, false);
	memset(img.b + MB_OFF, 0, 12);
	check_refused(load(), -HV_EINVAL);
	assert_non_null(strstr(host_platform_last_log, "no header magic"));
}

static void misaligned_header_is_not_found(void **state)
{
	(void)state;
	build_default_elf(&img, false);
	memset(img.b + MB_OFF, 0, 12);
	put_mb_header(img.b, MB_OFF + 2, 0x3);
	check_refused(load(), -HV_EINVAL);
}

static void bad_checksum_is_refused(void **state)
{
	(void)state;
	build_default_elf(&img, false);
	wr32(img.b + MB_OFF + 8, 0x12345678);
	check_refused(load(), -HV_EINVAL);
	assert_non_null(strstr(host_platform_last_log, "bad checksum"));
}

static void required_video_flag_is_refused(void **state)
{
	(void)state;
	build_default_elf(&img, false);
	put_mb_header(img.b, MB_OFF, 0x7);
	check_refused(load(), -HV_ENOSYS);
}

static void optional_flag_bits_are_accepted(void **state)
{
	(void)state;
	build_default_elf(&img, false);
	put_mb_header(img.b, MB_OFF, 0x3 | (1u << 20));
	assert_int_equal(load(), 0);
}

static void non_elf_without_aout_flag_is_refused(void **state)
{
	(void)state;
	build_default_elf(&img, false);
	img.b[0] = 0;
	check_refused(load(), -HV_EINVAL);
}

static void non_x86_machine_is_refused(void **state)
{
	(void)state;
	build_default_elf(&img, false);
	wr16(img.b + 18, 40); /* EM_ARM */
	check_refused(load(), -HV_ENOSYS);
}

static void non_executable_elf_is_refused(void **state)
{
	(void)state;
	build_default_elf(&img, true);
	wr16(img.b + 16, 1); /* ET_REL */
	check_refused(load(), -HV_EINVAL);
}

static void program_headers_beyond_file_are_refused(void **state)
{
	(void)state;
	build_default_elf(&img, true);
	wr16(img.b + 56, 200);
	check_refused(load(), -HV_EINVAL);
}

static void segment_file_bytes_beyond_file_are_refused(void **state)
{
	(void)state;
	const struct elf_seg_spec s[] = { { TEXT_OFF, TEXT_PADDR, TEXT_PADDR, IMG_SIZE, IMG_SIZE, 1 } };
	build_elf(&img, false, s, 1, TEXT_PADDR);
	check_refused(load(), -HV_EINVAL);
}

static void filesz_above_memsz_is_refused(void **state)
{
	(void)state;
	const struct elf_seg_spec s[] = { { TEXT_OFF, TEXT_PADDR, TEXT_PADDR, 0x200, 0x100, 1 } };
	build_elf(&img, false, s, 1, TEXT_PADDR);
	check_refused(load(), -HV_EINVAL);
}

static void segment_outside_ram_is_refused(void **state)
{
	(void)state;
	const struct elf_seg_spec s[] = {
		{ TEXT_OFF, TEXT_PADDR, TEXT_PADDR, TEXT_SIZE, TEXT_SIZE, 1 },
		{ DATA_OFF, RAM - 0x1000, RAM - 0x1000, DATA_FILESZ, 0x1001, 1 }, /* one byte past the end */
	};
	build_elf(&img, false, s, 2, TEXT_PADDR);
	check_refused(load(), -HV_ERANGE);
}

static unsigned counted_calls;
static int count_write(void *ctx, uint64_t gpa, const void *src, size_t len)
{
	(void)ctx, (void)gpa, (void)src, (void)len;
	counted_calls++;
	return 0;
}
static int count_zero(void *ctx, uint64_t gpa, size_t len)
{
	(void)ctx, (void)gpa, (void)len;
	counted_calls++;
	return 0;
}

static void segment_above_4g_is_refused(void **state)
{
	(void)state;
	/* RAM straddles 4 GiB; no buffer behind it: any write would be counted. */
	const struct guest_mem_range r[] = { { 0, 0x200000 }, { 0xfffff000, 0x2000 } };
	struct guest_mem m = { .write = count_write, .zero = count_zero, .ranges = r, .range_count = 2 };
	const struct elf_seg_spec s[] = { { TEXT_OFF, 0xfffff000, 0xfffff000, TEXT_SIZE, 0x2000, 1 } };
	build_elf(&img, true, s, 1, 0xfffff000);
	struct guest_load_params p = { .mem = &m, .kernel = { img.b, IMG_SIZE } };
	counted_calls = 0;
	assert_int_equal(multiboot_load(&p, &e), -HV_ERANGE);
	assert_int_equal(counted_calls, 0);
	assert_int_equal(e.rip, 0);
	assert_non_null(strstr(host_platform_last_log, "below 4 GiB"));
}

/* A kernel on the usual information page (0x8000): it loads, and the information area goes to the
 * next free page of conventional memory (the loader places it once the segments are known). */
static void segment_at_the_info_page_moves_the_info_area(void **state)
{
	(void)state;
	const struct elf_seg_spec s[] = { { TEXT_OFF, 0x7000, 0x7000, TEXT_SIZE, 0x1001, 1 } };
	build_elf(&img, false, s, 1, 0x7000);
	assert_int_equal(load(), 0);
	assert_int_equal(e.rip, 0x7000);
	assert_int_equal(e.rbx, 0x1000); /* 0x7000..0x8001 taken: the first free page above the IVT/BDA */
	assert_int_equal(rd32(&f, e.rbx) & 1u, 1u);
	for (uint32_t i = 0; i < TEXT_SIZE; i++)
		assert_int_equal(f.buf[0x7000 + i], pattern(TEXT_OFF + i));
}

/* What the hypervisor writes into the VM (its ACPI tables at 0xE0000-0xFFFFF) is reserved before the
 * segments are checked: a kernel there is refused, naming both. */
static void segment_overlapping_a_reserved_range_is_refused(void **state)
{
	(void)state;
	const struct elf_seg_spec s[] = { { TEXT_OFF, 0xff000, 0xff000, TEXT_SIZE, TEXT_SIZE, 1 } };
	build_elf(&img, true, s, 1, 0xff000);
	const struct reserved_range acpi = { "ACPI tables", 0xe0000, 0x20000 };
	struct guest_load_params p = { .mem = &f.mem, .kernel = { img.b, IMG_SIZE }, .reserved = &acpi,
				       .reserved_count = 1 };
	check_refused(multiboot_load(&p, &e), -HV_EBUSY);
	assert_non_null(strstr(host_platform_last_log, "segment 0 at 0xff000..0xff200"));
	assert_non_null(strstr(host_platform_last_log, "ACPI tables at 0xe0000..0x100000"));
}

static void overlapping_segments_are_refused(void **state)
{
	(void)state;
	const struct elf_seg_spec s[] = {
		{ TEXT_OFF, TEXT_PADDR, TEXT_PADDR, TEXT_SIZE, TEXT_SIZE, 1 },
		{ DATA_OFF, TEXT_PADDR + 0x100, TEXT_PADDR + 0x100, DATA_FILESZ, DATA_FILESZ, 1 },
	};
	build_elf(&img, false, s, 2, TEXT_PADDR);
	check_refused(load(), -HV_EBUSY);
}

static void entry_outside_segments_is_refused(void **state)
{
	(void)state;
	const struct elf_seg_spec s[] = { { TEXT_OFF, TEXT_PADDR, TEXT_PADDR, TEXT_SIZE, TEXT_SIZE, 1 } };
	build_elf(&img, false, s, 1, TEXT_PADDR + TEXT_SIZE);
	check_refused(load(), -HV_EINVAL);
}

static void no_loadable_segment_is_refused(void **state)
{
	(void)state;
	const struct elf_seg_spec s[] = { { TEXT_OFF, TEXT_PADDR, TEXT_PADDR, TEXT_SIZE, TEXT_SIZE, 4 } };
	build_elf(&img, false, s, 1, TEXT_PADDR);
	check_refused(load(), -HV_EINVAL);
}

static void write_failure_is_an_error_with_no_entry(void **state)
{
	(void)state;
	build_default_elf(&img, false);
	f.fail_after = 1;
	assert_int_equal(load(), -HV_EIO);
	assert_int_equal(e.rip, 0);
	assert_int_equal(e.rax, 0);
}

#define T(fn) cmocka_unit_test_setup_teardown(fn, setup, teardown)

int main(void)
{
	const struct CMUnitTest tests[] = {
		T(elf32_segments_are_placed_at_paddr_and_bss_zeroed),
		T(elf64_segments_are_placed_at_paddr_and_bss_zeroed),
		T(virtual_entry_is_translated_through_its_segment),
		T(header_found_anywhere_aligned_in_first_8k),
		T(header_missing_is_refused),
		T(misaligned_header_is_not_found),
		T(bad_checksum_is_refused),
		T(required_video_flag_is_refused),
		T(optional_flag_bits_are_accepted),
		T(non_elf_without_aout_flag_is_refused),
		T(non_x86_machine_is_refused),
		T(non_executable_elf_is_refused),
		T(program_headers_beyond_file_are_refused),
		T(segment_file_bytes_beyond_file_are_refused),
		T(filesz_above_memsz_is_refused),
		T(segment_outside_ram_is_refused),
		T(segment_above_4g_is_refused),
		T(segment_at_the_info_page_moves_the_info_area),
		T(segment_overlapping_a_reserved_range_is_refused),
		T(overlapping_segments_are_refused),
		T(entry_outside_segments_is_refused),
		T(no_loadable_segment_is_refused),
		T(write_failure_is_an_error_with_no_entry),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}

/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * PVH direct boot: the entry note (in a PT_NOTE segment; section headers are not read), PT_LOAD segments at p_paddr, hvm_start_info
 * (version 1) with the command line, one module and the memory map, the 32-bit entry state, refusals.
 * The images are small synthetic ELF64 executables built here.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include <hvkit/errno.h>
#include <guest_loader/guest_loader.h>
#include <scenario/scenario.h>

#include "fake_mem.h"
#include "host_platform.h"

#define RAM 0x2000000u /* 32 MiB */
#define IMG_SIZE 0x4000u
#define PHOFF 64u
#define PHNUM 3u
#define SHOFF 0x3800u
#define SEG0_OFF 0x1000u
#define SEG0_PADDR 0x100000u
#define SEG0_FILESZ 0x1000u
#define SEG0_MEMSZ 0x3000u
#define SEG1_OFF 0x2000u
#define SEG1_PADDR 0x400000u
#define SEG1_SIZE 0x800u
#define NOTE_OFF 0x3000u
#define ENTRY 0x100040u
#define SI GUEST_PVH_START_INFO_GPA
#define RSDP 0xe0000u

static struct fake_mem f;
static uint8_t img[IMG_SIZE];
static uint8_t initrd[0x2345];
static struct guest_entry e;
static uint32_t note_size;

static void phdr(unsigned i, uint32_t type, uint64_t off, uint64_t paddr, uint64_t filesz, uint64_t memsz, uint64_t align)
{
	uint8_t *ph = img + PHOFF + 56u * i;
	wr32(ph, type);
	wr32(ph + 4, 5);                                 /* p_flags R+X */
	wr64(ph + 8, off);
	wr64(ph + 16, paddr + 0xffffffff80000000ull);   /* p_vaddr: where a kernel runs, not where it is loaded */
	wr64(ph + 24, paddr);
	wr64(ph + 32, filesz);
	wr64(ph + 40, memsz);
	wr64(ph + 48, align);
}

/* One note at off: returns its size with padding to 4. */
static uint32_t note(uint32_t off, const char *name, uint32_t type, const void *desc, uint32_t descsz)
{
	uint32_t namesz = (uint32_t)strlen(name) + 1;
	uint32_t at = off;
	wr32(img + at, namesz);
	wr32(img + at + 4, descsz);
	wr32(img + at + 8, type);
	at += 12;
	memcpy(img + at, name, namesz);
	at += (namesz + 3) & ~3u;
	memcpy(img + at, desc, descsz);
	at += (descsz + 3) & ~3u;
	return at - off;
}

/* An unrelated GNU note first, then the Xen PVH entry note with a value of entry_size bytes. */
static void notes(uint64_t entry, uint32_t entry_size)
{
	uint8_t build_id[20], v[8];
	memset(build_id, 0x42, sizeof(build_id));
	wr64(v, entry);
	note_size = note(NOTE_OFF, "GNU", 3, build_id, sizeof(build_id));
	note_size += note(NOTE_OFF + note_size, "Xen", 18, v, entry_size);
	phdr(2, 4 /* PT_NOTE */, NOTE_OFF, 0, note_size, 0, 4);
}

static void build(void)
{
	memset(img, 0, sizeof(img));
	memcpy(img, "\x7f" "ELF", 4);
	img[4] = 2; /* ELFCLASS64 */
	img[5] = 1; /* little-endian */
	img[6] = 1;
	wr16(img + 16, 2);  /* ET_EXEC */
	wr16(img + 18, 62); /* EM_X86_64 */
	wr32(img + 20, 1);
	wr64(img + 24, 0xffffffff81000000ull); /* e_entry: the 64-bit virtual entry, not used by PVH */
	wr64(img + 32, PHOFF);
	wr16(img + 52, 64);
	wr16(img + 54, 56);
	wr16(img + 56, PHNUM);
	for (uint32_t i = SEG0_OFF; i < SEG0_OFF + SEG0_FILESZ + SEG1_SIZE + 0x800; i++)
		img[i] = (uint8_t)(i * 7 + 3);
	phdr(0, 1 /* PT_LOAD */, SEG0_OFF, SEG0_PADDR, SEG0_FILESZ, SEG0_MEMSZ, 0x1000);
	phdr(1, 1, SEG1_OFF, SEG1_PADDR, SEG1_SIZE, SEG1_SIZE, 0x1000);
	notes(ENTRY, 8);
	for (uint32_t i = 0; i < sizeof(initrd); i++)
		initrd[i] = (uint8_t)(i ^ 0x5a);
}

/* A section header table with a null section and one SHT_NOTE section over the notes. */
static void add_note_section(void)
{
	uint8_t *sh = img + SHOFF + 64;
	wr64(img + 40, SHOFF);
	wr16(img + 58, 64);
	wr16(img + 60, 2);
	wr32(sh + 4, 7); /* SHT_NOTE */
	wr64(sh + 24, NOTE_OFF);
	wr64(sh + 32, note_size);
	wr64(sh + 48, 4);
}

static int setup(void **state)
{
	(void)state;
	host_platform_reset();
	fake_mem_init(&f, RAM);
	fake_mem_fill(&f, 0xaa);
	memset(&e, 0x55, sizeof(e));
	build();
	return 0;
}

static int teardown(void **state)
{
	(void)state;
	fake_mem_free(&f);
	return 0;
}

static int load(const char *cmdline, size_t initrd_size)
{
	struct guest_load_params p = { .mem = &f.mem, .kernel = { img, IMG_SIZE }, .ramdisk = { initrd, initrd_size },
				       .cmdline = cmdline, .ramdisk_name = "initrd.cpio.gz", .rsdp_gpa = RSDP };
	return pvh_load(&p, &e);
}

static void check_refused(int rc, int want, const char *words)
{
	assert_int_equal(rc, want);
	assert_int_equal(f.writes, 0);
	assert_int_equal(e.rip, 0);
	assert_int_equal(e.rbx, 0);
	assert_int_equal(host_platform_log_count[PLAT_LOG_ERROR], 1);
	assert_non_null(strstr(host_platform_last_log, words));
}

static void segments_are_loaded_at_their_physical_addresses(void **state)
{
	(void)state;
	assert_int_equal(load("console=ttyS0", 0), 0);
	assert_memory_equal(f.buf + SEG0_PADDR, img + SEG0_OFF, SEG0_FILESZ);
	for (uint32_t i = SEG0_FILESZ; i < SEG0_MEMSZ; i++)
		assert_int_equal(f.buf[SEG0_PADDR + i], 0); /* .bss zeroed */
	assert_int_equal(f.buf[SEG0_PADDR + SEG0_MEMSZ], 0xaa);
	assert_memory_equal(f.buf + SEG1_PADDR, img + SEG1_OFF, SEG1_SIZE);
	assert_int_equal(f.buf[SEG1_PADDR + SEG1_SIZE], 0xaa);
	assert_int_equal(f.outside_ram, 0);
}

/* pvh.pandoc: 32-bit protected mode, paging off, flat CS/DS, EBX = start_info, IF clear. */
static void entry_state_follows_the_pvh_abi(void **state)
{
	(void)state;
	assert_int_equal(load("", 0), 0);
	assert_int_equal(e.mode, GUEST_ENTRY_PROTECTED32);
	assert_int_equal(e.rip, ENTRY);
	assert_int_equal(e.rbx, SI);
	assert_true(e.cr0 & CR0_PE);
	assert_false(e.cr0 & CR0_PG);
	assert_int_equal(e.cr4, 0);
	assert_int_equal(e.efer, 0);
	assert_int_equal(e.rflags & (1u << 9), 0); /* IF */
	assert_int_equal(e.rflags & (1u << 8), 0); /* TF */
	assert_int_equal(e.cs.selector, 0x10);
	assert_int_equal(e.cs.base, 0);
	assert_int_equal(e.cs.limit, 0xffffffffu);
	assert_int_equal(e.cs.ar, GUEST_AR_CODE32);
	assert_int_equal(e.ds.selector, 0x18);
	assert_int_equal(e.ds.limit, 0xffffffffu);
	assert_int_equal(e.ds.ar, GUEST_AR_DATA);
	assert_int_equal(e.gdtr_base, GUEST_GDT_GPA);
	assert_int_equal(rd64(&f, GUEST_GDT_GPA + 0x10), 0x00cf9b000000ffffull);
}

static void start_info_has_magic_version_cmdline_and_rsdp(void **state)
{
	(void)state;
	assert_int_equal(load("console=ttyS0 quiet", sizeof(initrd)), 0);
	assert_int_equal(rd32(&f, SI + 0), 0x336ec578u);
	assert_memory_equal(f.buf + SI, "x\xc5n3", 4); /* "xEn3" with bit 7 of the E set */
	assert_int_equal(rd32(&f, SI + 4), 1);         /* version */
	assert_int_equal(rd32(&f, SI + 8), 0);         /* flags */
	assert_int_equal(rd64(&f, SI + 24), GUEST_CMDLINE_GPA);
	assert_string_equal((const char *)f.buf + GUEST_CMDLINE_GPA, "console=ttyS0 quiet");
	assert_int_equal(rd64(&f, SI + 32), RSDP);
	assert_int_equal(rd32(&f, SI + 52), 0);        /* reserved */
}

static void the_ramdisk_is_one_module_as_high_as_ram_allows(void **state)
{
	(void)state;
	assert_int_equal(load("", sizeof(initrd)), 0);
	assert_int_equal(rd32(&f, SI + 12), 1);
	uint64_t mod = rd64(&f, SI + 16);
	assert_int_equal(mod, GUEST_PVH_MODLIST_GPA);
	uint64_t at = rd64(&f, mod);
	assert_int_equal(at, (RAM - sizeof(initrd)) & ~0xfffull);
	assert_int_equal(rd64(&f, mod + 8), sizeof(initrd));
	assert_string_equal((const char *)f.buf + rd64(&f, mod + 16), "initrd.cpio.gz");
	assert_int_equal(rd64(&f, mod + 24), 0);
	assert_memory_equal(f.buf + at, initrd, sizeof(initrd));
}

static void without_a_ramdisk_there_is_no_module(void **state)
{
	(void)state;
	assert_int_equal(load("", 0), 0);
	assert_int_equal(rd32(&f, SI + 12), 0);
	assert_int_equal(rd64(&f, SI + 16), 0);
}

/* RAM as type 1 less the legacy hole, the BIOS area (ACPI tables) as type 2, in address order. */
static void memory_map_lists_ram_and_the_bios_area(void **state)
{
	(void)state;
	assert_int_equal(load("", 0), 0);
	uint64_t mm = rd64(&f, SI + 40);
	assert_int_equal(mm, GUEST_PVH_MEMMAP_GPA);
	assert_int_equal(rd32(&f, SI + 48), 3);
	const uint64_t want[3][3] = { { 0, 0xa0000, 1 }, { 0xe0000, 0x20000, 2 }, { 0x100000, RAM - 0x100000, 1 } };
	for (unsigned i = 0; i < 3; i++) {
		assert_int_equal(rd64(&f, mm + 24 * i), want[i][0]);
		assert_int_equal(rd64(&f, mm + 24 * i + 8), want[i][1]);
		assert_int_equal(rd32(&f, mm + 24 * i + 16), want[i][2]);
		assert_int_equal(rd32(&f, mm + 24 * i + 20), 0);
	}
}

static void memory_map_follows_listed_ram_ranges(void **state)
{
	(void)state;
	const struct guest_mem_range r[] = { { 0, 0x800000 }, { 0x1000000, 0x1000000 } };
	fake_mem_free(&f);
	fake_mem_init_ranges(&f, r, 2);
	assert_int_equal(load("", sizeof(initrd)), 0);
	uint64_t mm = rd64(&f, SI + 40);
	assert_int_equal(rd32(&f, SI + 48), 4);
	assert_int_equal(rd64(&f, mm + 24 * 1), 0xe0000);
	assert_int_equal(rd64(&f, mm + 24 * 2), 0x100000);
	assert_int_equal(rd64(&f, mm + 24 * 2 + 8), 0x700000);
	assert_int_equal(rd64(&f, mm + 24 * 3), 0x1000000);
	assert_int_equal(rd64(&f, rd64(&f, SI + 16)), (0x2000000 - sizeof(initrd)) & ~0xfffull);
	assert_int_equal(f.outside_ram, 0);
}

/* Adjacent RAM ranges together hold a ramdisk neither holds alone: it ends at the top of the upper one. */
static void the_ramdisk_may_span_adjacent_ram_ranges(void **state)
{
	(void)state;
	const struct guest_mem_range r[] = { { 0, 0x800000 }, { 0x800000, 0x1000 } };
	fake_mem_free(&f);
	fake_mem_init_ranges(&f, r, 2);
	assert_int_equal(load("", sizeof(initrd)), 0);
	uint64_t at = rd64(&f, GUEST_PVH_MODLIST_GPA);
	assert_int_equal(at, (0x801000 - sizeof(initrd)) & ~0xfffull);
	assert_true(at < 0x800000 && at + sizeof(initrd) > 0x800000);
	assert_memory_equal(f.buf + at, initrd, sizeof(initrd));
	assert_int_equal(f.outside_ram, 0);
}

static void a_4_byte_entry_note_is_read(void **state)
{
	(void)state;
	notes(ENTRY + 0x10, 4);
	assert_int_equal(load("", 0), 0);
	assert_int_equal(e.rip, ENTRY + 0x10);
}

/* Like QEMU's and Firecracker's PVH loaders: a note only in a SHT_NOTE section (no PT_NOTE segment) is not found. */
static void a_note_only_in_a_note_section_is_not_found(void **state)
{
	(void)state;
	phdr(2, 0 /* PT_NULL: no PT_NOTE segment */, 0, 0, 0, 0, 0);
	add_note_section();
	check_refused(load("", 0), -HV_EINVAL, "no PVH entry note");
}

static void a_note_segment_beyond_the_file_is_refused(void **state)
{
	(void)state;
	phdr(2, 4, sizeof(img) - 8, 0, 0x100, 0, 4);
	check_refused(load("", 0), -HV_EINVAL, "beyond the end of the file");
}

static void the_ramdisk_goes_below_a_kernel_at_the_top_of_ram(void **state)
{
	(void)state;
	phdr(1, 1, SEG1_OFF, RAM - 0x2000, SEG1_SIZE, 0x2000, 0x1000);
	assert_int_equal(load("", sizeof(initrd)), 0);
	assert_int_equal(rd64(&f, GUEST_PVH_MODLIST_GPA), (RAM - 0x2000 - sizeof(initrd)) & ~0xfffull);
}

static void refuses_an_image_without_the_note(void **state)
{
	(void)state;
	phdr(2, 0, 0, 0, 0, 0, 0);
	check_refused(load("", sizeof(initrd)), -HV_EINVAL, "no PVH entry note");
}

static void refuses_a_note_of_another_owner_or_type(void **state)
{
	(void)state;
	uint8_t v[8];
	wr64(v, ENTRY);
	note_size = note(NOTE_OFF, "Xen", 17, v, 8);
	note_size += note(NOTE_OFF + note_size, "Xe", 18, v, 8);
	phdr(2, 4, NOTE_OFF, 0, note_size, 0, 4);
	check_refused(load("", 0), -HV_EINVAL, "no PVH entry note");
}

static void refuses_a_note_running_past_its_area(void **state)
{
	(void)state;
	wr32(img + NOTE_OFF + 4, 0x1000); /* the GNU note's descsz */
	check_refused(load("", 0), -HV_EINVAL, "runs past the end of its area");
}

static void refuses_an_entry_value_of_odd_size(void **state)
{
	(void)state;
	notes(ENTRY, 2);
	check_refused(load("", 0), -HV_EINVAL, "not 4 or 8");
}

static void refuses_an_entry_outside_the_segments(void **state)
{
	(void)state;
	notes(0x200000, 8);
	check_refused(load("", 0), -HV_EINVAL, "not inside");
}

static void refuses_an_entry_above_4gib(void **state)
{
	(void)state;
	notes(0x100000000ull, 8);
	check_refused(load("", 0), -HV_EINVAL, "not a 32-bit physical address");
}

static void refuses_what_is_not_elf(void **state)
{
	(void)state;
	img[0] = 'M';
	check_refused(load("", 0), -HV_EINVAL, "no ELF magic");
}

static void refuses_a_segment_over_the_acpi_area(void **state)
{
	(void)state;
	phdr(1, 1, SEG1_OFF, 0xf0000, SEG1_SIZE, SEG1_SIZE, 0x1000);
	check_refused(load("", 0), -HV_EBUSY, "BIOS area");
}

static void refuses_a_segment_over_the_boot_area(void **state)
{
	(void)state;
	phdr(1, 1, SEG1_OFF, GUEST_BOOTINFO_GPA, SEG1_SIZE, SEG1_SIZE, 0x1000);
	check_refused(load("", 0), -HV_EBUSY, "boot area");
}

static void refuses_a_segment_beyond_ram(void **state)
{
	(void)state;
	phdr(1, 1, SEG1_OFF, RAM - 0x100, SEG1_SIZE, SEG1_SIZE, 0x1000);
	check_refused(load("", 0), -HV_ERANGE, "does not fit in the VM's RAM");
}

static void refuses_a_command_line_too_long(void **state)
{
	(void)state;
	static char line[GUEST_CMDLINE_SIZE + 1];
	memset(line, 'a', GUEST_CMDLINE_SIZE);
	check_refused(load(line, 0), -HV_ERANGE, "command line");
}

static void refuses_a_ramdisk_that_does_not_fit(void **state)
{
	(void)state;
	const struct guest_mem_range r[] = { { 0, 0x200000 } };
	fake_mem_free(&f);
	fake_mem_init_ranges(&f, r, 1);
	phdr(1, 1, SEG1_OFF, 0x180000, SEG1_SIZE, SEG1_SIZE, 0x1000);
	check_refused(load("", 0x90000), -HV_ERANGE, "no room for a ramdisk");
}

static void a_failed_write_leaves_no_entry(void **state)
{
	(void)state;
	f.fail_after = 3;
	assert_int_equal(load("", sizeof(initrd)), -HV_EIO);
	assert_int_equal(e.rip, 0);
	assert_int_equal(e.rbx, 0);
}

static void the_scenario_type_pvh_picks_this_loader(void **state)
{
	(void)state;
	static struct vm_config vm;
	memset(&vm, 0, sizeof(vm));
	strcpy(vm.name, "vm0");
	strcpy(vm.kernel, "vmlinux");
	strcpy(vm.bootargs, "quiet");
	vm.kernel_type = SCENARIO_KERNEL_PVH;
	assert_int_equal(guest_load_vm(&vm, &f.mem, (struct guest_image){ img, IMG_SIZE }, (struct guest_image){ 0 }, &e), 0);
	assert_int_equal(e.rip, ENTRY);
	assert_string_equal((const char *)f.buf + rd64(&f, SI + 24), "quiet");
}

#define T(fn) cmocka_unit_test_setup_teardown(fn, setup, teardown)

int main(void)
{
	const struct CMUnitTest tests[] = {
		T(segments_are_loaded_at_their_physical_addresses),
		T(entry_state_follows_the_pvh_abi),
		T(start_info_has_magic_version_cmdline_and_rsdp),
		T(the_ramdisk_is_one_module_as_high_as_ram_allows),
		T(without_a_ramdisk_there_is_no_module),
		T(memory_map_lists_ram_and_the_bios_area),
		T(memory_map_follows_listed_ram_ranges),
		T(the_ramdisk_may_span_adjacent_ram_ranges),
		T(a_4_byte_entry_note_is_read),
		T(a_note_only_in_a_note_section_is_not_found),
		T(a_note_segment_beyond_the_file_is_refused),
		T(the_ramdisk_goes_below_a_kernel_at_the_top_of_ram),
		T(refuses_an_image_without_the_note),
		T(refuses_a_note_of_another_owner_or_type),
		T(refuses_a_note_running_past_its_area),
		T(refuses_an_entry_value_of_odd_size),
		T(refuses_an_entry_outside_the_segments),
		T(refuses_an_entry_above_4gib),
		T(refuses_what_is_not_elf),
		T(refuses_a_segment_over_the_acpi_area),
		T(refuses_a_segment_over_the_boot_area),
		T(refuses_a_segment_beyond_ram),
		T(refuses_a_command_line_too_long),
		T(refuses_a_ramdisk_that_does_not_fit),
		T(a_failed_write_leaves_no_entry),
		T(the_scenario_type_pvh_picks_this_loader),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}

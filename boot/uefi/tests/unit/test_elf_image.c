/* SPDX-License-Identifier: BSD-3-Clause */
/* Checking the hypervisor ELF and planning its page runs. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "elf_image.h"

struct ehdr {
	uint8_t ident[16];
	uint16_t type, machine;
	uint32_t version;
	uint64_t entry, phoff, shoff;
	uint32_t flags;
	uint16_t ehsize, phentsize, phnum, shentsize, shnum, shstrndx;
};

struct phdr {
	uint32_t type, flags;
	uint64_t offset, vaddr, paddr, filesz, memsz, align;
};

static _Alignas(16) uint8_t file[0x3000];
static struct hv_elf_plan plan;

static struct ehdr *eh(void)
{
	return (struct ehdr *)file;
}

static struct phdr *ph(int i)
{
	return (struct phdr *)(file + sizeof(struct ehdr)) + i;
}

/* A good two-segment image: text at 16 MiB, data+bss sharing its last page. */
static void make_good(void)
{
	memset(file, 0, sizeof(file));
	memcpy(eh()->ident, "\177ELF\2\1\1", 7);
	eh()->type = 2;
	eh()->machine = 62;
	eh()->entry = 0x1000010;
	eh()->phoff = sizeof(struct ehdr);
	eh()->phentsize = sizeof(struct phdr);
	eh()->phnum = 3;
	*ph(0) = (struct phdr){1, 5, 0x1000, 0x1000000, 0x1000000, 0xf48, 0xf48, 0x1000};
	*ph(1) = (struct phdr){0x6474e551 /* GNU_STACK */, 6, 0, 0, 0, 0, 0, 16};
	*ph(2) = (struct phdr){1, 6, 0x1f80, 0x1000f80, 0x1000f80, 0x4, 0x44040, 0x1000};
}

static const char *plan_it(void)
{
	return hv_elf_plan(file, sizeof(file), &plan);
}

static void good_image(void **state)
{
	(void)state;
	make_good();
	assert_null(plan_it());
	assert_int_equal(plan.entry, 0x1000010);
	assert_int_equal(plan.seg_count, 2);
	assert_int_equal(plan.run_count, 1);
	assert_int_equal(plan.run[0].base, 0x1000000);
	assert_int_equal(plan.run[0].pages, 0x45);
}

static void segments_sorted_and_runs_split(void **state)
{
	(void)state;
	make_good();
	*ph(0) = (struct phdr){1, 6, 0x2000, 0x1200000, 0x1200000, 0x10, 0x2001, 0x1000};
	*ph(2) = (struct phdr){1, 5, 0x1000, 0x1000000, 0x1000000, 0x100, 0x100, 0x1000};
	assert_null(plan_it());
	assert_int_equal(plan.seg[0].paddr, 0x1000000);
	assert_int_equal(plan.run_count, 2);
	assert_int_equal(plan.run[1].base, 0x1200000);
	assert_int_equal(plan.run[1].pages, 3);
}

static void refuses(void **state)
{
	(void)state;
	make_good();
	eh()->machine = 3;
	assert_string_equal(plan_it(), "not an x86-64 ELF");
	make_good();
	eh()->type = 3;
	assert_string_equal(plan_it(), "not an executable ELF (e_type is not ET_EXEC)");
	make_good();
	eh()->ident[4] = 1;
	assert_string_equal(plan_it(), "not a 64-bit little-endian ELF");
	make_good();
	file[1] = 'X';
	assert_string_equal(plan_it(), "not an ELF file");
	assert_string_equal(hv_elf_plan(file, 10, &plan), "not an ELF file (too short)");
	make_good();
	eh()->phnum = 250; /* 250 * 56 bytes do not fit in the 12 KiB file */
	assert_string_equal(plan_it(), "program headers lie outside the file");
	make_good();
	ph(2)->paddr = 0x5000000;
	assert_string_equal(plan_it(), "a PT_LOAD segment has p_paddr != p_vaddr (must be linked at its physical address)");
	make_good();
	ph(2)->filesz = 0x50000;
	assert_string_equal(plan_it(), "a PT_LOAD segment has p_filesz > p_memsz");
	make_good();
	ph(2)->offset = 0x2ffe;
	assert_string_equal(plan_it(), "a PT_LOAD segment's bytes lie outside the file");
	make_good();
	ph(2)->vaddr = ph(2)->paddr = 0xfffff000;
	assert_string_equal(plan_it(), "a PT_LOAD segment lies above 4 GiB");
	make_good();
	eh()->entry = 0x1000f80;
	assert_string_equal(plan_it(), "the entry point is not inside an executable PT_LOAD segment");
	make_good();
	ph(0)->type = ph(2)->type = 4;
	assert_string_equal(plan_it(), "no PT_LOAD segment");
}

static void refuses_overlap(void **state)
{
	(void)state;
	make_good();
	ph(2)->vaddr = ph(2)->paddr = 0x1000f40; /* 8 bytes into text */
	assert_string_equal(plan_it(), "PT_LOAD segments overlap");
	assert_int_equal(plan.bad_a, 0);
	assert_int_equal(plan.bad_b, 1);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(good_image),
		cmocka_unit_test(segments_sorted_and_runs_split),
		cmocka_unit_test(refuses),
		cmocka_unit_test(refuses_overlap),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}

/* SPDX-License-Identifier: BSD-3-Clause */
/* Choosing the loader from a scenario VM's kernel type. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>
#include <cmocka.h>

#include <hvkit/errno.h>
#include <scenario/scenario.h>
#include <guest_loader/guest_loader.h>

#include "host_platform.h"
#include "mb_image.h"

static struct fake_mem f;
static struct vm_config vm;
static struct guest_entry e;
static struct test_image img;

static int setup(void **state)
{
	(void)state;
	host_platform_reset();
	fake_mem_init(&f, 0x2000000);
	memset(&vm, 0, sizeof(vm));
	strcpy(vm.name, "vm0");
	strcpy(vm.kernel, "guest_hello");
	strcpy(vm.bootargs, "tests=all");
	build_default_elf(&img, true);
	return 0;
}

static int teardown(void **state)
{
	(void)state;
	fake_mem_free(&f);
	return 0;
}

static void multiboot_type_uses_the_multiboot_loader_with_bootargs(void **state)
{
	(void)state;
	vm.kernel_type = SCENARIO_KERNEL_MULTIBOOT_ELF;
	assert_int_equal(guest_load_vm(&vm, &f.mem, (struct guest_image){ img.b, IMG_SIZE }, (struct guest_image){ 0 }, &e), 0);
	assert_int_equal(e.rax, 0x2badb002u);
	assert_string_equal((const char *)f.buf + rd32(&f, GUEST_BOOTINFO_GPA + 16), "tests=all");
}

static void raw_type_uses_the_configured_addresses_in_32bit_mode(void **state)
{
	(void)state;
	vm.kernel_type = SCENARIO_KERNEL_RAW;
	vm.kernel_load_addr = 0x400000;
	vm.kernel_entry_addr = 0x400010;
	assert_int_equal(guest_load_vm(&vm, &f.mem, (struct guest_image){ img.b, IMG_SIZE }, (struct guest_image){ 0 }, &e), 0);
	assert_int_equal(e.mode, GUEST_ENTRY_PROTECTED32);
	assert_int_equal(e.rip, 0x400010);
	assert_memory_equal(f.buf + 0x400000, img.b, IMG_SIZE);
}

static void ramdisk_is_ignored_unless_the_vm_has_one(void **state)
{
	(void)state;
	uint8_t rd[16] = { 1 };
	vm.kernel_type = SCENARIO_KERNEL_MULTIBOOT_ELF;
	assert_int_equal(guest_load_vm(&vm, &f.mem, (struct guest_image){ img.b, IMG_SIZE }, (struct guest_image){ rd, 16 }, &e), 0);
	assert_int_equal(rd32(&f, GUEST_BOOTINFO_GPA + 20), 0);
	vm.has_ramdisk = true;
	strcpy(vm.ramdisk, "initrd");
	assert_int_equal(guest_load_vm(&vm, &f.mem, (struct guest_image){ img.b, IMG_SIZE }, (struct guest_image){ rd, 16 }, &e), 0);
	assert_int_equal(rd32(&f, GUEST_BOOTINFO_GPA + 20), 1);
	assert_string_equal((const char *)f.buf + rd32(&f, rd32(&f, GUEST_BOOTINFO_GPA + 24) + 8), "initrd");
}

static void bzimage_type_refuses_a_multiboot_elf(void **state)
{
	(void)state;
	vm.kernel_type = SCENARIO_KERNEL_BZIMAGE;
	assert_int_equal(guest_load_vm(&vm, &f.mem, (struct guest_image){ img.b, IMG_SIZE }, (struct guest_image){ 0 }, &e), -HV_EINVAL);
	assert_int_equal(f.writes, 0);
	assert_non_null(strstr(host_platform_last_log, "vm0"));
}

static void unknown_kernel_type_is_refused(void **state)
{
	(void)state;
	vm.kernel_type = (enum scenario_kernel_type)7;
	memset(&e, 0x55, sizeof(e));
	assert_int_equal(guest_load_vm(&vm, &f.mem, (struct guest_image){ img.b, IMG_SIZE }, (struct guest_image){ 0 }, &e), -HV_EINVAL);
	assert_int_equal(e.rip, 0);
	assert_int_equal(f.writes, 0);
}

#define T(fn) cmocka_unit_test_setup_teardown(fn, setup, teardown)

int main(void)
{
	const struct CMUnitTest tests[] = {
		T(multiboot_type_uses_the_multiboot_loader_with_bootargs),
		T(raw_type_uses_the_configured_addresses_in_32bit_mode),
		T(ramdisk_is_ignored_unless_the_vm_has_one),
		T(bzimage_type_refuses_a_multiboot_elf),
		T(unknown_kernel_type_is_refused),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}

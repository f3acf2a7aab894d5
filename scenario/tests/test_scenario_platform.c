/* SPDX-License-Identifier: BSD-3-Clause */
/* Rules against the machine: CPUs, boot modules and RAM must exist; unknown facts are not checked. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include "tree.h"

#define E0 "scenario: " VM0 ": "
#define E1 "scenario: " VM1 ": "

static void refuses_cpu_the_machine_lacks(void **state)
{
	const struct scenario_platform plat = { .cpu_count = 1 };
	(void)state;
	expect_refused(tree_base(), &plat, E1 "property \"cpus\": CPU 1 does not exist (this machine has 1 CPU)");
}

static void accepts_any_cpu_when_cpu_count_is_unknown(void **state)
{
	static struct scenario sc;
	const struct scenario_platform plat = { .cpu_count = 0 };
	void *t = tree_base();
	(void)state;
	tree_set_u32(t, VM1, "cpus", 63);
	expect_accepted(t, &plat, &sc);
	assert_int_equal(sc.vms[1].cpus[0], 63);
}

static void refuses_kernel_module_that_was_not_loaded(void **state)
{
	const char *const mods[] = { "other" };
	const struct scenario_platform plat = { .modules = mods, .module_count = 1 };
	void *t = tree_base();
	(void)state;
	tree_set_str(t, VM1 "/kernel", "module", "other");
	expect_refused(t, &plat, "scenario: " VM0 "/kernel: property \"module\": boot module \"guest_hello\" was not "
				 "loaded (1 module present)");
}

static void refuses_kernel_module_when_no_module_was_loaded(void **state)
{
	const char *const mods[] = { NULL };
	const struct scenario_platform plat = { .modules = mods, .module_count = 0 };
	(void)state;
	load(tree_base(), &plat, &(struct scenario){ 0 });
	assert_int_equal(col.n, 2);
	assert_string_equal(col.line[1], "scenario: " VM1 "/kernel: property \"module\": boot module \"guest_hello\" "
					 "was not loaded (0 modules present)");
}

static void refuses_kernel_type_the_image_does_not_load(void **state)
{
	const struct scenario_platform plat = { .kernel_types = 1u << SCENARIO_KERNEL_PVH };
	void *t = tree_base();
	(void)state;
	tree_set_str(t, VM1 "/kernel", "type", "pvh");
	expect_refused(t, &plat, "scenario: " VM0 "/kernel: property \"type\": \"multiboot-elf\" is not a kernel type "
				 "this image loads");
}

static void accepts_kernel_types_the_image_loads(void **state)
{
	static struct scenario sc;
	const struct scenario_platform plat = { .kernel_types = 1u << SCENARIO_KERNEL_MULTIBOOT_ELF };
	(void)state;
	expect_accepted(tree_base(), &plat, &sc);
}

static void refuses_ramdisk_module_that_was_not_loaded(void **state)
{
	const char *const mods[] = { "guest_hello", "initrd" };
	const struct scenario_platform plat = { .modules = mods, .module_count = 2 };
	void *t = tree_base();
	(void)state;
	tree_add_node(t, VM1, "ramdisk");
	tree_set_str(t, VM1 "/ramdisk", "module", "initrd.gz");
	expect_refused(t, &plat, "scenario: " VM1 "/ramdisk: property \"module\": boot module \"initrd.gz\" was not "
				 "loaded (2 modules present)");
}

static void accepts_module_reported_with_path_and_arguments(void **state)
{
	static struct scenario sc;
	const char *const mods[] = { "/boot/guest_hello console=ttyS0" };
	const struct scenario_platform plat = { .modules = mods, .module_count = 1 };
	(void)state;
	expect_accepted(tree_base(), &plat, &sc);
}

static void module_names_match_whole_name_or_first_word_basename(void **state)
{
	(void)state;
	assert_true(scenario_module_matches("guest_hello", "guest_hello"));
	assert_true(scenario_module_matches("guest_hello", "/boot/guest_hello"));
	assert_true(scenario_module_matches("guest_hello", "/boot/guest_hello arg=1"));
	assert_true(scenario_module_matches("a b", "a b"));
	assert_false(scenario_module_matches("guest", "guest_hello"));
	assert_false(scenario_module_matches("guest_hello", "guest_hello2"));
	assert_false(scenario_module_matches("guest_hello", "/boot/"));
	assert_false(scenario_module_matches("guest_hello", ""));
	assert_false(scenario_module_matches("hello", "/boot/guest_hello"));
	assert_false(scenario_module_matches("arg", "/boot/guest_hello arg"));
}

static void refuses_host_memory_outside_usable_ram(void **state)
{
	const struct scenario_range ram[] = { { 0x100000, 0x11f00000 } }; /* ends at 0x12000000 */
	const struct scenario_platform plat = { .ram = ram, .ram_count = 1 };
	(void)state;
	expect_refused(tree_base(), &plat, E1 "property \"host-base\": host memory 0x12000000-0x13ffffff is not "
					   "inside one usable RAM range of this machine");
}

static void refuses_host_memory_straddling_two_usable_ranges(void **state)
{
	const struct scenario_range ram[] = { { 0, 0x11000000 }, { 0x11000000, 0x10000000 } };
	const struct scenario_platform plat = { .ram = ram, .ram_count = 2 };
	(void)state;
	expect_refused(tree_base(), &plat, E0 "property \"host-base\": host memory 0x10000000-0x11ffffff is not "
					   "inside one usable RAM range of this machine");
}

static void accepts_host_memory_inside_usable_ram(void **state)
{
	static struct scenario sc;
	const struct scenario_range ram[] = { { 0x12000000, 0x2000000 }, { 0x100000, 0x1ff00000 } };
	const struct scenario_platform plat = { .cpu_count = 2, .ram = ram, .ram_count = 2 };
	(void)state;
	expect_accepted(tree_base(), &plat, &sc);
}

/* A PC's usable RAM: 636 KiB below the legacy hole, then 1 MiB to 512 MiB. */
static const struct scenario_range pc_ram[] = { { 0, 0x9f000 }, { 0x100000, 0x1ff00000 } };

/* vm@1 the Service VM with identity-mapped RAM at 0x1000-0x9efff and at base (size 32 MiB). */
static void *tree_with_service(uint32_t base)
{
	void *t = tree_base();
	const uint32_t mem[] = { 0, 0x1000, 0, 0x9e000, 0, base, 0, 0x2000000 };

	tree_make_service(t, VM1, base);
	tree_set_cells(t, VM1, "guest-memory", mem, 8);
	return t;
}

static void accepts_identity_ranges_inside_usable_ram(void **state)
{
	static struct scenario sc;
	const struct scenario_platform plat = { .ram = pc_ram, .ram_count = 2 };
	(void)state;
	expect_accepted(tree_with_service(0x12000000u), &plat, &sc);
	assert_int_equal(sc.vms[1].load_order, SCENARIO_SERVICE);
	assert_int_equal(sc.vms[1].mem_count, 2);
}

/* Each identity range is host memory: it must lie in one usable RAM range, as a host-base range must. */
static void refuses_identity_range_outside_usable_ram(void **state)
{
	const struct scenario_range high[] = { { 0, 0x9f000 }, { 0x100000, 0x13f00000 } }; /* ends at 0x14000000 */
	const struct scenario_range no_low[] = { { 0x100000, 0x1ff00000 } };
	const struct scenario_platform plat = { .ram = high, .ram_count = 2 };
	const struct scenario_platform plat_no_low = { .ram = no_low, .ram_count = 1 };
	(void)state;
	expect_refused(tree_with_service(0x12001000u), &plat, E1 "property \"guest-memory\": identity-mapped range "
					   "0x12001000-0x14000fff is not inside one usable RAM range of this machine");
	expect_refused(tree_with_service(0x12000000u), &plat_no_low, E1 "property \"guest-memory\": identity-mapped "
					   "range 0x1000-0x9efff is not inside one usable RAM range of this machine");
}

static void refuses_identity_range_straddling_two_usable_ranges(void **state)
{
	const struct scenario_range ram[] = { { 0, 0x9f000 }, { 0x100000, 0x12f00000 }, { 0x13000000, 0x1000000 } };
	const struct scenario_platform plat = { .ram = ram, .ram_count = 3 };
	(void)state;
	expect_refused(tree_with_service(0x12000000u), &plat, E1 "property \"guest-memory\": identity-mapped range "
					   "0x12000000-0x13ffffff is not inside one usable RAM range of this machine");
}

/* The module checks skip a post-launched VM without a kernel node, and still check one that has it. */
static void checks_kernel_modules_only_of_vms_with_a_kernel_node(void **state)
{
	static struct scenario sc;
	const char *const mods[] = { "guest_hello" };
	const struct scenario_platform plat = { .modules = mods, .module_count = 1 };
	void *t = tree_base();
	(void)state;
	tree_make_service(t, VM0, 0x10000000u);
	tree_set_str(t, VM1, "load-order", "post-launched");
	tree_del(t, VM1, "host-base");
	tree_del_node(t, VM1 "/kernel");
	expect_accepted(t, &plat, &sc);
	assert_string_equal(sc.vms[1].kernel, "");

	t = tree_base();
	tree_make_service(t, VM0, 0x10000000u);
	tree_set_str(t, VM1, "load-order", "post-launched");
	tree_del(t, VM1, "host-base");
	tree_set_str(t, VM1 "/kernel", "module", "user_kernel");
	expect_refused(t, &plat, "scenario: " VM1 "/kernel: property \"module\": boot module \"user_kernel\" was not "
				 "loaded (1 module present)");
}

static void accepts_everything_the_platform_cannot_tell(void **state)
{
	static struct scenario sc;
	const struct scenario_platform unknown = { 0 };
	void *t = tree_base();
	(void)state;
	tree_set_str(t, VM1 "/kernel", "module", "not_loaded_anywhere");
	expect_accepted(t, &unknown, &sc);
	expect_accepted(t, NULL, &sc);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(refuses_cpu_the_machine_lacks),
		cmocka_unit_test(accepts_any_cpu_when_cpu_count_is_unknown),
		cmocka_unit_test(refuses_kernel_module_that_was_not_loaded),
		cmocka_unit_test(refuses_kernel_module_when_no_module_was_loaded),
		cmocka_unit_test(refuses_ramdisk_module_that_was_not_loaded),
		cmocka_unit_test(accepts_module_reported_with_path_and_arguments),
		cmocka_unit_test(module_names_match_whole_name_or_first_word_basename),
		cmocka_unit_test(refuses_host_memory_outside_usable_ram),
		cmocka_unit_test(refuses_host_memory_straddling_two_usable_ranges),
		cmocka_unit_test(accepts_host_memory_inside_usable_ram),
		cmocka_unit_test(accepts_identity_ranges_inside_usable_ram),
		cmocka_unit_test(refuses_identity_range_outside_usable_ram),
		cmocka_unit_test(refuses_identity_range_straddling_two_usable_ranges),
		cmocka_unit_test(checks_kernel_modules_only_of_vms_with_a_kernel_node),
		cmocka_unit_test(accepts_everything_the_platform_cannot_tell),
		cmocka_unit_test(refuses_kernel_type_the_image_does_not_load),
		cmocka_unit_test(accepts_kernel_types_the_image_loads),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}

/* SPDX-License-Identifier: BSD-3-Clause */
/* What the parser reads from a good tree, and how it refuses a bad blob. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <cmocka.h>
#include <libfdt.h>
#include <scenario/scenario_shared.h>
#include "tree.h"

static void reads_every_field_of_a_vm(void **state)
{
	static struct scenario sc;
	void *t = tree_base();
	const uint32_t mem[] = { 0, 0, 0, 0x1000000, 0x1, 0x0, 0, 0x1000000 };
	const uint32_t load_at[] = { 0, 0x100000 }, entry[] = { 0, 0x100040 };
	const uint32_t pio[] = { 0x2f8, 8 }, pci[] = { 1, 0x20, 31, 7 };
	(void)state;
	tree_set_cells(t, VM1, "guest-memory", mem, 8);
	tree_set_raw(t, VM1, "real-time", "", 0);
	tree_set_raw(t, VM1, "lapic-passthrough", "", 0);
	tree_set_str(t, VM1, "apicv", "off");
	tree_set_u32(t, VM1, "watchdog-ms", 500);
	tree_set_str(t, VM0, "x2apic", "off");
	tree_set_cells(t, VM1, "pio-passthrough", pio, 2);
	tree_set_cells(t, VM1, "pci-passthrough", pci, 4);
	tree_set_str(t, VM1 "/kernel", "type", "raw");
	tree_set_cells(t, VM1 "/kernel", "load-address", load_at, 2);
	tree_set_cells(t, VM1 "/kernel", "entry-address", entry, 2);
	tree_set_str(t, VM1 "/kernel", "bootargs", "console=ttyS0");
	tree_add_node(t, VM1, "ramdisk");
	tree_set_str(t, VM1 "/ramdisk", "module", "initrd");
	tree_add_node(t, VM1, "vuart");
	tree_set_u32(t, VM1 "/vuart", "port", 0x2f8);
	tree_set_u32(t, VM1 "/vuart", "irq", 3);
	tree_add_node(t, VM1, "debug-exit");
	tree_set_u32(t, VM1 "/debug-exit", "port", 0x501);
	tree_set_u32(t, VM1, "cpus", 3);
	expect_accepted(t, NULL, &sc);

	const struct vm_config *vm = &sc.vms[1];
	assert_int_equal(sc.version, 1);
	assert_int_equal(sc.vm_count, 2);
	assert_int_equal(vm->id, 1);
	assert_string_equal(vm->node, "vm@1");
	assert_string_equal(vm->name, "vm1");
	assert_int_equal(vm->load_order, SCENARIO_PRE_LAUNCHED);
	assert_int_equal(vm->cpu_count, 1);
	assert_int_equal(vm->cpus[0], 3);
	assert_int_equal(vm->mem_count, 2);
	assert_true(vm->mem[1].base == 0x100000000ull && vm->mem[1].size == 0x1000000);
	assert_true(vm->host_base == 0x12000000);
	assert_true(scenario_vm_host_range(vm).size == 0x2000000);
	assert_string_equal(vm->kernel, "guest_hello");
	assert_int_equal(vm->kernel_type, SCENARIO_KERNEL_RAW);
	assert_true(vm->kernel_load_addr == 0x100000 && vm->kernel_entry_addr == 0x100040);
	assert_string_equal(vm->bootargs, "console=ttyS0");
	assert_true(vm->has_ramdisk);
	assert_string_equal(vm->ramdisk, "initrd");
	assert_true(vm->real_time && vm->lapic_passthrough && !vm->apicv);
	assert_int_equal(vm->watchdog_ms, 500);
	assert_true(vm->real_time && vm->lapic_passthrough && !vm->apicv && !vm->no_x2apic);
	assert_true(sc.vms[0].no_x2apic);
	assert_true(vm->has_vuart && vm->vuart_port == 0x2f8 && vm->vuart_irq == 3);
	assert_true(vm->has_debug_exit && vm->debug_exit_port == 0x501);
	assert_int_equal(vm->pio_count, 1);
	assert_true(vm->pio[0].base == 0x2f8 && vm->pio[0].count == 8);
	assert_int_equal(vm->pci_count, 1);
	assert_true(vm->pci[0].segment == 1 && vm->pci[0].bus == 0x20 && vm->pci[0].device == 31 &&
		    vm->pci[0].function == 7);
}

static void gives_defaults_to_optional_properties(void **state)
{
	static struct scenario sc;
	void *t = tree_base();
	(void)state;
	tree_add_node(t, VM0, "vuart");
	tree_add_node(t, VM0, "debug-exit");
	expect_accepted(t, NULL, &sc);
	assert_true(sc.vms[0].apicv);
	assert_int_equal(sc.vms[0].watchdog_ms, 0); /* no watchdog unless asked */
	assert_true(sc.vms[0].apicv && !sc.vms[0].no_x2apic);
	assert_false(sc.vms[0].real_time || sc.vms[0].lapic_passthrough || sc.vms[0].has_ramdisk);
	assert_true(sc.vms[0].has_vuart && sc.vms[0].vuart_port == 0x3f8 && sc.vms[0].vuart_irq == 4);
	assert_true(sc.vms[0].has_debug_exit && sc.vms[0].debug_exit_port == 0xf4);
	assert_false(sc.vms[1].has_vuart || sc.vms[1].has_debug_exit);
	assert_string_equal(sc.vms[0].bootargs, "");
	assert_int_equal(sc.vms[0].kernel_type, SCENARIO_KERNEL_MULTIBOOT_ELF);
	/* No sched-* property: weight 0 (read as 1), priority 0, no warp; every CPU the mode's default. */
	assert_true(sc.vms[0].sched_weight == 0 && sc.vms[0].sched_priority == 0 && sc.vms[0].sched_warp_us == 0);
	assert_int_equal(sc.sched_policy_count, 0);
	assert_int_equal(scenario_cpu_sched(&sc, 0), SCENARIO_SCHED_DEFAULT);
	assert_int_equal(scenario_cpu_sched(&sc, SCENARIO_MAX_CPUS - 1), SCENARIO_SCHED_DEFAULT);
}

/* One sched-policy entry holds for every CPU. */
static void reads_one_sched_policy_for_every_cpu(void **state)
{
	static struct scenario sc;
	void *t = tree_base();
	(void)state;
	tree_set_str(t, HV, "sched-policy", "rr");
	expect_accepted(t, NULL, &sc);
	assert_int_equal(sc.sched_policy_count, 1);
	assert_int_equal(scenario_cpu_sched(&sc, 0), SCENARIO_SCHED_RR);
	assert_int_equal(scenario_cpu_sched(&sc, 5), SCENARIO_SCHED_RR);
	assert_int_equal(scenario_cpu_sched(&sc, SCENARIO_MAX_CPUS - 1), SCENARIO_SCHED_RR);
}

/* Several entries: CPU i takes entry i; CPUs past the list keep the mode's default. */
static void reads_sched_policy_per_cpu(void **state)
{
	static struct scenario sc;
	void *t = tree_base();
	(void)state;
	tree_set_raw(t, HV, "sched-policy", "bvt\0rr\0prio", 12);
	expect_accepted(t, NULL, &sc);
	assert_int_equal(sc.sched_policy_count, 3);
	assert_int_equal(scenario_cpu_sched(&sc, 0), SCENARIO_SCHED_BVT);
	assert_int_equal(scenario_cpu_sched(&sc, 1), SCENARIO_SCHED_RR);
	assert_int_equal(scenario_cpu_sched(&sc, 2), SCENARIO_SCHED_PRIO);
	assert_int_equal(scenario_cpu_sched(&sc, 3), SCENARIO_SCHED_DEFAULT);
	assert_int_equal(scenario_cpu_sched(&sc, 1000), SCENARIO_SCHED_DEFAULT);
}

/* As many entries as CPU indexes (64): the last is CPU 63's. */
static void reads_sched_policy_for_every_cpu_index(void **state)
{
	static struct scenario sc;
	static char list[SCENARIO_MAX_CPUS * 4];
	void *t = tree_base();
	(void)state;
	for (unsigned int i = 0; i < SCENARIO_MAX_CPUS - 1; i++)
		memcpy(list + 3 * i, "rr", 3);
	memcpy(list + 3 * (SCENARIO_MAX_CPUS - 1), "prio", 5);
	tree_set_raw(t, HV, "sched-policy", list, 3 * (SCENARIO_MAX_CPUS - 1) + 5);
	expect_accepted(t, NULL, &sc);
	assert_int_equal(sc.sched_policy_count, SCENARIO_MAX_CPUS);
	assert_int_equal(scenario_cpu_sched(&sc, 62), SCENARIO_SCHED_RR);
	assert_int_equal(scenario_cpu_sched(&sc, 63), SCENARIO_SCHED_PRIO);
}

/* sched-weight 1..1024, sched-priority 0..31, sched-warp-us 0..1,000,000: both ends of each. */
static void reads_sched_weight_priority_and_warp(void **state)
{
	static struct scenario sc;
	void *t = tree_base();
	(void)state;
	tree_set_u32(t, VM0, "sched-weight", 1);
	tree_set_u32(t, VM0, "sched-priority", 0);
	tree_set_u32(t, VM0, "sched-warp-us", 0);
	tree_set_u32(t, VM1, "sched-weight", 1024);
	tree_set_u32(t, VM1, "sched-priority", 31);
	tree_set_u32(t, VM1, "sched-warp-us", 1000000);
	expect_accepted(t, NULL, &sc);
	assert_true(sc.vms[0].sched_weight == 1 && sc.vms[0].sched_priority == 0 && sc.vms[0].sched_warp_us == 0);
	assert_int_equal(sc.vms[1].sched_weight, 1024);
	assert_int_equal(sc.vms[1].sched_priority, 31);
	assert_int_equal(sc.vms[1].sched_warp_us, 1000000);
}

/* "pvh": an ELF vmlinux entered at its PVH note, with the ramdisk module and bootargs. */
static void reads_pvh_kernel_type(void **state)
{
	static struct scenario sc;
	void *t = tree_base();
	(void)state;
	tree_set_str(t, VM0 "/kernel", "type", "pvh");
	tree_set_str(t, VM0 "/kernel", "bootargs", "console=ttyS0");
	tree_add_node(t, VM0, "ramdisk");
	tree_set_str(t, VM0 "/ramdisk", "module", "initrd");
	expect_accepted(t, NULL, &sc);
	assert_int_equal(sc.vms[0].kernel_type, SCENARIO_KERNEL_PVH);
	assert_string_equal(sc.vms[0].bootargs, "console=ttyS0");
	assert_true(sc.vms[0].has_ramdisk);
	assert_string_equal(sc.vms[0].ramdisk, "initrd");
	assert_string_equal(scenario_kernel_type_name(SCENARIO_KERNEL_PVH), "pvh");
	assert_string_equal(scenario_kernel_type_name((enum scenario_kernel_type)4), "?");
}

static void reads_bzimage_kernel_type(void **state)
{
	static struct scenario sc;
	void *t = tree_base();
	(void)state;
	tree_set_str(t, VM0 "/kernel", "type", "bzimage");
	expect_accepted(t, NULL, &sc);
	assert_int_equal(sc.vms[0].kernel_type, SCENARIO_KERNEL_BZIMAGE);
	assert_string_equal(scenario_kernel_type_name(SCENARIO_KERNEL_BZIMAGE), "bzimage");
	assert_string_equal(scenario_load_order_name(SCENARIO_POST_LAUNCHED), "post-launched");
}

static void refuses_blob_shorter_than_its_header(void **state)
{
	static struct scenario sc;
	struct scenario_report rep = { NULL, NULL, 0 };
	(void)state;
	assert_int_equal(scenario_load(tree_base(), 16, NULL, &sc, &rep), -22);
	assert_int_equal(rep.errors, 1);
	assert_int_equal(scenario_parse(NULL, 0, &sc, NULL), -22);
}

static void expect_blob_error(const void *blob, int fdt_err)
{
	char want[256];

	snprintf(want, sizeof(want), "scenario: /: not a valid device tree blob: %s", fdt_strerror(fdt_err));
	expect_refused(blob, NULL, want);
}

static void refuses_blob_with_bad_magic(void **state)
{
	uint8_t *t = tree_base();
	(void)state;
	t[0] ^= 0xff;
	/* fdt_totalsize() still reads the (intact) size field. */
	expect_blob_error(t, -FDT_ERR_BADMAGIC);
}

static void refuses_truncated_blob(void **state)
{
	static struct scenario sc;
	struct scenario_report rep = { NULL, NULL, 0 };
	void *t = tree_base();
	(void)state;
	assert_int_equal(scenario_load(t, fdt_totalsize(t) - 1, NULL, &sc, &rep), -22);
	assert_int_equal(rep.errors, 1);
	assert_int_equal(scenario_load(t, fdt_totalsize(t), NULL, &sc, &rep), 0);
}

static void refuses_tree_without_hypervisor_node(void **state)
{
	void *t = tree_base();
	(void)state;
	tree_del_node(t, HV);
	expect_refused(t, NULL, "scenario: " HV ": node is missing (a scenario lives there)");
}

static void leaves_no_vm_in_a_refused_scenario(void **state)
{
	static struct scenario sc, zero;
	void *t = tree_base();
	(void)state;
	tree_set_u32(t, VM1, "cpus", 0); /* parses, fails validation */
	memset(&sc, 0x5a, sizeof(sc));
	assert_int_equal(load(t, NULL, &sc), -22);
	assert_memory_equal(&sc, &zero, sizeof(sc));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(reads_every_field_of_a_vm),
		cmocka_unit_test(gives_defaults_to_optional_properties),
		cmocka_unit_test(reads_one_sched_policy_for_every_cpu),
		cmocka_unit_test(reads_sched_policy_per_cpu),
		cmocka_unit_test(reads_sched_policy_for_every_cpu_index),
		cmocka_unit_test(reads_sched_weight_priority_and_warp),
		cmocka_unit_test(reads_bzimage_kernel_type),
		cmocka_unit_test(reads_pvh_kernel_type),
		cmocka_unit_test(refuses_blob_shorter_than_its_header),
		cmocka_unit_test(refuses_blob_with_bad_magic),
		cmocka_unit_test(refuses_truncated_blob),
		cmocka_unit_test(refuses_tree_without_hypervisor_node),
		cmocka_unit_test(leaves_no_vm_in_a_refused_scenario),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}

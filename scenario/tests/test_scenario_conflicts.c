/* SPDX-License-Identifier: BSD-3-Clause */
/* Rules across VMs: each CPU, host byte, port and PCI function has one owner; names and ids are unique. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include "tree.h"

#define E0 "scenario: " VM0 ": "
#define E1 "scenario: " VM1 ": "

static void make_service_and_post_launched(void *t)
{
	tree_set_str(t, VM0, "load-order", "service");
	tree_set_str(t, VM1, "load-order", "post-launched");
	tree_del(t, VM1, "host-base");
}

static void refuses_cpu_given_to_two_vms(void **state)
{
	void *t = tree_base();
	(void)state;
	tree_set_u32(t, VM1, "cpus", 0);
	expect_refused(t, NULL, E1 "property \"cpus\": CPU 0 is already given to vm \"rt0\" (" VM0 ")");
}

static void refuses_cpu_of_pre_launched_vm_shared_with_service_vm(void **state)
{
	void *t = tree_base();
	const uint32_t cpus[] = { 1, 0 };
	(void)state;
	tree_set_str(t, VM1, "load-order", "service");
	tree_set_cells(t, VM1, "cpus", cpus, 2);
	expect_refused(t, NULL, E1 "property \"cpus\": CPU 0 is already given to vm \"rt0\" (" VM0 ")");
}

static void accepts_service_and_post_launched_vms_sharing_a_cpu(void **state)
{
	static struct scenario sc;
	void *t = tree_base();
	(void)state;
	make_service_and_post_launched(t);
	tree_set_u32(t, VM1, "cpus", 0);
	expect_accepted(t, NULL, &sc);
	assert_int_equal(sc.vms[1].cpus[0], 0);
	assert_int_equal(sc.vms[1].load_order, SCENARIO_POST_LAUNCHED);
	assert_true(sc.vms[1].host_base == SCENARIO_HOST_BASE_ANY);
	assert_int_equal(scenario_vm_host_range(&sc.vms[1]).size, 0);
}

static void refuses_host_memory_overlap_between_vms(void **state)
{
	void *t = tree_base();
	const uint32_t host[] = { 0, 0x11fff000 };
	(void)state;
	tree_set_cells(t, VM1, "host-base", host, 2);
	expect_refused(t, NULL, E1 "property \"host-base\": host memory 0x11fff000-0x13ffefff overlaps that of vm "
				  "\"rt0\" (" VM0 ") at 0x10000000-0x11ffffff");
}

static void accepts_adjacent_host_memory(void **state)
{
	static struct scenario sc;
	void *t = tree_base();
	(void)state;
	expect_accepted(t, NULL, &sc);
	assert_true(scenario_vm_host_range(&sc.vms[0]).base + scenario_vm_host_range(&sc.vms[0]).size ==
		    scenario_vm_host_range(&sc.vms[1]).base);
}

static void refuses_host_memory_of_service_vm_overlapping_pre_launched_vm(void **state)
{
	void *t = tree_base();
	const uint32_t host[] = { 0, 0x0f000000 };
	(void)state;
	tree_set_str(t, VM1, "load-order", "service");
	tree_set_cells(t, VM1, "host-base", host, 2);
	expect_refused(t, NULL, E1 "property \"host-base\": host memory 0xf000000-0x10ffffff overlaps that of vm "
				  "\"rt0\" (" VM0 ") at 0x10000000-0x11ffffff");
}

static void refuses_guest_memory_overlap_within_a_vm(void **state)
{
	void *t = tree_base();
	const uint32_t mem[] = { 0, 0x100000, 0, 0x100000, 0, 0, 0, 0x200000 };
	(void)state;
	tree_set_cells(t, VM1, "guest-memory", mem, 8);
	expect_refused(t, NULL, E1 "property \"guest-memory\": range 1 at 0x0 overlaps range 0 at 0x100000");
}

static void refuses_duplicate_vm_names(void **state)
{
	void *t = tree_base();
	(void)state;
	tree_set_str(t, VM1, "vm-name", "rt0");
	expect_refused(t, NULL, E1 "property \"vm-name\": name \"rt0\" is already used by " VM0);
}

static void refuses_duplicate_vm_ids(void **state)
{
	void *t = tree_base();
	(void)state;
	tree_set_u32(t, VM1, "reg", 0);
	expect_refused(t, NULL, E1 "property \"reg\": VM id 0 is already used by vm \"rt0\" (" VM0 ")");
}

static void refuses_second_service_vm(void **state)
{
	void *t = tree_base();
	(void)state;
	tree_set_str(t, VM0, "load-order", "service");
	tree_set_str(t, VM1, "load-order", "service");
	expect_refused(t, NULL, E1 "property \"load-order\": a second Service VM; vm \"rt0\" (" VM0
				  ") is already the Service VM");
}

static void refuses_post_launched_vm_without_service_vm(void **state)
{
	void *t = tree_base();
	(void)state;
	tree_set_str(t, VM1, "load-order", "post-launched");
	expect_refused(t, NULL, E1 "property \"load-order\": a post-launched VM needs a Service VM to launch it, "
				  "and there is none");
}

static void refuses_lapic_passthrough_outside_pre_launched_vm(void **state)
{
	void *t = tree_base();
	(void)state;
	make_service_and_post_launched(t);
	tree_set_raw(t, VM1, "lapic-passthrough", "", 0);
	expect_refused(t, NULL, E1 "property \"lapic-passthrough\": only a pre-launched VM may own its local APICs");
}

static void refuses_io_ports_passed_through_to_two_vms(void **state)
{
	void *t = tree_base();
	const uint32_t a[] = { 0x2f8, 8 }, b[] = { 0x60, 1, 0x2fc, 2 };
	(void)state;
	tree_set_cells(t, VM0, "pio-passthrough", a, 2);
	tree_set_cells(t, VM1, "pio-passthrough", b, 4);
	expect_refused(t, NULL, E1 "property \"pio-passthrough\": ports 0x2fc-0x2fd overlap ports already passed "
				  "through to vm \"rt0\" (" VM0 ")");
}

static void refuses_overlapping_io_port_ranges_in_one_vm(void **state)
{
	void *t = tree_base();
	const uint32_t a[] = { 0x2f8, 8, 0x2ff, 1 };
	(void)state;
	tree_set_cells(t, VM0, "pio-passthrough", a, 4);
	expect_refused(t, NULL, E0 "property \"pio-passthrough\": ports 0x2ff-0x2ff overlap ports already passed "
				  "through to vm \"rt0\" (" VM0 ")");
}

static void refuses_pci_device_passed_through_to_two_vms(void **state)
{
	void *t = tree_base();
	const uint32_t a[] = { 0, 0, 3, 0 }, b[] = { 0, 0, 4, 0, 0, 0, 3, 0 };
	(void)state;
	tree_set_cells(t, VM0, "pci-passthrough", a, 4);
	tree_set_cells(t, VM1, "pci-passthrough", b, 8);
	expect_refused(t, NULL, E1 "property \"pci-passthrough\": PCI device 0x0:0x0:0x3.0 is already passed through "
				  "to vm \"rt0\" (" VM0 ")");
}

static void refuses_pci_device_listed_twice_in_one_vm(void **state)
{
	void *t = tree_base();
	const uint32_t a[] = { 1, 2, 3, 4, 1, 2, 3, 4 };
	(void)state;
	tree_set_cells(t, VM1, "pci-passthrough", a, 8);
	expect_refused(t, NULL, E1 "property \"pci-passthrough\": PCI device 0x1:0x2:0x3.4 is already passed through "
				  "to vm \"vm1\" (" VM1 ")");
}

static void accepts_distinct_pass_through_resources(void **state)
{
	static struct scenario sc;
	void *t = tree_base();
	const uint32_t pa[] = { 0x2f8, 8 }, pb[] = { 0x300, 8 };
	const uint32_t ca[] = { 0, 0, 3, 0 }, cb[] = { 0, 0, 3, 1 };
	(void)state;
	tree_set_cells(t, VM0, "pio-passthrough", pa, 2);
	tree_set_cells(t, VM1, "pio-passthrough", pb, 2);
	tree_set_cells(t, VM0, "pci-passthrough", ca, 4);
	tree_set_cells(t, VM1, "pci-passthrough", cb, 4);
	expect_accepted(t, NULL, &sc);
	assert_int_equal(sc.vms[1].pio[0].base, 0x300);
	assert_int_equal(sc.vms[1].pci[0].function, 1);
}

static void validate_alone_reports_conflicts_in_a_parsed_scenario(void **state)
{
	static struct scenario sc;
	struct scenario_report rep = { NULL, NULL, 0 };
	void *t = tree_base();
	(void)state;
	expect_accepted(t, NULL, &sc);
	sc.vms[1].cpus[0] = 0;
	assert_int_equal(scenario_validate(&sc, NULL, &rep), -22);
	assert_int_equal(rep.errors, 1);
	assert_int_equal(scenario_validate(&sc, NULL, NULL), -22);
	sc.vms[1].cpus[0] = 1;
	assert_int_equal(scenario_validate(&sc, NULL, &rep), 0);
	assert_int_equal(rep.errors, 1);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(refuses_cpu_given_to_two_vms),
		cmocka_unit_test(refuses_cpu_of_pre_launched_vm_shared_with_service_vm),
		cmocka_unit_test(accepts_service_and_post_launched_vms_sharing_a_cpu),
		cmocka_unit_test(refuses_host_memory_overlap_between_vms),
		cmocka_unit_test(accepts_adjacent_host_memory),
		cmocka_unit_test(refuses_host_memory_of_service_vm_overlapping_pre_launched_vm),
		cmocka_unit_test(refuses_guest_memory_overlap_within_a_vm),
		cmocka_unit_test(refuses_duplicate_vm_names),
		cmocka_unit_test(refuses_duplicate_vm_ids),
		cmocka_unit_test(refuses_second_service_vm),
		cmocka_unit_test(refuses_post_launched_vm_without_service_vm),
		cmocka_unit_test(refuses_lapic_passthrough_outside_pre_launched_vm),
		cmocka_unit_test(refuses_io_ports_passed_through_to_two_vms),
		cmocka_unit_test(refuses_overlapping_io_port_ranges_in_one_vm),
		cmocka_unit_test(refuses_pci_device_passed_through_to_two_vms),
		cmocka_unit_test(refuses_pci_device_listed_twice_in_one_vm),
		cmocka_unit_test(accepts_distinct_pass_through_resources),
		cmocka_unit_test(validate_alone_reports_conflicts_in_a_parsed_scenario),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}

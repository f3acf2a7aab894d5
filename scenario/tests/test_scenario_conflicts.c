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

/* vm@0 the Service VM, its RAM identity-mapped at 0x10000000-0x11ffffff; vm@1 post-launched. */
static void make_service_and_post_launched(void *t)
{
	tree_make_service(t, VM0, 0x10000000u);
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
	tree_make_service(t, VM1, 0x12000000u);
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
	/* The Service VM has no host-base: its guest-memory is where its RAM is. */
	assert_int_equal(sc.vms[0].load_order, SCENARIO_SERVICE);
	assert_true(sc.vms[0].host_base == SCENARIO_HOST_BASE_ANY);
	assert_int_equal(scenario_vm_host_range(&sc.vms[0]).size, 0);
	assert_true(sc.vms[0].mem[0].base == 0x10000000 && sc.vms[0].mem[0].size == 0x2000000);
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

/* A Service VM's RAM is identity-mapped: its guest-memory ranges are host memory, checked as such. */
static void refuses_host_memory_of_service_vm_overlapping_pre_launched_vm(void **state)
{
	void *t = tree_base();
	(void)state;
	tree_make_service(t, VM1, 0x0f000000u);
	expect_refused(t, NULL, E1 "property \"guest-memory\": identity-mapped range 0xf000000-0x10ffffff overlaps "
				  "the host memory of vm \"rt0\" (" VM0 ") at 0x10000000-0x11ffffff");
}

/* The same conflict with the pre-launched VM listed after the Service VM, in its second range. */
static void refuses_service_vm_range_overlapping_later_pre_launched_vm(void **state)
{
	void *t = tree_base();
	const uint32_t mem[] = { 0, 0x1000, 0, 0x9e000, 0, 0x13fff000, 0, 0x2000 };
	(void)state;
	tree_make_service(t, VM0, 0x10000000u);
	tree_set_cells(t, VM0, "guest-memory", mem, 8);
	expect_refused(t, NULL, E0 "property \"guest-memory\": identity-mapped range 0x13fff000-0x14000fff overlaps "
				  "the host memory of vm \"vm1\" (" VM1 ") at 0x12000000-0x13ffffff");
}

/* A post-launched VM with a host-base owns that host range too. */
static void refuses_service_vm_range_overlapping_post_launched_host_base(void **state)
{
	void *t = tree_base();
	const uint32_t host[] = { 0, 0x11000000 };
	(void)state;
	make_service_and_post_launched(t);
	tree_set_cells(t, VM1, "host-base", host, 2);
	expect_refused(t, NULL, E0 "property \"guest-memory\": identity-mapped range 0x10000000-0x11ffffff overlaps "
				  "the host memory of vm \"vm1\" (" VM1 ") at 0x11000000-0x12ffffff");
}

/* Identity ranges right below and right above a pre-launched VM's host RAM, and a post-launched VM's guest
 * addresses (not host memory) under the Service VM's: no conflict. */
static void accepts_service_vm_ranges_adjacent_to_host_memory_of_others(void **state)
{
	static struct scenario sc;
	void *t = tree_base();
	const uint32_t mem[] = { 0, 0x1000, 0, 0xdf000, 0, 0x100000, 0, 0xff00000, 0, 0x12000000, 0, 0x1000 };
	(void)state;
	tree_make_service(t, VM1, 0);
	tree_set_cells(t, VM1, "guest-memory", mem, 12);
	tree_add_vm(t, 2);
	tree_set_str(t, HV "/vm@2", "load-order", "post-launched");
	tree_del(t, HV "/vm@2", "host-base");
	tree_set_cells(t, HV "/vm@2", "guest-memory", mem, 4);
	expect_accepted(t, NULL, &sc);
	assert_int_equal(sc.vm_count, 3);
	for (uint32_t i = 0; i < sc.vm_count; i++) {
		if (sc.vms[i].load_order != SCENARIO_SERVICE)
			continue;
		assert_string_equal(sc.vms[i].node, "vm@1");
		assert_int_equal(sc.vms[i].mem_count, 3);
		assert_int_equal(scenario_vm_host_range(&sc.vms[i]).size, 0);
	}
}

/* Host page 0 is never a guest's: a lookup of a GPA outside a VM's RAM answers 0. */
static void refuses_service_vm_range_including_page_0(void **state)
{
	void *t = tree_base();
	const uint32_t mem[] = { 0, 0, 0, 0x9f000 };
	(void)state;
	tree_make_service(t, VM1, 0);
	tree_set_cells(t, VM1, "guest-memory", mem, 4);
	expect_refused(t, NULL, E1 "property \"guest-memory\": identity-mapped range 0x0-0x9efff includes host page 0, "
				  "which is never a guest's (start it at 0x1000)");
}

/* 0xE0000-0xFFFFF holds the Service VM's ACPI tables, in RAM of its own. */
static void refuses_service_vm_range_overlapping_bios_area(void **state)
{
	void *t = tree_base();
	const uint32_t low[] = { 0, 0x1000, 0, 0xe0000 }, inside[] = { 0, 0xff000, 0, 0x1000 };
	(void)state;
	tree_make_service(t, VM1, 0);
	tree_set_cells(t, VM1, "guest-memory", low, 4);
	expect_refused(t, NULL, E1 "property \"guest-memory\": identity-mapped range 0x1000-0xe0fff overlaps the BIOS "
				  "area 0xe0000-0xfffff, where the hypervisor puts the VM's ACPI tables");
	t = tree_base();
	tree_make_service(t, VM1, 0);
	tree_set_cells(t, VM1, "guest-memory", inside, 4);
	expect_refused(t, NULL, E1 "property \"guest-memory\": identity-mapped range 0xff000-0xfffff overlaps the BIOS "
				  "area 0xe0000-0xfffff, where the hypervisor puts the VM's ACPI tables");
}

/* A range from 0 to 32 MiB breaks three rules: each is reported. */
static void reports_every_rule_an_identity_range_breaks(void **state)
{
	static struct scenario sc;
	void *t = tree_base();
	const uint32_t mem[] = { 0, 0, 0, 0x10001000 };
	(void)state;
	tree_make_service(t, VM1, 0);
	tree_set_cells(t, VM1, "guest-memory", mem, 4);
	assert_int_equal(load(t, NULL, &sc), -22);
	assert_int_equal(col.n, 3);
	assert_string_equal(col.line[0], E1 "property \"guest-memory\": identity-mapped range 0x0-0x10000fff includes "
					 "host page 0, which is never a guest's (start it at 0x1000)");
	assert_string_equal(col.line[1], E1 "property \"guest-memory\": identity-mapped range 0x0-0x10000fff overlaps "
					 "the BIOS area 0xe0000-0xfffff, where the hypervisor puts the VM's "
					 "ACPI tables");
	assert_string_equal(col.line[2], E1 "property \"guest-memory\": identity-mapped range 0x0-0x10000fff overlaps "
					 "the host memory of vm \"rt0\" (" VM0 ") at 0x10000000-0x11ffffff");
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
	tree_make_service(t, VM0, 0x10000000u);
	tree_make_service(t, VM1, 0x12000000u);
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
		cmocka_unit_test(refuses_service_vm_range_overlapping_later_pre_launched_vm),
		cmocka_unit_test(refuses_service_vm_range_overlapping_post_launched_host_base),
		cmocka_unit_test(accepts_service_vm_ranges_adjacent_to_host_memory_of_others),
		cmocka_unit_test(refuses_service_vm_range_including_page_0),
		cmocka_unit_test(refuses_service_vm_range_overlapping_bios_area),
		cmocka_unit_test(reports_every_rule_an_identity_range_breaks),
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

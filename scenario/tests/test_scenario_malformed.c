/* SPDX-License-Identifier: BSD-3-Clause */
/* Every malformed or missing property is refused, with its node and property named. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>
#include <cmocka.h>
#include "tree.h"

#define E0 "scenario: " VM0 ": "
#define E1 "scenario: " VM1 ": "

static void refuses_missing_vm_name(void **state)
{
	void *t = tree_base();
	(void)state;
	tree_del(t, VM1, "vm-name");
	expect_refused(t, NULL, E1 "property \"vm-name\": is missing");
}

static void refuses_vm_name_that_is_not_a_string(void **state)
{
	void *t = tree_base();
	(void)state;
	tree_set_u32(t, VM1, "vm-name", 1);
	expect_refused(t, NULL, E1 "property \"vm-name\": is not a single string");
}

static void refuses_vm_name_that_is_a_string_list(void **state)
{
	void *t = tree_base();
	(void)state;
	tree_set_raw(t, VM1, "vm-name", "a\0b", 4);
	expect_refused(t, NULL, E1 "property \"vm-name\": is not a single string");
}

static void refuses_empty_vm_name(void **state)
{
	void *t = tree_base();
	(void)state;
	tree_set_str(t, VM1, "vm-name", "");
	expect_refused(t, NULL, E1 "property \"vm-name\": is an empty string");
}

static void refuses_vm_name_longer_than_maximum(void **state)
{
	void *t = tree_base();
	(void)state;
	tree_set_str(t, VM1, "vm-name", "abcdefghijklmnopqrstuvwxyz012345"); /* 32 characters */
	expect_refused(t, NULL, E1 "property \"vm-name\": is longer than 31 characters");
}

static void refuses_missing_reg(void **state)
{
	void *t = tree_base();
	(void)state;
	tree_del(t, VM0, "reg");
	expect_refused(t, NULL, E0 "property \"reg\": is missing (the VM id, one cell)");
}

static void refuses_missing_load_order(void **state)
{
	void *t = tree_base();
	(void)state;
	tree_del(t, VM0, "load-order");
	expect_refused(t, NULL,
		       E0 "property \"load-order\": is missing (\"pre-launched\", \"service\" or \"post-launched\")");
}

static void refuses_unknown_load_order(void **state)
{
	void *t = tree_base();
	(void)state;
	tree_set_str(t, VM0, "load-order", "pre-lunched");
	expect_refused(t, NULL, E0 "property \"load-order\": unknown load order \"pre-lunched\" "
				  "(expected \"pre-launched\", \"service\" or \"post-launched\")");
}

static void refuses_missing_cpus(void **state)
{
	void *t = tree_base();
	(void)state;
	tree_del(t, VM1, "cpus");
	expect_refused(t, NULL, E1 "property \"cpus\": is missing (a list of physical CPU indexes)");
}

static void refuses_cpus_of_wrong_length(void **state)
{
	void *t = tree_base();
	(void)state;
	tree_set_raw(t, VM1, "cpus", "\0\0\1", 3);
	expect_refused(t, NULL,
		       E1 "property \"cpus\": is 3 bytes long, expected a non-zero multiple of 4 (1 cell per entry)");
}

static void refuses_empty_cpus(void **state)
{
	void *t = tree_base();
	(void)state;
	tree_set_raw(t, VM1, "cpus", "", 0);
	expect_refused(t, NULL,
		       E1 "property \"cpus\": is 0 bytes long, expected a non-zero multiple of 4 (1 cell per entry)");
}

static void refuses_more_cpus_than_a_vm_may_have(void **state)
{
	void *t = tree_base();
	uint32_t cpus[SCENARIO_MAX_VM_CPUS + 1];
	(void)state;
	for (uint32_t i = 0; i < SCENARIO_MAX_VM_CPUS + 1; i++)
		cpus[i] = i + 2;
	tree_set_cells(t, VM1, "cpus", cpus, SCENARIO_MAX_VM_CPUS + 1);
	expect_refused(t, NULL, E1 "property \"cpus\": has 17 entries, at most 16 are supported");
}

static void refuses_cpu_index_beyond_maximum(void **state)
{
	void *t = tree_base();
	(void)state;
	tree_set_u32(t, VM1, "cpus", SCENARIO_MAX_CPUS);
	expect_refused(t, NULL, E1 "property \"cpus\": CPU 64 is beyond the largest supported index 63");
}

static void refuses_cpu_listed_twice_in_one_vm(void **state)
{
	void *t = tree_base();
	const uint32_t cpus[] = { 1, 2, 1 };
	(void)state;
	tree_set_cells(t, VM1, "cpus", cpus, 3);
	expect_refused(t, NULL, E1 "property \"cpus\": CPU 1 is listed twice");
}

static void refuses_missing_guest_memory(void **state)
{
	void *t = tree_base();
	(void)state;
	tree_del(t, VM0, "guest-memory");
	expect_refused(t, NULL,
		       E0 "property \"guest-memory\": is missing (<base-hi base-lo size-hi size-lo> per range)");
}

static void refuses_guest_memory_of_wrong_length(void **state)
{
	void *t = tree_base();
	const uint32_t mem[] = { 0, 0, 0x2000000 };
	(void)state;
	tree_set_cells(t, VM0, "guest-memory", mem, 3);
	expect_refused(t, NULL, E0 "property \"guest-memory\": is 12 bytes long, expected a non-zero multiple of "
				  "16 (4 cells per entry)");
}

static void refuses_more_memory_ranges_than_supported(void **state)
{
	void *t = tree_base();
	uint32_t mem[4 * (SCENARIO_MAX_MEM_RANGES + 1)];
	(void)state;
	for (uint32_t i = 0; i <= SCENARIO_MAX_MEM_RANGES; i++) {
		mem[4 * i] = 0;
		mem[4 * i + 1] = i * 0x100000u;
		mem[4 * i + 2] = 0;
		mem[4 * i + 3] = 0x100000u;
	}
	tree_set_cells(t, VM0, "guest-memory", mem, 4 * (SCENARIO_MAX_MEM_RANGES + 1));
	expect_refused(t, NULL, E0 "property \"guest-memory\": has 9 entries, at most 8 are supported");
}

static void refuses_zero_sized_memory_range(void **state)
{
	void *t = tree_base();
	const uint32_t mem[] = { 0, 0, 0, 0x2000000, 0, 0x4000000, 0, 0 };
	(void)state;
	tree_set_cells(t, VM0, "guest-memory", mem, 8);
	expect_refused(t, NULL, E0 "property \"guest-memory\": range at 0x4000000 has size 0");
}

static void refuses_unaligned_memory_range(void **state)
{
	void *t = tree_base();
	const uint32_t mem[] = { 0, 0x800, 0, 0x2000000 };
	(void)state;
	tree_set_cells(t, VM0, "guest-memory", mem, 4);
	expect_refused(t, NULL, E0 "property \"guest-memory\": range at 0x800 is not 4 KiB aligned in base and size");
}

static void refuses_memory_range_that_wraps(void **state)
{
	void *t = tree_base();
	const uint32_t mem[] = { 0xffffffff, 0xfff00000, 0, 0x200000 };
	(void)state;
	tree_set_cells(t, VM0, "guest-memory", mem, 4);
	expect_refused(t, NULL, E0 "property \"guest-memory\": range at 0xfffffffffff00000 wraps around 2^64");
}

static void refuses_missing_host_base_for_pre_launched_vm(void **state)
{
	void *t = tree_base();
	(void)state;
	tree_del(t, VM1, "host-base");
	expect_refused(t, NULL, E1 "property \"host-base\": is missing (a pre-launched VM's RAM needs a fixed "
				  "host-physical base)");
}

static void refuses_host_base_of_one_cell(void **state)
{
	void *t = tree_base();
	(void)state;
	tree_set_u32(t, VM1, "host-base", 0x12000000);
	expect_refused(t, NULL, E1 "property \"host-base\": is 4 bytes long, expected 8 (two cells, high then low)");
}

static void refuses_unaligned_host_base(void **state)
{
	void *t = tree_base();
	const uint32_t host[] = { 0, 0x12000100 };
	(void)state;
	tree_set_cells(t, VM1, "host-base", host, 2);
	expect_refused(t, NULL, E1 "property \"host-base\": base 0x12000100 is not 4 KiB aligned");
}

static void refuses_host_range_that_wraps(void **state)
{
	void *t = tree_base();
	const uint32_t host[] = { 0xffffffff, 0xfff00000 };
	(void)state;
	tree_set_cells(t, VM1, "host-base", host, 2);
	expect_refused(t, NULL,
		       E1 "property \"host-base\": base 0xfffffffffff00000 plus the VM's RAM wraps around 2^64");
}

/* The hypervisor itself boots a pre-launched VM and the Service VM: both need a kernel node. */
static void refuses_missing_kernel_node(void **state)
{
	void *t = tree_base();
	(void)state;
	tree_del_node(t, VM1 "/kernel");
	expect_refused(t, NULL, E1 "sub-node \"kernel\" is missing");
	t = tree_base();
	tree_make_service(t, VM0, 0x14000000u);
	tree_del_node(t, VM0 "/kernel");
	expect_refused(t, NULL, E0 "sub-node \"kernel\" is missing");
}

/* A post-launched VM's kernel is its device model's to load: the node may be left out. */
static void accepts_post_launched_vm_without_kernel_node(void **state)
{
	static struct scenario sc;
	void *t = tree_base();
	(void)state;
	tree_make_service(t, VM0, 0x10000000u);
	tree_set_str(t, VM1, "load-order", "post-launched");
	tree_del(t, VM1, "host-base");
	tree_del_node(t, VM1 "/kernel");
	expect_accepted(t, NULL, &sc);
	assert_int_equal(sc.vms[1].load_order, SCENARIO_POST_LAUNCHED);
	assert_string_equal(sc.vms[1].kernel, "");
	assert_string_equal(sc.vms[0].kernel, "guest_hello");
}

/* The Service VM's guest-memory is where its RAM is; a host-base would say otherwise. */
static void refuses_host_base_for_service_vm(void **state)
{
	void *t = tree_base();
	const uint32_t host[] = { 0, 0x12000000 };
	(void)state;
	tree_make_service(t, VM1, 0x12000000u);
	tree_set_cells(t, VM1, "host-base", host, 2);
	expect_refused(t, NULL, E1 "property \"host-base\": a Service VM's RAM is identity-mapped: its guest-memory "
				  "ranges are host addresses (drop host-base)");
}

static void refuses_missing_kernel_module(void **state)
{
	void *t = tree_base();
	(void)state;
	tree_del(t, VM1 "/kernel", "module");
	expect_refused(t, NULL, "scenario: " VM1 "/kernel: property \"module\": is missing (the boot module's name)");
}

static void refuses_missing_kernel_type(void **state)
{
	void *t = tree_base();
	(void)state;
	tree_del(t, VM1 "/kernel", "type");
	expect_refused(t, NULL, "scenario: " VM1 "/kernel: property \"type\": is missing "
				"(\"multiboot-elf\", \"raw\", \"bzimage\" or \"pvh\")");
}

static void refuses_unknown_kernel_type(void **state)
{
	void *t = tree_base();
	(void)state;
	tree_set_str(t, VM1 "/kernel", "type", "pe");
	expect_refused(t, NULL, "scenario: " VM1 "/kernel: property \"type\": unknown kernel type \"pe\" "
				"(expected \"multiboot-elf\", \"raw\", \"bzimage\" or \"pvh\")");
}

static void refuses_kernel_type_in_upper_case(void **state)
{
	void *t = tree_base();
	(void)state;
	tree_set_str(t, VM1 "/kernel", "type", "PVH");
	expect_refused(t, NULL, "scenario: " VM1 "/kernel: property \"type\": unknown kernel type \"PVH\" "
				"(expected \"multiboot-elf\", \"raw\", \"bzimage\" or \"pvh\")");
}

/* A PVH kernel is entered where its ELF note says: load-address and entry-address are refused. */
static void refuses_load_address_for_pvh_kernel(void **state)
{
	void *t = tree_base();
	const uint32_t load[] = { 0, 0x100000 };
	(void)state;
	tree_set_str(t, VM1 "/kernel", "type", "pvh");
	tree_set_cells(t, VM1 "/kernel", "load-address", load, 2);
	expect_refused(t, NULL,
		       "scenario: " VM1 "/kernel: property \"load-address\": applies only to type \"raw\"");
}

static void refuses_raw_kernel_without_load_address(void **state)
{
	void *t = tree_base();
	const uint32_t entry[] = { 0, 0x100000 };
	(void)state;
	tree_set_str(t, VM1 "/kernel", "type", "raw");
	tree_set_cells(t, VM1 "/kernel", "entry-address", entry, 2);
	expect_refused(t, NULL,
		       "scenario: " VM1 "/kernel: property \"load-address\": is missing (required for type \"raw\")");
}

static void refuses_entry_address_for_non_raw_kernel(void **state)
{
	void *t = tree_base();
	const uint32_t entry[] = { 0, 0x100000 };
	(void)state;
	tree_set_cells(t, VM1 "/kernel", "entry-address", entry, 2);
	expect_refused(t, NULL,
		       "scenario: " VM1 "/kernel: property \"entry-address\": applies only to type \"raw\"");
}

static void refuses_bootargs_that_are_not_a_string(void **state)
{
	void *t = tree_base();
	(void)state;
	tree_set_u32(t, VM1 "/kernel", "bootargs", 7);
	expect_refused(t, NULL, "scenario: " VM1 "/kernel: property \"bootargs\": is not a single string");
}

static void refuses_ramdisk_without_module(void **state)
{
	void *t = tree_base();
	(void)state;
	tree_add_node(t, VM0, "ramdisk");
	expect_refused(t, NULL, "scenario: " VM0 "/ramdisk: property \"module\": is missing (the boot module's name)");
}

static void refuses_flag_with_a_value(void **state)
{
	void *t = tree_base();
	(void)state;
	tree_set_u32(t, VM0, "real-time", 1);
	expect_refused(t, NULL, E0 "property \"real-time\": is a flag and takes no value");
}

static void refuses_apicv_other_than_on_or_off(void **state)
{
	void *t = tree_base();
	(void)state;
	tree_set_str(t, VM0, "apicv", "yes");
	expect_refused(t, NULL, E0 "property \"apicv\": must be \"on\" or \"off\"");
}

static void refuses_watchdog_outside_10ms_to_1h(void **state)
{
	void *t = tree_base();
	(void)state;
	tree_set_u32(t, VM0, "watchdog-ms", 5);
	expect_refused(t, NULL, E0 "property \"watchdog-ms\": period 0x5 is outside 10 ms .. 1 hour");
	t = tree_base();
	tree_set_u32(t, VM1, "watchdog-ms", 3600001);
	expect_refused(t, NULL, E1 "property \"watchdog-ms\": period 0x36ee81 is outside 10 ms .. 1 hour");
}

static void refuses_x2apic_other_than_on_or_off(void **state)
{
	void *t = tree_base();
	(void)state;
	tree_set_str(t, VM0, "x2apic", "no");
	expect_refused(t, NULL, E0 "property \"x2apic\": must be \"on\" or \"off\"");
}

static void refuses_x2apic_off_with_lapic_passthrough(void **state)
{
	void *t = tree_base();
	(void)state;
	tree_set_str(t, VM0, "x2apic", "off");
	tree_set_raw(t, VM0, "lapic-passthrough", "", 0);
	expect_refused(t, NULL, E0 "property \"x2apic\": must be \"on\" with lapic-passthrough");
}

static void refuses_unknown_vm_property(void **state)
{
	void *t = tree_base();
	(void)state;
	tree_set_raw(t, VM0, "lapic-passthru", "", 0);
	expect_refused(t, NULL, E0 "property \"lapic-passthru\": is not part of the binding (unknown property)");
}

static void refuses_unknown_vm_subnode(void **state)
{
	void *t = tree_base();
	(void)state;
	tree_add_node(t, VM0, "vuart0");
	expect_refused(t, NULL, E0 "sub-node \"vuart0\" is not part of the binding (unknown node)");
}

static void refuses_unknown_hypervisor_subnode(void **state)
{
	void *t = tree_base();
	(void)state;
	tree_add_node(t, HV, "domain@2");
	expect_refused(t, NULL, "scenario: " HV ": sub-node \"domain@2\" is not part of the binding "
				"(VM nodes are named vm@<id>)");
}

static void refuses_vuart_port_beyond_io_space(void **state)
{
	void *t = tree_base();
	(void)state;
	tree_add_node(t, VM0, "vuart");
	tree_set_u32(t, VM0 "/vuart", "port", 0xfffa);
	expect_refused(t, NULL, "scenario: " VM0 "/vuart: property \"port\": port 0xfffa is beyond 0xffff "
				"(the device uses 8 ports)");
}

static void refuses_vuart_irq_beyond_15(void **state)
{
	void *t = tree_base();
	(void)state;
	tree_add_node(t, VM0, "vuart");
	tree_set_u32(t, VM0 "/vuart", "irq", 16);
	expect_refused(t, NULL, "scenario: " VM0 "/vuart: property \"irq\": IRQ 16 is not a legacy (ISA) IRQ 0..15");
}

static void refuses_debug_exit_port_of_wrong_length(void **state)
{
	void *t = tree_base();
	(void)state;
	tree_add_node(t, VM0, "debug-exit");
	tree_set_raw(t, VM0 "/debug-exit", "port", "\0\xf4", 2);
	expect_refused(t, NULL,
		       "scenario: " VM0 "/debug-exit: property \"port\": is 2 bytes long, expected 4 (one cell)");
}

static void refuses_pio_range_beyond_0xffff(void **state)
{
	void *t = tree_base();
	const uint32_t pio[] = { 0xfff8, 9 };
	(void)state;
	tree_set_cells(t, VM0, "pio-passthrough", pio, 2);
	expect_refused(t, NULL, E0 "property \"pio-passthrough\": port range at 0xfff8 goes beyond port 0xffff");
}

static void refuses_empty_pio_range(void **state)
{
	void *t = tree_base();
	const uint32_t pio[] = { 0x2f8, 0 };
	(void)state;
	tree_set_cells(t, VM0, "pio-passthrough", pio, 2);
	expect_refused(t, NULL, E0 "property \"pio-passthrough\": port range at 0x2f8 has count 0");
}

static void refuses_pci_function_out_of_range(void **state)
{
	void *t = tree_base();
	const uint32_t pci[] = { 0, 0, 3, 0, 0, 0, 4, 8 };
	(void)state;
	tree_set_cells(t, VM0, "pci-passthrough", pci, 8);
	expect_refused(t, NULL, E0 "property \"pci-passthrough\": entry 1 is out of range (segment <= 0xffff, "
				  "bus <= 0xff, device <= 31, function <= 7)");
}

#define SCHED_E "scenario: " HV ": property \"sched-policy\": "

static void refuses_unknown_sched_policy(void **state)
{
	void *t = tree_base();
	(void)state;
	tree_set_str(t, HV, "sched-policy", "fifo");
	expect_refused(t, NULL, SCHED_E "unknown policy \"fifo\" (expected \"bvt\", \"rr\" or \"prio\")");
	t = tree_base();
	tree_set_str(t, HV, "sched-policy", "BVT");
	expect_refused(t, NULL, SCHED_E "unknown policy \"BVT\" (expected \"bvt\", \"rr\" or \"prio\")");
	t = tree_base();
	tree_set_raw(t, HV, "sched-policy", "bvt\0rr\0edf\0prio", 16);
	expect_refused(t, NULL, SCHED_E "unknown policy \"edf\" (expected \"bvt\", \"rr\" or \"prio\")");
	t = tree_base();
	tree_set_str(t, HV, "sched-policy", "");
	expect_refused(t, NULL, SCHED_E "unknown policy \"\" (expected \"bvt\", \"rr\" or \"prio\")");
}

/* One entry per CPU index 0..63 at most. */
static void refuses_more_sched_policies_than_cpus(void **state)
{
	static char list[(SCENARIO_MAX_CPUS + 1) * 3];
	void *t = tree_base();
	(void)state;
	for (unsigned int i = 0; i < SCENARIO_MAX_CPUS + 1; i++)
		memcpy(list + 3 * i, "rr", 3);
	tree_set_raw(t, HV, "sched-policy", list, sizeof(list));
	expect_refused(t, NULL, SCHED_E "must be 1 to 64 strings (one for every CPU, or one per CPU)");
}

static void refuses_sched_policy_that_is_not_a_string_list(void **state)
{
	void *t = tree_base();
	(void)state;
	tree_set_raw(t, HV, "sched-policy", "", 0);
	expect_refused(t, NULL, SCHED_E "must be 1 to 64 strings (one for every CPU, or one per CPU)");
	t = tree_base();
	tree_set_u32(t, HV, "sched-policy", 1);
	expect_refused(t, NULL, SCHED_E "is not a list of strings");
}

static void refuses_sched_weight_outside_1_to_1024(void **state)
{
	void *t = tree_base();
	(void)state;
	tree_set_u32(t, VM0, "sched-weight", 0);
	expect_refused(t, NULL, E0 "property \"sched-weight\": weight 0x0 is outside 1 .. 1024");
	t = tree_base();
	tree_set_u32(t, VM1, "sched-weight", 1025);
	expect_refused(t, NULL, E1 "property \"sched-weight\": weight 0x401 is outside 1 .. 1024");
	t = tree_base();
	tree_set_cells(t, VM1, "sched-weight", (const uint32_t[]){ 0, 8 }, 2);
	expect_refused(t, NULL, E1 "property \"sched-weight\": is 8 bytes long, expected 4 (one cell)");
}

static void refuses_sched_priority_beyond_31(void **state)
{
	void *t = tree_base();
	(void)state;
	tree_set_u32(t, VM1, "sched-priority", 32);
	expect_refused(t, NULL, E1 "property \"sched-priority\": priority 0x20 is outside 0 .. 31");
}

static void refuses_sched_warp_beyond_1s(void **state)
{
	void *t = tree_base();
	(void)state;
	tree_set_u32(t, VM1, "sched-warp-us", 1000001);
	expect_refused(t, NULL, E1 "property \"sched-warp-us\": warp 0xf4241 is outside 0 .. 1 s");
}

static void refuses_missing_version(void **state)
{
	void *t = tree_base();
	(void)state;
	tree_del(t, HV, "version");
	expect_refused(t, NULL, "scenario: " HV ": property \"version\": is missing");
}

static void refuses_unsupported_version(void **state)
{
	void *t = tree_base();
	(void)state;
	tree_set_u32(t, HV, "version", 2);
	expect_refused(t, NULL, "scenario: " HV ": property \"version\": version 2 is not supported "
				"(this hypervisor reads version 1)");
}

static void refuses_missing_compatible(void **state)
{
	void *t = tree_base();
	(void)state;
	tree_del(t, HV, "compatible");
	expect_refused(t, NULL, "scenario: " HV ": property \"compatible\": is missing (expected \"hvkit,scenario\")");
}

static void refuses_foreign_compatible(void **state)
{
	void *t = tree_base();
	(void)state;
	tree_set_str(t, HV, "compatible", "hypervisor,xen");
	expect_refused(t, NULL, "scenario: " HV ": property \"compatible\": does not contain \"hvkit,scenario\"");
}

static void refuses_zero_vms(void **state)
{
	void *t = tree_base();
	(void)state;
	tree_del_node(t, VM0);
	tree_del_node(t, VM1);
	expect_refused(t, NULL, "scenario: " HV ": has no VM nodes (a scenario needs at least one vm@<id>)");
}

static void refuses_more_vms_than_supported(void **state)
{
	void *t = tree_base();
	(void)state;
	for (uint32_t id = 2; id <= SCENARIO_MAX_VMS; id++)
		tree_add_vm(t, id);
	expect_refused(t, NULL, "scenario: " HV ": has 9 VM nodes, at most 8 are supported");
}

static void accepts_as_many_vms_as_supported(void **state)
{
	static struct scenario sc;
	void *t = tree_base();
	(void)state;
	for (uint32_t id = 2; id < SCENARIO_MAX_VMS; id++)
		tree_add_vm(t, id);
	expect_accepted(t, NULL, &sc);
	assert_int_equal(sc.vm_count, SCENARIO_MAX_VMS);
}

static void reports_every_error_not_only_the_first(void **state)
{
	static struct scenario sc;
	void *t = tree_base();
	(void)state;
	tree_del(t, VM0, "vm-name");
	tree_set_str(t, VM1 "/kernel", "type", "pe");
	tree_set_u32(t, HV, "version", 9);
	assert_int_equal(load(t, NULL, &sc), -22);
	assert_int_equal(col.n, 3);
	assert_string_equal(col.line[0], "scenario: " HV ": property \"version\": version 9 is not supported "
					 "(this hypervisor reads version 1)");
	assert_string_equal(col.line[1], E0 "property \"vm-name\": is missing");
	assert_string_equal(col.line[2], "scenario: " VM1 "/kernel: property \"type\": unknown kernel type \"pe\" "
					 "(expected \"multiboot-elf\", \"raw\", \"bzimage\" or \"pvh\")");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(refuses_missing_vm_name),
		cmocka_unit_test(refuses_vm_name_that_is_not_a_string),
		cmocka_unit_test(refuses_vm_name_that_is_a_string_list),
		cmocka_unit_test(refuses_empty_vm_name),
		cmocka_unit_test(refuses_vm_name_longer_than_maximum),
		cmocka_unit_test(refuses_missing_reg),
		cmocka_unit_test(refuses_missing_load_order),
		cmocka_unit_test(refuses_unknown_load_order),
		cmocka_unit_test(refuses_missing_cpus),
		cmocka_unit_test(refuses_cpus_of_wrong_length),
		cmocka_unit_test(refuses_empty_cpus),
		cmocka_unit_test(refuses_more_cpus_than_a_vm_may_have),
		cmocka_unit_test(refuses_cpu_index_beyond_maximum),
		cmocka_unit_test(refuses_cpu_listed_twice_in_one_vm),
		cmocka_unit_test(refuses_missing_guest_memory),
		cmocka_unit_test(refuses_guest_memory_of_wrong_length),
		cmocka_unit_test(refuses_more_memory_ranges_than_supported),
		cmocka_unit_test(refuses_zero_sized_memory_range),
		cmocka_unit_test(refuses_unaligned_memory_range),
		cmocka_unit_test(refuses_memory_range_that_wraps),
		cmocka_unit_test(refuses_missing_host_base_for_pre_launched_vm),
		cmocka_unit_test(refuses_host_base_of_one_cell),
		cmocka_unit_test(refuses_unaligned_host_base),
		cmocka_unit_test(refuses_host_range_that_wraps),
		cmocka_unit_test(refuses_missing_kernel_node),
		cmocka_unit_test(accepts_post_launched_vm_without_kernel_node),
		cmocka_unit_test(refuses_host_base_for_service_vm),
		cmocka_unit_test(refuses_missing_kernel_module),
		cmocka_unit_test(refuses_missing_kernel_type),
		cmocka_unit_test(refuses_unknown_kernel_type),
		cmocka_unit_test(refuses_kernel_type_in_upper_case),
		cmocka_unit_test(refuses_load_address_for_pvh_kernel),
		cmocka_unit_test(refuses_raw_kernel_without_load_address),
		cmocka_unit_test(refuses_entry_address_for_non_raw_kernel),
		cmocka_unit_test(refuses_bootargs_that_are_not_a_string),
		cmocka_unit_test(refuses_ramdisk_without_module),
		cmocka_unit_test(refuses_flag_with_a_value),
		cmocka_unit_test(refuses_apicv_other_than_on_or_off),
		cmocka_unit_test(refuses_watchdog_outside_10ms_to_1h),
		cmocka_unit_test(refuses_x2apic_other_than_on_or_off),
		cmocka_unit_test(refuses_x2apic_off_with_lapic_passthrough),
		cmocka_unit_test(refuses_unknown_vm_property),
		cmocka_unit_test(refuses_unknown_vm_subnode),
		cmocka_unit_test(refuses_unknown_hypervisor_subnode),
		cmocka_unit_test(refuses_vuart_port_beyond_io_space),
		cmocka_unit_test(refuses_vuart_irq_beyond_15),
		cmocka_unit_test(refuses_debug_exit_port_of_wrong_length),
		cmocka_unit_test(refuses_pio_range_beyond_0xffff),
		cmocka_unit_test(refuses_empty_pio_range),
		cmocka_unit_test(refuses_pci_function_out_of_range),
		cmocka_unit_test(refuses_unknown_sched_policy),
		cmocka_unit_test(refuses_more_sched_policies_than_cpus),
		cmocka_unit_test(refuses_sched_policy_that_is_not_a_string_list),
		cmocka_unit_test(refuses_sched_weight_outside_1_to_1024),
		cmocka_unit_test(refuses_sched_priority_beyond_31),
		cmocka_unit_test(refuses_sched_warp_beyond_1s),
		cmocka_unit_test(refuses_missing_version),
		cmocka_unit_test(refuses_unsupported_version),
		cmocka_unit_test(refuses_missing_compatible),
		cmocka_unit_test(refuses_foreign_compatible),
		cmocka_unit_test(refuses_zero_vms),
		cmocka_unit_test(refuses_more_vms_than_supported),
		cmocka_unit_test(accepts_as_many_vms_as_supported),
		cmocka_unit_test(reports_every_error_not_only_the_first),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}

/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * The compiled-scenario reader of the images without a device-tree parser (scenario_compiled_lib): a good blob
 * loads; every corruption of the header, the checksum or a bound is refused with its own line, naming node and
 * property, and the scenario comes back empty; the validation against the machine still runs. argv[1] and argv[2]
 * are the partition and lapic_pt images' defaults (scenario/<mode>.hvsc, written by hvkit-scenario compile).
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <cmocka.h>
#include <scenario/scenario_bin.h>

#define VM0 "/chosen/hypervisor/vm@0"
#define VM1 "/chosen/hypervisor/vm@1"

static const char *default_partition_path, *default_lapic_pt_path;
static unsigned char blob[SCENARIO_BIN_SIZE];
static struct scenario sc, out;
static char lines[16][512];
static unsigned int line_count;

static void collect(void *ctx, const char *message)
{
	(void)ctx;
	if (line_count < 16)
		snprintf(lines[line_count++], sizeof(lines[0]), "%s", message);
}

static void vm_base(struct vm_config *vm, uint32_t id, const char *name, uint8_t cpu, uint64_t host_base)
{
	memset(vm, 0, sizeof(*vm));
	vm->id = id;
	snprintf(vm->node, sizeof(vm->node), "vm@%u", id);
	snprintf(vm->name, sizeof(vm->name), "%s", name);
	vm->load_order = SCENARIO_PRE_LAUNCHED;
	vm->cpu_count = 1;
	vm->cpus[0] = cpu;
	vm->mem_count = 1;
	vm->mem[0] = (struct scenario_range){ 0, 0x2000000 };
	vm->host_base = host_base;
	snprintf(vm->kernel, sizeof(vm->kernel), "guest_hello");
	vm->kernel_type = SCENARIO_KERNEL_PVH;
	vm->apicv = true;
	vm->has_vuart = true;
	vm->vuart_port = 0x3f8;
	vm->vuart_irq = 4;
}

/* Two pre-launched VMs, as scenario/dts/lapic_pt.dts has them; every test starts from it. */
static int setup(void **state)
{
	(void)state;
	memset(&sc, 0, sizeof(sc));
	sc.version = SCENARIO_VERSION;
	sc.vm_count = 2;
	vm_base(&sc.vms[0], 0, "rt0", 1, 0x10000000);
	sc.vms[0].lapic_passthrough = true;
	vm_base(&sc.vms[1], 1, "part1", 0, 0x12000000);
	line_count = 0;
	return 0;
}

static int load(size_t size, const struct scenario_platform *plat)
{
	struct scenario_report rep = { collect, NULL, 0 };
	line_count = 0;
	int rc = scenario_load(blob, size, plat, &out, &rep);

	assert_int_equal(rep.errors, line_count);
	return rc;
}

/* Refused with a line containing want, and nothing left to start. */
static void expect_refused_blob(size_t size, const struct scenario_platform *plat, const char *want)
{
	assert_int_not_equal(load(size, plat), 0);
	assert_int_equal(out.vm_count, 0);
	for (unsigned int i = 0; i < line_count; i++)
		if (strstr(lines[i], want) != NULL)
			return;
	for (unsigned int i = 0; i < line_count; i++)
		fprintf(stderr, "got: %s\n", lines[i]);
	fail_msg("no line contains: %s", want);
}

static void expect_refused(const char *want)
{
	scenario_bin_write(&sc, blob);
	expect_refused_blob(sizeof(blob), NULL, want);
}

static void crc32_is_zlibs(void **state)
{
	(void)state;
	assert_int_equal(scenario_bin_crc32("123456789", 9), 0xcbf43926u);
	assert_int_equal(scenario_bin_crc32("", 0), 0);
}

static void loads_a_written_scenario(void **state)
{
	(void)state;
	scenario_bin_write(&sc, blob);
	assert_int_equal(load(sizeof(blob), NULL), 0);
	assert_int_equal(line_count, 0);
	assert_memory_equal(&out, &sc, sizeof(sc));
}

/* The default of the image at path, written by hvkit-scenario compile: two VMs on a 2-CPU PC. */
static void load_default(const char *path)
{
	static const char *const modules[] = { "guest_hello" };
	static const struct scenario_range ram[] = { { 0, 0x9f000 }, { 0x100000, 0x1ff00000 } };
	const struct scenario_platform plat = { .cpu_count = 2, .modules = modules, .module_count = 1, .ram = ram,
						.ram_count = 2, .kernel_types = 1u << SCENARIO_KERNEL_PVH };
	FILE *f = fopen(path, "rb");
	assert_non_null(f);
	size_t size = fread(blob, 1, sizeof(blob), f);
	fclose(f);
	assert_int_equal(size, sizeof(blob));
	assert_int_equal(load(size, &plat), 0);
	assert_int_equal(out.vm_count, 2);
}

static void loads_the_defaults(void **state)
{
	(void)state;
	load_default(default_partition_path);
	assert_string_equal(out.vms[0].name, "part0");
	assert_false(out.vms[0].lapic_passthrough);
	load_default(default_lapic_pt_path);
	assert_string_equal(out.vms[0].name, "rt0");
	assert_true(out.vms[0].lapic_passthrough);
	assert_string_equal(out.vms[1].name, "part1");
}

static void refuses_a_device_tree(void **state)
{
	(void)state;
	memcpy(blob, "\xd0\x0d\xfe\xed\0\0\0\x40", 8);
	expect_refused_blob(64, NULL, "scenario: /: this image takes a compiled scenario, not a device tree: "
			    "hvkit-scenario compile FILE.dts -o FILE.hvsc");
}

static void refuses_a_short_blob(void **state)
{
	(void)state;
	scenario_bin_write(&sc, blob);
	expect_refused_blob(15, NULL, "not a compiled scenario (shorter than its 16-byte header)");
	expect_refused_blob(0, NULL, "shorter than its 16-byte header");
}

static void refuses_bad_magic(void **state)
{
	(void)state;
	scenario_bin_write(&sc, blob);
	blob[0] ^= 1;
	expect_refused_blob(sizeof(blob), NULL, "not a compiled scenario (no \"hvsc\" magic at its start)");
}

static void refuses_another_format_version(void **state)
{
	(void)state;
	scenario_bin_write(&sc, blob);
	blob[4] = SCENARIO_BIN_VERSION + 1;
	expect_refused_blob(sizeof(blob), NULL, "compiled scenario format 2 of");
}

static void refuses_another_structure_size(void **state)
{
	char want[128];
	(void)state;
	scenario_bin_write(&sc, blob);
	uint32_t size = (uint32_t)sizeof(struct scenario) - 8;
	memcpy(blob + 8, &size, 4);
	snprintf(want, sizeof(want), "format 1 of %u bytes: this image reads format 1 of %zu bytes", size,
		 sizeof(struct scenario));
	expect_refused_blob(sizeof(blob), NULL, want);
}

static void refuses_a_cut_blob(void **state)
{
	(void)state;
	scenario_bin_write(&sc, blob);
	expect_refused_blob(sizeof(blob) - 1, NULL, "compiled scenario cut short");
}

static void refuses_a_bad_checksum(void **state)
{
	(void)state;
	scenario_bin_write(&sc, blob);
	blob[sizeof(struct scenario_bin_header) + offsetof(struct vm_config, cpus)] ^= 0x10;
	expect_refused_blob(sizeof(blob), NULL, "compiled scenario corrupt: its contents do not match its CRC-32");
}

static void refuses_a_count_over_its_maximum(void **state)
{
	(void)state;
	sc.vms[1].cpu_count = SCENARIO_MAX_VM_CPUS + 1;
	expect_refused("scenario: " VM1 ": property \"cpus\": cpu_count is 17 in this compiled scenario, outside 1..16");
}

static void refuses_too_many_vms(void **state)
{
	(void)state;
	sc.vm_count = SCENARIO_MAX_VMS + 1;
	expect_refused("scenario: /chosen/hypervisor: has 9 VM nodes, at most 8 are supported");
}

static void refuses_a_string_without_nul(void **state)
{
	(void)state;
	memset(sc.vms[0].name, 'a', sizeof(sc.vms[0].name));
	expect_refused("scenario: " VM0 ": property \"vm-name\": name has no NUL inside its 32 bytes");
}

static void refuses_a_node_name_without_nul(void **state)
{
	(void)state;
	memset(sc.vms[1].node, 'v', sizeof(sc.vms[1].node));
	expect_refused("scenario: /chosen/hypervisor: VM 1's node name is empty or has no NUL inside its 32 bytes");
}

static void refuses_a_flag_that_is_not_0_or_1(void **state)
{
	(void)state;
	((unsigned char *)&sc.vms[0])[offsetof(struct vm_config, real_time)] = 2;
	expect_refused("scenario: " VM0 ": property \"real-time\": real_time is 2 in this compiled scenario, outside 0..1");
}

static void refuses_an_enum_out_of_range(void **state)
{
	(void)state;
	sc.vms[0].kernel_type = (enum scenario_kernel_type)7;
	expect_refused("scenario: " VM0 "/kernel: property \"type\": kernel_type is 7");
}

static void refuses_a_cpu_beyond_the_largest_index(void **state)
{
	(void)state;
	sc.vms[0].cpus[0] = SCENARIO_MAX_CPUS;
	expect_refused("scenario: " VM0 ": property \"cpus\": CPU 64 is beyond the largest supported index 63");
}

static void refuses_empty_or_wrapping_memory(void **state)
{
	(void)state;
	sc.vms[0].mem[0].size = 0;
	expect_refused("scenario: " VM0 ": property \"guest-memory\": range at 0x0 is empty, unaligned or wraps");
	setup(NULL);
	sc.vms[1].host_base = UINT64_MAX - 0xfff;
	expect_refused("scenario: " VM1 ": property \"host-base\": base 0xfffffffffffff000 is not 4 KiB aligned or");
}

static void refuses_ports_beyond_0xffff(void **state)
{
	(void)state;
	sc.vms[0].pio_count = 1;
	sc.vms[0].pio[0] = (struct scenario_pio_range){ 0xfff0, 0x20 };
	expect_refused("scenario: " VM0 ": property \"pio-passthrough\": port range at 0xfff0 is empty or goes beyond");
}

#define NO_SCHED "is not supported by this image (it runs one vCPU per CPU; the share and hybrid images schedule)"

static void refuses_scheduling_fields(void **state)
{
	uint32_t *const fields[] = { &sc.vms[1].sched_weight, &sc.vms[1].sched_priority, &sc.vms[1].sched_warp_us };
	const char *const props[] = { "sched-weight", "sched-priority", "sched-warp-us" };
	char want[256];
	(void)state;
	for (size_t i = 0; i < 3; i++) {
		setup(NULL);
		*fields[i] = 3;
		snprintf(want, sizeof(want), "scenario: " VM1 ": property \"%s\": " NO_SCHED, props[i]);
		expect_refused(want);
	}
	setup(NULL);
	sc.sched_policy_count = 1;
	expect_refused("scenario: /chosen/hypervisor: property \"sched-policy\": " NO_SCHED);
}

static void validates_as_the_parser_images_do(void **state)
{
	(void)state;
	sc.vms[1].cpus[0] = 1;
	expect_refused("scenario: " VM1 ": property \"cpus\": CPU 1 is already given to vm \"rt0\" (" VM0 ")");
	setup(NULL);
	sc.vms[1].load_order = SCENARIO_SERVICE;
	sc.vms[1].host_base = SCENARIO_HOST_BASE_ANY;
	expect_refused("scenario: " VM1 ": property \"load-order\": \"service\" is not a load order this image starts");
	sc.vms[1].load_order = SCENARIO_POST_LAUNCHED;
	expect_refused("scenario: " VM1 ": property \"load-order\": \"post-launched\" is not a load order this image "
		       "starts (it starts pre-launched VMs only; the share and hybrid images start the others)");
}

static void checks_the_machine(void **state)
{
	const struct scenario_platform plat = { .cpu_count = 1, .kernel_types = 1u << SCENARIO_KERNEL_PVH };
	(void)state;
	sc.vms[0].kernel_type = SCENARIO_KERNEL_BZIMAGE;
	scenario_bin_write(&sc, blob);
	expect_refused_blob(sizeof(blob), &plat, "scenario: " VM0 "/kernel: property \"type\": \"bzimage\" is not a "
			    "kernel type this image loads");
	expect_refused_blob(sizeof(blob), &plat, "scenario: " VM0 ": property \"cpus\": CPU 1 does not exist");
}

#define T(f) cmocka_unit_test_setup(f, setup)

int main(int argc, char **argv)
{
	const struct CMUnitTest tests[] = {
		T(crc32_is_zlibs), T(loads_a_written_scenario), T(loads_the_defaults),
		T(refuses_a_device_tree), T(refuses_a_short_blob), T(refuses_bad_magic),
		T(refuses_another_format_version), T(refuses_another_structure_size), T(refuses_a_cut_blob),
		T(refuses_a_bad_checksum), T(refuses_a_count_over_its_maximum), T(refuses_too_many_vms),
		T(refuses_a_string_without_nul), T(refuses_a_node_name_without_nul),
		T(refuses_a_flag_that_is_not_0_or_1), T(refuses_an_enum_out_of_range),
		T(refuses_a_cpu_beyond_the_largest_index), T(refuses_empty_or_wrapping_memory),
		T(refuses_ports_beyond_0xffff), T(refuses_scheduling_fields), T(validates_as_the_parser_images_do),
		T(checks_the_machine),
	};
	if (argc != 3) {
		fprintf(stderr, "usage: %s partition.hvsc lapic_pt.hvsc\n", argv[0]);
		return 2;
	}
	default_partition_path = argv[1];
	default_lapic_pt_path = argv[2];
	return cmocka_run_group_tests(tests, NULL, NULL);
}

/* SPDX-License-Identifier: BSD-3-Clause */
/* One VM node: identity, load order, CPUs, memory, flags, pass-through resources. */
#include <string.h>
#include "sc_fdt.h"
#include "sc_msg.h"
#include "sc_names.h"
#include "sc_parse.h"

static const char *const vm_props[] = {
	"reg", "vm-name", "load-order", "cpus", "guest-memory", "host-base", "lapic-passthrough",
	"real-time", "apicv", "x2apic", "pio-passthrough", "pci-passthrough", "watchdog-ms",
	"sched-weight", "sched-priority", "sched-warp-us", NULL,
};
static const char *const vm_subnodes[] = { "kernel", "ramdisk", "vuart", "debug-exit", NULL };

static void value_error(const struct sc_node *n, const char *prop, const char *what, uint64_t v,
			const char *why)
{
	sc_fail(n->rep, n->node, n->sub, prop, "%s 0x%lx %s", what, v, why);
}

static void parse_identity(const struct sc_node *n, struct vm_config *vm)
{
	int order;

	if (sc_u32(n, "reg", &vm->id) == SC_ABSENT)
		sc_missing(n, "reg", "the VM id, one cell");
	if (sc_string(n, "vm-name", vm->name, sizeof(vm->name), 0) == SC_ABSENT)
		sc_missing(n, "vm-name", NULL);
	order = sc_enum(n, "load-order", "load order", sc_load_order_names, SC_LOAD_ORDER_COUNT,
			"\"pre-launched\", \"service\" or \"post-launched\"");
	vm->load_order = order < 0 ? SCENARIO_POST_LAUNCHED : (enum scenario_load_order)order;
}

static void parse_cpus(const struct sc_node *n, struct vm_config *vm)
{
	const void *cells;
	uint32_t count;
	enum sc_got got = sc_cells(n, "cpus", 1, SCENARIO_MAX_VM_CPUS, &cells, &count);

	if (got == SC_ABSENT)
		sc_missing(n, "cpus", "a list of physical CPU indexes");
	if (got != SC_OK)
		return;
	for (uint32_t i = 0; i < count; i++) {
		uint32_t cpu = sc_cell(cells, i);
		int dup = 0;

		if (cpu >= SCENARIO_MAX_CPUS) {
			sc_fail(n->rep, n->node, n->sub, "cpus", "CPU %u is beyond the largest supported index %u", cpu, SCENARIO_MAX_CPUS - 1);
			continue;
		}
		for (uint32_t j = 0; j < vm->cpu_count; j++)
			dup |= vm->cpus[j] == cpu;
		if (dup) {
			sc_fail(n->rep, n->node, n->sub, "cpus", "CPU %u is listed twice", cpu);
			continue;
		}
		vm->cpus[vm->cpu_count++] = (uint8_t)cpu;
	}
}

/* What is wrong with a guest-memory range, given the RAM before it, or NULL. */
static const char *range_problem(uint64_t base, uint64_t size, uint64_t total)
{
	if (size == 0)
		return "has size 0";
	if ((base | size) % SCENARIO_PAGE_SIZE != 0)
		return "is not 4 KiB aligned in base and size";
	if (base + size < base || total + size < total)
		return "wraps around 2^64";
	return NULL;
}

/* The guest-memory ranges; returns the VM's RAM in bytes. */
static uint64_t parse_guest_memory(const struct sc_node *n, struct vm_config *vm)
{
	const void *cells;
	uint32_t count;
	uint64_t total = 0;
	enum sc_got got = sc_cells(n, "guest-memory", 4, SCENARIO_MAX_MEM_RANGES, &cells, &count);

	if (got == SC_ABSENT)
		sc_missing(n, "guest-memory", "<base-hi base-lo size-hi size-lo> per range");
	for (uint32_t i = 0; got == SC_OK && i < count; i++) {
		uint64_t base = ((uint64_t)sc_cell(cells, 4 * i) << 32) | sc_cell(cells, 4 * i + 1);
		uint64_t size = ((uint64_t)sc_cell(cells, 4 * i + 2) << 32) | sc_cell(cells, 4 * i + 3);
		const char *problem = range_problem(base, size, total);

		if (problem != NULL) {
			value_error(n, "guest-memory", "range at", base, problem);
			continue;
		}
		vm->mem[vm->mem_count].base = base;
		vm->mem[vm->mem_count].size = size;
		vm->mem_count++;
		total += size;
	}
	return total;
}

/* A given host-base: none for a Service VM (identity-mapped), 4 KiB aligned, and the RAM above it does not
 * wrap; false (after the error) otherwise. */
static bool host_base_ok(const struct sc_node *n, const struct vm_config *vm, uint64_t total)
{
	if (vm->load_order == SCENARIO_SERVICE)
		sc_fail(n->rep, n->node, n->sub, "host-base",
			"a Service VM's RAM is identity-mapped: its guest-memory ranges are host addresses (drop host-base)");
	else if (vm->host_base % SCENARIO_PAGE_SIZE != 0)
		value_error(n, "host-base", "base", vm->host_base, "is not 4 KiB aligned");
	else if (vm->host_base == SCENARIO_HOST_BASE_ANY || vm->host_base + total < vm->host_base)
		value_error(n, "host-base", "base", vm->host_base, "plus the VM's RAM wraps around 2^64");
	else
		return true;
	return false;
}

static void parse_host_base(const struct sc_node *n, struct vm_config *vm, uint64_t total)
{
	vm->host_base = SCENARIO_HOST_BASE_ANY;
	enum sc_got got = sc_u64(n, "host-base", &vm->host_base);
	if (got == SC_ABSENT && vm->load_order == SCENARIO_PRE_LAUNCHED)
		sc_missing(n, "host-base", "a pre-launched VM's RAM needs a fixed host-physical base");
	if (got != SC_OK || !host_base_ok(n, vm, total))
		vm->host_base = SCENARIO_HOST_BASE_ANY;
}

static void parse_memory(const struct sc_node *n, struct vm_config *vm)
{
	parse_host_base(n, vm, parse_guest_memory(n, vm));
}

/* "on" (true) or "off" (false) in property prop; absent: dflt. */
static bool on_off(const struct sc_node *n, const char *prop, bool dflt)
{
	char v[8];
	if (sc_string(n, prop, v, sizeof(v), 0) != SC_OK)
		return dflt;
	if (strcmp(v, "off") == 0)
		return false;
	if (strcmp(v, "on") != 0)
		sc_fail(n->rep, n->node, n->sub, prop, "must be \"on\" or \"off\"");
	return true;
}

/* A VM that shows no sign of life (a watchdog hypercall) for this long is stopped. */
static void parse_watchdog(const struct sc_node *n, struct vm_config *vm)
{
	enum sc_got got = sc_u32(n, "watchdog-ms", &vm->watchdog_ms);
	if (got == SC_OK && (vm->watchdog_ms < 10 || vm->watchdog_ms > 3600000))
		value_error(n, "watchdog-ms", "period", vm->watchdog_ms, "is outside 10 ms .. 1 hour");
	if (got != SC_OK)
		vm->watchdog_ms = 0;
}

static void parse_flags(const struct sc_node *n, struct vm_config *vm)
{
	sc_flag(n, "lapic-passthrough", &vm->lapic_passthrough);
	sc_flag(n, "real-time", &vm->real_time);
	vm->apicv = on_off(n, "apicv", true);
	vm->no_x2apic = !on_off(n, "x2apic", true);
	/* A VM that drives its physical LAPIC runs it in x2APIC mode. */
	if (vm->no_x2apic && vm->lapic_passthrough)
		sc_fail(n->rep, n->node, n->sub, "x2apic", "must be \"on\" with lapic-passthrough");
	parse_watchdog(n, vm);
	sc_parse_sched_params(n, vm);
}

static void parse_pio(const struct sc_node *n, struct vm_config *vm)
{
	const void *cells;
	uint32_t count;

	if (sc_cells(n, "pio-passthrough", 2, SCENARIO_MAX_PIO_RANGES, &cells, &count) != SC_OK)
		return;
	for (uint32_t i = 0; i < count; i++) {
		uint32_t base = sc_cell(cells, 2 * i), num = sc_cell(cells, 2 * i + 1);

		if (num == 0)
			value_error(n, "pio-passthrough", "port range at", base, "has count 0");
		else if (base > 0xffffu || num > 0x10000u - base)
			value_error(n, "pio-passthrough", "port range at", base, "goes beyond port 0xffff");
		else
			vm->pio[vm->pio_count++] = (struct scenario_pio_range){ (uint16_t)base, num };
	}
}

static void parse_pci(const struct sc_node *n, struct vm_config *vm)
{
	const void *cells;
	uint32_t count;

	if (sc_cells(n, "pci-passthrough", 4, SCENARIO_MAX_PCI_DEVS, &cells, &count) != SC_OK)
		return;
	for (uint32_t i = 0; i < count; i++) {
		uint32_t seg = sc_cell(cells, 4 * i), bus = sc_cell(cells, 4 * i + 1);
		uint32_t dev = sc_cell(cells, 4 * i + 2), fn = sc_cell(cells, 4 * i + 3);

		if (seg > 0xffffu || bus > 0xffu || dev > 31u || fn > 7u) {
			sc_fail(n->rep, n->node, n->sub, "pci-passthrough", "entry %u is out of range (segment <= 0xffff, bus <= 0xff, device <= 31, function <= 7)", i);
			continue;
		}
		vm->pci[vm->pci_count++] = (struct scenario_pci_dev){ (uint16_t)seg, (uint8_t)bus, (uint8_t)dev,
								      (uint8_t)fn };
	}
}

void sc_parse_vm(const struct sc_node *n, struct vm_config *vm)
{
	size_t len = strlen(n->node);

	if (len >= sizeof(vm->node)) {
		sc_fail(n->rep, n->node, NULL, NULL, "node name is longer than 31 characters");
		len = sizeof(vm->node) - 1;
	}
	memcpy(vm->node, n->node, len);
	vm->node[len] = '\0';

	sc_only_known(n, vm_props, vm_subnodes);
	parse_identity(n, vm);
	parse_cpus(n, vm);
	parse_memory(n, vm);
	parse_flags(n, vm);
	parse_pio(n, vm);
	parse_pci(n, vm);
	sc_parse_vm_subnodes(n, vm);
}

/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * A compiled scenario's bounds: what the parser guarantees on a DTB and the boot code relies on (counts within
 * the arrays, enums and flags in range, strings NUL-terminated inside theirs, CPU indexes, memory and port
 * ranges that neither are empty nor wrap). A corrupt or hand-made blob that passed the checksum stops here.
 * Flags are read as bytes: a bool holding anything but 0 or 1 must never be read as a bool. This reader serves
 * the images that run one vCPU per CPU, so the scheduling fields must be absent (0), as their parser refuses them.
 */
#include <stddef.h>
#include <string.h>
#include "sc_bin.h"
#include "sc_msg.h"

#define SCHED_WHY "is not supported by this image (it runs one vCPU per CPU; the share and hybrid images schedule)"

/* A number in struct vm_config (an integer, an enum or a bool's byte) and the values it may hold. */
struct field_rule {
	size_t offset, width;
	const char *field, *sub, *prop;
	uint64_t lo, hi;
	const char *why; /* NULL: say the range */
};
#define FIELD(f) offsetof(struct vm_config, f), sizeof(((struct vm_config *)0)->f), #f
#define FLAG(f, sub, prop) { FIELD(f), sub, prop, 0, 1, NULL }

static const struct field_rule FIELDS[] = {
	{ FIELD(load_order), NULL, "load-order", 0, SCENARIO_POST_LAUNCHED, NULL },
	{ FIELD(cpu_count), NULL, "cpus", 1, SCENARIO_MAX_VM_CPUS, NULL },
	{ FIELD(mem_count), NULL, "guest-memory", 1, SCENARIO_MAX_MEM_RANGES, NULL },
	{ FIELD(kernel_type), "kernel", "type", 0, SCENARIO_KERNEL_PVH, NULL },
	{ FIELD(watchdog_ms), NULL, "watchdog-ms", 0, 3600000, NULL },
	{ FIELD(sched_weight), NULL, "sched-weight", 0, 0, SCHED_WHY },
	{ FIELD(sched_priority), NULL, "sched-priority", 0, 0, SCHED_WHY },
	{ FIELD(sched_warp_us), NULL, "sched-warp-us", 0, 0, SCHED_WHY },
	{ FIELD(vuart_port), "vuart", "port", 0, 0x10000 - 8, NULL },
	{ FIELD(vuart_irq), "vuart", "irq", 0, 15, NULL },
	{ FIELD(pio_count), NULL, "pio-passthrough", 0, SCENARIO_MAX_PIO_RANGES, NULL },
	{ FIELD(pci_count), NULL, "pci-passthrough", 0, SCENARIO_MAX_PCI_DEVS, NULL },
	FLAG(has_ramdisk, "ramdisk", NULL),
	FLAG(lapic_passthrough, NULL, "lapic-passthrough"),
	FLAG(real_time, NULL, "real-time"),
	FLAG(apicv, NULL, "apicv"),
	FLAG(no_x2apic, NULL, "x2apic"),
	FLAG(has_vuart, "vuart", NULL),
	FLAG(has_debug_exit, "debug-exit", NULL),
};

/* A NUL-terminated string of at least min characters in char[size] at offset. */
struct string_rule {
	size_t offset, size;
	const char *field, *sub, *prop;
	size_t min;
};
static const struct string_rule STRINGS[] = {
	{ FIELD(name), NULL, "vm-name", 1 },
	{ FIELD(kernel), "kernel", "module", 1 },
	{ FIELD(bootargs), "kernel", "bootargs", 0 },
	{ FIELD(ramdisk), "ramdisk", "module", 0 },
};

static uint64_t field_value(const struct vm_config *vm, const struct field_rule *r)
{
	uint64_t v = 0;

	memcpy(&v, (const unsigned char *)vm + r->offset, r->width); /* little-endian: the low bytes */
	return v;
}

/* The numbers of FIELDS; 0 when every one is in range. */
static int check_fields(const struct vm_config *vm, struct scenario_report *rep)
{
	uint32_t before = rep->errors;

	for (size_t i = 0; i < sizeof(FIELDS) / sizeof(FIELDS[0]); i++) {
		const struct field_rule *r = &FIELDS[i];
		uint64_t v = field_value(vm, r);

		if (v >= r->lo && v <= r->hi)
			continue;
		if (r->why != NULL)
			sc_fail(rep, vm->node, r->sub, r->prop, "%s", r->why);
		else
			sc_fail(rep, vm->node, r->sub, r->prop, "%s is %lu in this compiled scenario, outside %lu..%lu",
				r->field, v, r->lo, r->hi);
	}
	return rep->errors == before ? 0 : -1;
}

static void check_strings(const struct vm_config *vm, struct scenario_report *rep)
{
	for (size_t i = 0; i < sizeof(STRINGS) / sizeof(STRINGS[0]); i++) {
		const struct string_rule *r = &STRINGS[i];
		const char *s = (const char *)vm + r->offset;

		if (memchr(s, '\0', r->size) == NULL)
			sc_fail(rep, vm->node, r->sub, r->prop, "%s has no NUL inside its %zu bytes", r->field, r->size);
		else if (strlen(s) < r->min)
			sc_fail(rep, vm->node, r->sub, r->prop, "is an empty string");
	}
}

static void check_cpus(const struct vm_config *vm, struct scenario_report *rep)
{
	for (uint32_t i = 0; i < vm->cpu_count; i++) {
		if (vm->cpus[i] >= SCENARIO_MAX_CPUS)
			sc_fail(rep, vm->node, NULL, "cpus", "CPU %u is beyond the largest supported index %u", vm->cpus[i],
				SCENARIO_MAX_CPUS - 1);
		for (uint32_t j = 0; j < i; j++)
			if (vm->cpus[j] == vm->cpus[i])
				sc_fail(rep, vm->node, NULL, "cpus", "CPU %u is listed twice", vm->cpus[i]);
	}
}

/* Each range non-empty and 4 KiB aligned, and no sum of them or with host-base wraps. */
static void check_memory(const struct vm_config *vm, struct scenario_report *rep)
{
	uint64_t total = 0;

	for (uint32_t i = 0; i < vm->mem_count; i++) {
		const struct scenario_range *r = &vm->mem[i];

		if (r->size == 0 || (r->base | r->size) % SCENARIO_PAGE_SIZE != 0 || r->base + r->size < r->base ||
		    total + r->size < total)
			sc_fail(rep, vm->node, NULL, "guest-memory", "range at 0x%lx is empty, unaligned or wraps", r->base);
		total += r->size;
	}
	if (vm->host_base == SCENARIO_HOST_BASE_ANY && vm->load_order == SCENARIO_PRE_LAUNCHED)
		sc_fail(rep, vm->node, NULL, "host-base", "is missing (a pre-launched VM's RAM needs a fixed host-physical base)");
	else if (vm->host_base != SCENARIO_HOST_BASE_ANY && (vm->host_base % SCENARIO_PAGE_SIZE != 0 || vm->host_base + total < vm->host_base))
		sc_fail(rep, vm->node, NULL, "host-base", "base 0x%lx is not 4 KiB aligned or the VM's RAM above it wraps",
			vm->host_base);
}

static void check_passthrough(const struct vm_config *vm, struct scenario_report *rep)
{
	for (uint32_t i = 0; i < vm->pio_count; i++)
		if (vm->pio[i].count == 0 || vm->pio[i].count > 0x10000u - vm->pio[i].base)
			sc_fail(rep, vm->node, NULL, "pio-passthrough", "port range at 0x%x is empty or goes beyond port 0xffff",
				vm->pio[i].base);
	for (uint32_t i = 0; i < vm->pci_count; i++)
		if (vm->pci[i].device > 31u || vm->pci[i].function > 7u)
			sc_fail(rep, vm->node, NULL, "pci-passthrough", "entry %u is out of range (device <= 31, function <= 7)", i);
}

static void check_vm(const struct vm_config *vm, uint32_t index, struct scenario_report *rep)
{
	if (memchr(vm->node, '\0', sizeof(vm->node)) == NULL || vm->node[0] == '\0') {
		sc_fail(rep, NULL, NULL, NULL, "VM %u's node name is empty or has no NUL inside its %zu bytes", index,
			sizeof(vm->node));
		return;
	}
	if (check_fields(vm, rep) != 0)
		return;
	check_strings(vm, rep);
	check_cpus(vm, rep);
	check_memory(vm, rep);
	check_passthrough(vm, rep);
	if (vm->no_x2apic && vm->lapic_passthrough)
		sc_fail(rep, vm->node, NULL, "x2apic", "must be \"on\" with lapic-passthrough");
}

int sc_bin_check(const struct scenario *sc, struct scenario_report *rep)
{
	uint32_t before = rep->errors;

	if (sc->version != SCENARIO_VERSION)
		sc_fail(rep, NULL, NULL, "version", "version %u is not supported (this hypervisor reads version %u)",
			sc->version, SCENARIO_VERSION);
	if (sc->sched_policy_count != 0)
		sc_fail(rep, NULL, NULL, "sched-policy", SCHED_WHY);
	if (sc->vm_count > SCENARIO_MAX_VMS) {
		sc_fail(rep, NULL, NULL, NULL, "has %u VM nodes, at most %u are supported", sc->vm_count, SCENARIO_MAX_VMS);
		return -1;
	}
	for (uint32_t i = 0; i < sc->vm_count; i++)
		check_vm(&sc->vms[i], i, rep);
	return rep->errors == before ? 0 : -1;
}

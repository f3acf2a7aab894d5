/* SPDX-License-Identifier: BSD-3-Clause */
/* Validation inside the scenario: every resource has one owner, every name one VM. */
#include <string.h>
#include <hvkit/errno.h>
#include "sc_msg.h"
#include "sc_validate.h"

/* [a, a+asize) and [b, b+bsize) share a byte; no sum is formed, so nothing can wrap. */
int sc_ranges_overlap(uint64_t a, uint64_t asize, uint64_t b, uint64_t bsize)
{
	return (a >= b && a - b < bsize) || (b >= a && b - a < asize);
}

static void check_identity(const struct scenario *sc, uint32_t j, struct scenario_report *rep)
{
	const struct vm_config *b = &sc->vms[j];

	for (uint32_t i = 0; i < j; i++) {
		const struct vm_config *a = &sc->vms[i];

		if (a->name[0] != '\0' && strcmp(a->name, b->name) == 0)
			sc_fail(rep, b->node, NULL, "vm-name", "name \"%s\" is already used by " SCENARIO_NODE_PATH "/%s",
				b->name, a->node);
		if (a->id == b->id)
			sc_fail(rep, b->node, NULL, "reg", "VM id %u is already used by " OTHER_VM, b->id, OTHER_VM_ARGS(a));
	}
}

static void check_guest_memory(const struct vm_config *vm, struct scenario_report *rep)
{
	for (uint32_t j = 1; j < vm->mem_count; j++) {
		for (uint32_t i = 0; i < j; i++) {
			if (!sc_ranges_overlap(vm->mem[i].base, vm->mem[i].size, vm->mem[j].base, vm->mem[j].size))
				continue;
			sc_fail(rep, vm->node, NULL, "guest-memory", "range %u at 0x%lx overlaps range %u at 0x%lx", j,
				vm->mem[j].base, i, vm->mem[i].base);
		}
	}
}

/* CPUs: a pre-launched VM's CPUs are its own; Service and post-launched VMs may share theirs. */
static void check_cpus(const struct scenario *sc, uint32_t j, struct scenario_report *rep)
{
	const struct vm_config *b = &sc->vms[j];

	for (uint32_t i = 0; i < j; i++) {
		const struct vm_config *a = &sc->vms[i];

		if (a->load_order != SCENARIO_PRE_LAUNCHED && b->load_order != SCENARIO_PRE_LAUNCHED)
			continue;
		for (uint32_t x = 0; x < b->cpu_count; x++) {
			for (uint32_t y = 0; y < a->cpu_count; y++) {
				if (b->cpus[x] == a->cpus[y])
					sc_fail(rep, b->node, NULL, "cpus", "CPU %u is already given to " OTHER_VM, b->cpus[x],
						OTHER_VM_ARGS(a));
			}
		}
	}
}

static void check_host_memory(const struct scenario *sc, uint32_t j, struct scenario_report *rep)
{
	struct scenario_range b = scenario_vm_host_range(&sc->vms[j]);

	if (b.size == 0)
		return;
	for (uint32_t i = 0; i < j; i++) {
		struct scenario_range a = scenario_vm_host_range(&sc->vms[i]);

		if (a.size == 0 || !sc_ranges_overlap(a.base, a.size, b.base, b.size))
			continue;
		sc_fail(rep, sc->vms[j].node, NULL, "host-base", "host memory 0x%lx-0x%lx overlaps that of " OTHER_VM " at 0x%lx-0x%lx",
			b.base, b.base + b.size - 1, OTHER_VM_ARGS(&sc->vms[i]), a.base, a.base + a.size - 1);
	}
}

/* b's pass-through port ranges against a's (against its own earlier ones when same). */
static void check_pio_owner(const struct vm_config *b, const struct vm_config *a, bool same,
			    struct scenario_report *rep)
{
	for (uint32_t x = 0; x < b->pio_count; x++) {
		for (uint32_t y = 0; y < (same ? x : a->pio_count); y++) {
			if (sc_ranges_overlap(b->pio[x].base, b->pio[x].count, a->pio[y].base, a->pio[y].count))
				sc_fail(rep, b->node, NULL, "pio-passthrough",
					"ports 0x%x-0x%x overlap ports already passed through to " OTHER_VM, b->pio[x].base,
					b->pio[x].base + b->pio[x].count - 1u, OTHER_VM_ARGS(a));
		}
	}
}

/* b's pass-through PCI functions against a's (against its own earlier ones when same). */
static void check_pci_owner(const struct vm_config *b, const struct vm_config *a, bool same,
			    struct scenario_report *rep)
{
	for (uint32_t x = 0; x < b->pci_count; x++) {
		for (uint32_t y = 0; y < (same ? x : a->pci_count); y++) {
			if (memcmp(&b->pci[x], &a->pci[y], sizeof(b->pci[x])) == 0)
				sc_fail(rep, b->node, NULL, "pci-passthrough",
					"PCI device 0x%x:0x%x:0x%x.%u is already passed through to " OTHER_VM, b->pci[x].segment,
					b->pci[x].bus, b->pci[x].device, b->pci[x].function, OTHER_VM_ARGS(a));
		}
	}
}

/* Pass-through ports and PCI functions: one owner each, also within one VM. */
static void check_passthrough(const struct scenario *sc, uint32_t j, struct scenario_report *rep)
{
	const struct vm_config *b = &sc->vms[j];

	for (uint32_t i = 0; i <= j; i++) {
		check_pio_owner(b, &sc->vms[i], i == j, rep);
		check_pci_owner(b, &sc->vms[i], i == j, rep);
	}
}

void sc_validate_rules(const struct scenario *sc, struct scenario_report *rep)
{
	if (sc->vm_count == 0)
		sc_fail(rep, NULL, NULL, NULL, "has no VM nodes (a scenario needs at least one vm@<id>)");
	sc_validate_load_orders(sc, rep);
	for (uint32_t j = 0; j < sc->vm_count; j++) {
		check_identity(sc, j, rep);
		check_guest_memory(&sc->vms[j], rep);
		check_cpus(sc, j, rep);
		check_host_memory(sc, j, rep);
		check_passthrough(sc, j, rep);
	}
}

struct scenario_range scenario_vm_host_range(const struct vm_config *vm)
{
	struct scenario_range r = { 0, 0 };

	if (vm->host_base == SCENARIO_HOST_BASE_ANY)
		return r;
	r.base = vm->host_base;
	for (uint32_t i = 0; i < vm->mem_count; i++)
		r.size += vm->mem[i].size;
	return r;
}

int scenario_validate(const struct scenario *sc, const struct scenario_platform *plat,
		      struct scenario_report *rep)
{
	struct scenario_report quiet = { NULL, NULL, 0 };
	uint32_t before;

	if (rep == NULL)
		rep = &quiet;
	before = rep->errors;
	if (sc->vm_count > SCENARIO_MAX_VMS) {
		sc_fail(rep, NULL, NULL, NULL, "too many VMs in the parsed scenario");
		return -HV_EINVAL;
	}
	sc_validate_rules(sc, rep);
	sc_validate_platform(sc, plat, rep);
	return rep->errors == before ? 0 : -HV_EINVAL;
}

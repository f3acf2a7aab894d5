/* SPDX-License-Identifier: BSD-3-Clause */
/* Validation inside the scenario: every resource has one owner, every name one VM. */
#include <string.h>
#include <hvkit/errno.h>
#include "sc_msg.h"
#include "sc_validate.h"

/* [a, a+asize) and [b, b+bsize) share a byte; no sum is formed, so nothing can wrap. */
static int ranges_overlap(uint64_t a, uint64_t asize, uint64_t b, uint64_t bsize)
{
	return (a >= b && a - b < bsize) || (b >= a && b - a < asize);
}

/* "... vm "name" (/chosen/hypervisor/vm@0)" */
static void other_vm(struct sc_msg *m, const struct vm_config *vm)
{
	sc_msg_str(m, "vm \"");
	sc_msg_str(m, vm->name);
	sc_msg_str(m, "\" (");
	sc_msg_vm_path(m, vm);
	sc_msg_str(m, ")");
}

static void check_identity(const struct scenario *sc, uint32_t j, struct scenario_report *rep)
{
	const struct vm_config *b = &sc->vms[j];
	struct sc_msg m;

	for (uint32_t i = 0; i < j; i++) {
		const struct vm_config *a = &sc->vms[i];

		if (a->name[0] != '\0' && strcmp(a->name, b->name) == 0) {
			sc_msg_start(&m, b->node, NULL, "vm-name");
			sc_msg_str(&m, "name \"");
			sc_msg_str(&m, b->name);
			sc_msg_str(&m, "\" is already used by ");
			sc_msg_vm_path(&m, a);
			sc_msg_send(&m, rep);
		}
		if (a->id == b->id) {
			sc_msg_start(&m, b->node, NULL, "reg");
			sc_msg_str(&m, "VM id ");
			sc_msg_dec(&m, b->id);
			sc_msg_str(&m, " is already used by ");
			other_vm(&m, a);
			sc_msg_send(&m, rep);
		}
	}
}

static void check_load_orders(const struct scenario *sc, struct scenario_report *rep)
{
	const struct vm_config *service = NULL;
	struct sc_msg m;

	for (uint32_t i = 0; i < sc->vm_count; i++) {
		const struct vm_config *vm = &sc->vms[i];

		if (vm->load_order != SCENARIO_SERVICE)
			continue;
		if (service == NULL) {
			service = vm;
			continue;
		}
		sc_msg_start(&m, vm->node, NULL, "load-order");
		sc_msg_str(&m, "a second Service VM; ");
		other_vm(&m, service);
		sc_msg_str(&m, " is already the Service VM");
		sc_msg_send(&m, rep);
	}
	for (uint32_t i = 0; i < sc->vm_count; i++) {
		const struct vm_config *vm = &sc->vms[i];

		if (vm->load_order == SCENARIO_POST_LAUNCHED && service == NULL)
			sc_fail(rep, vm->node, NULL, "load-order",
				"a post-launched VM needs a Service VM to launch it, and there is none");
		if (vm->lapic_passthrough && vm->load_order != SCENARIO_PRE_LAUNCHED)
			sc_fail(rep, vm->node, NULL, "lapic-passthrough",
				"only a pre-launched VM may own its local APICs");
	}
}

static void check_guest_memory(const struct vm_config *vm, struct scenario_report *rep)
{
	struct sc_msg m;

	for (uint32_t j = 1; j < vm->mem_count; j++) {
		for (uint32_t i = 0; i < j; i++) {
			if (!ranges_overlap(vm->mem[i].base, vm->mem[i].size, vm->mem[j].base, vm->mem[j].size))
				continue;
			sc_msg_start(&m, vm->node, NULL, "guest-memory");
			sc_msg_str(&m, "range ");
			sc_msg_dec(&m, j);
			sc_msg_str(&m, " at ");
			sc_msg_hex(&m, vm->mem[j].base);
			sc_msg_str(&m, " overlaps range ");
			sc_msg_dec(&m, i);
			sc_msg_str(&m, " at ");
			sc_msg_hex(&m, vm->mem[i].base);
			sc_msg_send(&m, rep);
		}
	}
}

/* CPUs: a pre-launched VM's CPUs are its own; Service and post-launched VMs may share theirs. */
static void check_cpus(const struct scenario *sc, uint32_t j, struct scenario_report *rep)
{
	const struct vm_config *b = &sc->vms[j];
	struct sc_msg m;

	for (uint32_t i = 0; i < j; i++) {
		const struct vm_config *a = &sc->vms[i];

		if (a->load_order != SCENARIO_PRE_LAUNCHED && b->load_order != SCENARIO_PRE_LAUNCHED)
			continue;
		for (uint32_t x = 0; x < b->cpu_count; x++) {
			for (uint32_t y = 0; y < a->cpu_count; y++) {
				if (b->cpus[x] != a->cpus[y])
					continue;
				sc_msg_start(&m, b->node, NULL, "cpus");
				sc_msg_str(&m, "CPU ");
				sc_msg_dec(&m, b->cpus[x]);
				sc_msg_str(&m, " is already given to ");
				other_vm(&m, a);
				sc_msg_send(&m, rep);
			}
		}
	}
}

static void check_host_memory(const struct scenario *sc, uint32_t j, struct scenario_report *rep)
{
	struct scenario_range b = scenario_vm_host_range(&sc->vms[j]);
	struct sc_msg m;

	if (b.size == 0)
		return;
	for (uint32_t i = 0; i < j; i++) {
		struct scenario_range a = scenario_vm_host_range(&sc->vms[i]);

		if (a.size == 0 || !ranges_overlap(a.base, a.size, b.base, b.size))
			continue;
		sc_msg_start(&m, sc->vms[j].node, NULL, "host-base");
		sc_msg_str(&m, "host memory ");
		sc_msg_hex(&m, b.base);
		sc_msg_str(&m, "-");
		sc_msg_hex(&m, b.base + b.size - 1);
		sc_msg_str(&m, " overlaps that of ");
		other_vm(&m, &sc->vms[i]);
		sc_msg_str(&m, " at ");
		sc_msg_hex(&m, a.base);
		sc_msg_str(&m, "-");
		sc_msg_hex(&m, a.base + a.size - 1);
		sc_msg_send(&m, rep);
	}
}

/* "identity-mapped range 0x1000-0x9efff" of a Service VM. */
static void identity_range(struct sc_msg *m, const struct vm_config *vm, const struct scenario_range *r)
{
	sc_msg_start(m, vm->node, NULL, "guest-memory");
	sc_msg_str(m, "identity-mapped range ");
	sc_msg_hex(m, r->base);
	sc_msg_str(m, "-");
	sc_msg_hex(m, r->base + r->size - 1);
}

/*
 * A Service VM's guest-memory ranges are host addresses (identity-mapped): they must leave host page 0
 * (a GPA->HPA lookup's "not RAM"), the BIOS area (its ACPI tables go there, in RAM of its own) and every
 * other VM's host RAM alone.
 */
static void check_identity_memory(const struct scenario *sc, uint32_t j, struct scenario_report *rep)
{
	const struct vm_config *vm = &sc->vms[j];
	struct sc_msg m;

	if (vm->load_order != SCENARIO_SERVICE)
		return;
	for (uint32_t x = 0; x < vm->mem_count; x++) {
		const struct scenario_range *r = &vm->mem[x];

		if (r->base == 0) {
			identity_range(&m, vm, r);
			sc_msg_str(&m, " includes host page 0, which is never a guest's (start it at 0x1000)");
			sc_msg_send(&m, rep);
		}
		if (ranges_overlap(r->base, r->size, SC_BIOS_AREA_BASE, SC_BIOS_AREA_SIZE)) {
			identity_range(&m, vm, r);
			sc_msg_str(&m, " overlaps the BIOS area ");
			sc_msg_hex(&m, SC_BIOS_AREA_BASE);
			sc_msg_str(&m, "-");
			sc_msg_hex(&m, SC_BIOS_AREA_BASE + SC_BIOS_AREA_SIZE - 1);
			sc_msg_str(&m, ", where the hypervisor puts the VM's ACPI tables");
			sc_msg_send(&m, rep);
		}
		for (uint32_t i = 0; i < sc->vm_count; i++) {
			struct scenario_range a = scenario_vm_host_range(&sc->vms[i]);

			if (i == j || a.size == 0 || !ranges_overlap(a.base, a.size, r->base, r->size))
				continue;
			identity_range(&m, vm, r);
			sc_msg_str(&m, " overlaps the host memory of ");
			other_vm(&m, &sc->vms[i]);
			sc_msg_str(&m, " at ");
			sc_msg_hex(&m, a.base);
			sc_msg_str(&m, "-");
			sc_msg_hex(&m, a.base + a.size - 1);
			sc_msg_send(&m, rep);
		}
	}
}

/* Pass-through ports and PCI functions: one owner each, also within one VM. */
static void check_passthrough(const struct scenario *sc, uint32_t j, struct scenario_report *rep)
{
	const struct vm_config *b = &sc->vms[j];
	struct sc_msg m;

	for (uint32_t i = 0; i <= j; i++) {
		const struct vm_config *a = &sc->vms[i];

		for (uint32_t x = 0; x < b->pio_count; x++) {
			for (uint32_t y = 0; y < (i == j ? x : a->pio_count); y++) {
				if (!ranges_overlap(b->pio[x].base, b->pio[x].count, a->pio[y].base, a->pio[y].count))
					continue;
				sc_msg_start(&m, b->node, NULL, "pio-passthrough");
				sc_msg_str(&m, "ports ");
				sc_msg_hex(&m, b->pio[x].base);
				sc_msg_str(&m, "-");
				sc_msg_hex(&m, b->pio[x].base + b->pio[x].count - 1u);
				sc_msg_str(&m, " overlap ports already passed through to ");
				other_vm(&m, a);
				sc_msg_send(&m, rep);
			}
		}
		for (uint32_t x = 0; x < b->pci_count; x++) {
			for (uint32_t y = 0; y < (i == j ? x : a->pci_count); y++) {
				if (memcmp(&b->pci[x], &a->pci[y], sizeof(b->pci[x])) != 0)
					continue;
				sc_msg_start(&m, b->node, NULL, "pci-passthrough");
				sc_msg_str(&m, "PCI device ");
				sc_msg_hex(&m, b->pci[x].segment);
				sc_msg_str(&m, ":");
				sc_msg_hex(&m, b->pci[x].bus);
				sc_msg_str(&m, ":");
				sc_msg_hex(&m, b->pci[x].device);
				sc_msg_str(&m, ".");
				sc_msg_dec(&m, b->pci[x].function);
				sc_msg_str(&m, " is already passed through to ");
				other_vm(&m, a);
				sc_msg_send(&m, rep);
			}
		}
	}
}

void sc_validate_rules(const struct scenario *sc, struct scenario_report *rep)
{
	if (sc->vm_count == 0)
		sc_fail(rep, NULL, NULL, NULL, "has no VM nodes (a scenario needs at least one vm@<id>)");
	check_load_orders(sc, rep);
	for (uint32_t j = 0; j < sc->vm_count; j++) {
		check_identity(sc, j, rep);
		check_guest_memory(&sc->vms[j], rep);
		check_cpus(sc, j, rep);
		check_host_memory(sc, j, rep);
		check_identity_memory(sc, j, rep);
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

enum scenario_sched scenario_cpu_sched(const struct scenario *sc, uint32_t cpu)
{
	if (sc->sched_policy_count == 1)
		return (enum scenario_sched)sc->sched_policy[0];
	if (cpu < sc->sched_policy_count)
		return (enum scenario_sched)sc->sched_policy[cpu];
	return SCENARIO_SCHED_DEFAULT;
}

/* SPDX-License-Identifier: BSD-3-Clause */
/* The Service VM and post-launched VMs' rules (share and hybrid images, the host tool; the images that start
 * pre-launched VMs only link validate_service_none.c instead). */
#include "sc_msg.h"
#include "sc_validate.h"

/* The BIOS area 0xE0000-0xFFFFF: the hypervisor puts a VM's ACPI tables there, so a Service VM's
 * identity-mapped RAM must leave it alone (the core gives the Service VM RAM of its own there). */
#define SC_BIOS_AREA_BASE 0xE0000u
#define SC_BIOS_AREA_SIZE 0x20000u

/* The first Service VM (NULL: none); every further one is an error. */
static const struct vm_config *the_service_vm(const struct scenario *sc, struct scenario_report *rep)
{
	const struct vm_config *service = NULL;

	for (uint32_t i = 0; i < sc->vm_count; i++) {
		const struct vm_config *vm = &sc->vms[i];

		if (vm->load_order != SCENARIO_SERVICE)
			continue;
		if (service == NULL) {
			service = vm;
			continue;
		}
		sc_fail(rep, vm->node, NULL, "load-order", "a second Service VM; " OTHER_VM " is already the Service VM",
			OTHER_VM_ARGS(service));
	}
	return service;
}

static void check_load_orders(const struct scenario *sc, struct scenario_report *rep)
{
	const struct vm_config *service = the_service_vm(sc, rep);

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

/* "identity-mapped range 0x1000-0x9efff" of a Service VM; its arguments RANGE_ARGS(r). */
#define RANGE "identity-mapped range 0x%lx-0x%lx"
#define RANGE_ARGS(r) (r)->base, (r)->base + (r)->size - 1

/*
 * A Service VM's guest-memory ranges are host addresses (identity-mapped): they must leave host page 0
 * (a GPA->HPA lookup's "not RAM"), the BIOS area (its ACPI tables go there, in RAM of its own) and every
 * other VM's host RAM alone.
 */
static void check_identity_range(const struct scenario *sc, uint32_t j, const struct scenario_range *r,
				 struct scenario_report *rep)
{
	const struct vm_config *vm = &sc->vms[j];

	if (r->base == 0)
		sc_fail(rep, vm->node, NULL, "guest-memory",
			RANGE " includes host page 0, which is never a guest's (start it at 0x1000)", RANGE_ARGS(r));
	if (sc_ranges_overlap(r->base, r->size, SC_BIOS_AREA_BASE, SC_BIOS_AREA_SIZE))
		sc_fail(rep, vm->node, NULL, "guest-memory",
			RANGE " overlaps the BIOS area 0x%x-0x%x, where the hypervisor puts the VM's ACPI tables",
			RANGE_ARGS(r), SC_BIOS_AREA_BASE, SC_BIOS_AREA_BASE + SC_BIOS_AREA_SIZE - 1);
	for (uint32_t i = 0; i < sc->vm_count; i++) {
		struct scenario_range a = scenario_vm_host_range(&sc->vms[i]);

		if (i == j || a.size == 0 || !sc_ranges_overlap(a.base, a.size, r->base, r->size))
			continue;
		sc_fail(rep, vm->node, NULL, "guest-memory", RANGE " overlaps the host memory of " OTHER_VM " at 0x%lx-0x%lx",
			RANGE_ARGS(r), OTHER_VM_ARGS(&sc->vms[i]), a.base, a.base + a.size - 1);
	}
}

static void check_identity_memory(const struct scenario *sc, uint32_t j, struct scenario_report *rep)
{
	const struct vm_config *vm = &sc->vms[j];

	if (vm->load_order != SCENARIO_SERVICE)
		return;
	for (uint32_t x = 0; x < vm->mem_count; x++)
		check_identity_range(sc, j, &vm->mem[x], rep);
}

void sc_validate_load_orders(const struct scenario *sc, struct scenario_report *rep)
{
	check_load_orders(sc, rep);
	for (uint32_t j = 0; j < sc->vm_count; j++)
		check_identity_memory(sc, j, rep);
}

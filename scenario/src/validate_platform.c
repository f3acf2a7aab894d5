/* SPDX-License-Identifier: BSD-3-Clause */
/* Validation against the machine: only facts the platform structure says it knows. */
#include <string.h>
#include "sc_msg.h"
#include "sc_validate.h"

/* The file name of a boot module's first word (its path without the folders); *len its length. */
static const char *first_word_file(const char *boot_name, size_t *len)
{
	const char *word = boot_name, *end;

	while (*word == ' ')
		word++;
	end = word;
	while (*end != '\0' && *end != ' ')
		end++;
	for (const char *p = word; p < end; p++)
		if (*p == '/')
			word = p + 1;
	*len = (size_t)(end - word);
	return word;
}

bool scenario_module_matches(const char *want, const char *boot_name)
{
	size_t len;
	const char *word;

	if (strcmp(want, boot_name) == 0)
		return true;
	word = first_word_file(boot_name, &len);
	return len != 0 && strlen(want) == len && strncmp(want, word, len) == 0;
}

static void check_module(const struct vm_config *vm, const char *sub, const char *want,
			 const struct scenario_platform *plat, struct scenario_report *rep)
{
	for (uint32_t i = 0; i < plat->module_count; i++)
		if (plat->modules[i] != NULL && scenario_module_matches(want, plat->modules[i]))
			return;
	sc_fail(rep, vm->node, sub, "module", "boot module \"%s\" was not loaded (%u%s", want, plat->module_count, plat->module_count == 1 ? " module present)" : " modules present)");
}

/* The kernel and ramdisk a VM names were loaded as boot modules. */
static void check_modules(const struct vm_config *vm, const struct scenario_platform *plat,
			  struct scenario_report *rep)
{
	if (vm->kernel[0] != '\0')
		check_module(vm, "kernel", vm->kernel, plat, rep);
	if (vm->has_ramdisk)
		check_module(vm, "ramdisk", vm->ramdisk, plat, rep);
}

/* [base, base + size) lies inside one usable RAM range (no sum is formed, so nothing can wrap). */
static bool in_usable_ram(const struct scenario_platform *plat, uint64_t base, uint64_t size)
{
	for (uint32_t i = 0; i < plat->ram_count; i++) {
		const struct scenario_range *u = &plat->ram[i];

		if (base >= u->base && base - u->base <= u->size && size <= u->size - (base - u->base))
			return true;
	}
	return false;
}

static void not_in_ram(const struct vm_config *vm, const char *prop, const char *what,
		       const struct scenario_range *r, struct scenario_report *rep)
{
	sc_fail(rep, vm->node, NULL, prop, "%s0x%lx-0x%lx is not inside one usable RAM range of this machine", what, r->base, r->base + r->size - 1);
}

/* A VM's host RAM from its host-base, and each identity-mapped range of a Service VM. */
static void check_ram(const struct vm_config *vm, const struct scenario_platform *plat,
		      struct scenario_report *rep)
{
	struct scenario_range r = scenario_vm_host_range(vm);

	if (r.size != 0 && !in_usable_ram(plat, r.base, r.size))
		not_in_ram(vm, "host-base", "host memory ", &r, rep);
	if (vm->load_order != SCENARIO_SERVICE)
		return;
	for (uint32_t i = 0; i < vm->mem_count; i++)
		if (!in_usable_ram(plat, vm->mem[i].base, vm->mem[i].size))
			not_in_ram(vm, "guest-memory", "identity-mapped range ", &vm->mem[i], rep);
}

static void check_cpus_exist(const struct vm_config *vm, uint32_t cpu_count, struct scenario_report *rep)
{
	for (uint32_t i = 0; i < vm->cpu_count; i++) {
		if (vm->cpus[i] < cpu_count)
			continue;
		sc_fail(rep, vm->node, NULL, "cpus", "CPU %u does not exist (this machine has %u%s", vm->cpus[i], cpu_count, cpu_count == 1 ? " CPU)" : " CPUs)");
	}
}

void sc_validate_platform(const struct scenario *sc, const struct scenario_platform *plat,
			  struct scenario_report *rep)
{
	if (plat == NULL)
		return;
	for (uint32_t j = 0; j < sc->vm_count; j++) {
		const struct vm_config *vm = &sc->vms[j];

		if (plat->cpu_count != 0)
			check_cpus_exist(vm, plat->cpu_count, rep);
		if (plat->modules != NULL)
			check_modules(vm, plat, rep);
		if (plat->ram != NULL)
			check_ram(vm, plat, rep);
		if (plat->kernel_types != 0 && vm->kernel[0] != '\0' && !(plat->kernel_types & (1u << vm->kernel_type)))
			sc_fail(rep, vm->node, "kernel", "type", "\"%s\" is not a kernel type this image loads", scenario_kernel_type_name(vm->kernel_type));
	}
}

/* SPDX-License-Identifier: BSD-3-Clause */
/* The boot-time side of scenario/: pick the blob, describe the machine, validate, report. */
#include <core/boot.h>
#include <core/console.h>
#include <core/mode.h>
#include <core/scenario_boot.h>
#include <string.h>

extern const char hv_default_scenario_start[], hv_default_scenario_end[];

static struct scenario scenario;
static const char *module_names[BOOT_MAX_MODULES];
static struct scenario_range ram[BOOT_MAX_MEM_RANGES];

static void report_error(void *ctx, const char *message)
{
	(void)ctx;
	hv_error("%s", message);
}

/* Usable RAM, with touching ranges merged: a VM's RAM must lie inside one of them. */
static uint32_t usable_ram(const struct boot_info *bi)
{
	uint32_t n = 0;
	for (uint32_t i = 0; i < bi->mem_range_count; i++) {
		const struct boot_mem_range *r = &bi->mem_ranges[i];
		if (r->type != BOOT_MEM_USABLE)
			continue;
		if (n && ram[n - 1].base + ram[n - 1].size == r->base)
			ram[n - 1].size += r->length;
		else
			ram[n++] = (struct scenario_range){ r->base, r->length };
	}
	return n;
}

static void log_vms(void)
{
	for (uint32_t i = 0; i < scenario.vm_count; i++) {
		const struct vm_config *vm = &scenario.vms[i];
		hv_info("scenario: vm %s (%s): %u CPU(s) from %u, kernel \"%s\" (%s)", vm->name,
			scenario_load_order_name(vm->load_order), vm->cpu_count, vm->cpus[0], vm->kernel,
			scenario_kernel_type_name(vm->kernel_type));
	}
}

const struct scenario *scenario_boot_load(const struct boot_info *bi, unsigned int cpus)
{
	const void *blob = hv_default_scenario_start;
	size_t size = (size_t)(hv_default_scenario_end - hv_default_scenario_start);
	char file[BOOT_MODULE_NAME_MAX], source[BOOT_MODULE_NAME_MAX] = "the image's default";

	/* The last scenario module (.dtb, or .hvsc compiled by hvkit-scenario), if any, replaces the image's default;
	 * the image's scenario_load tells the form it does not read by its magic and says so. */
	for (uint32_t i = 0; i < bi->module_count; i++) {
		const char *base = boot_module_file(&bi->modules[i], file);
		module_names[i] = bi->modules[i].name; /* scenario_module_matches takes the first word's base name */
		if (boot_name_ends_with(base, ".dtb") || boot_name_ends_with(base, ".hvsc")) {
			blob = (const void *)(uintptr_t)bi->modules[i].start;
			size = (size_t)(bi->modules[i].end - bi->modules[i].start);
			memcpy(source, base, strlen(base) + 1);
		}
	}
	struct scenario_platform plat = {
		.cpu_count = cpus,
		.modules = module_names,
		.module_count = bi->module_count,
		.ram = ram,
		.ram_count = usable_ram(bi),
		.kernel_types = mode_kernel_types,
	};
	struct scenario_report rep = { report_error, NULL, 0 };
	hv_info("scenario: %s (%lu bytes)", source, (uint64_t)size);
	if (scenario_load(blob, size, &plat, &scenario, &rep) != 0) {
		hv_error("scenario: invalid (%u error%s): no VM will be started", rep.errors,
			 rep.errors == 1 ? "" : "s");
		return NULL;
	}
	log_vms();
	return &scenario;
}

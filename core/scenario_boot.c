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
static char module_files[BOOT_MAX_MODULES][BOOT_MODULE_NAME_MAX];
static struct scenario_range ram[BOOT_MAX_MEM_RANGES];

static void report_error(void *ctx, const char *message)
{
	(void)ctx;
	hv_error("%s", message);
}

static bool ends_with(const char *s, const char *suffix)
{
	size_t n = strlen(s), m = strlen(suffix);
	return n >= m && strcmp(s + n - m, suffix) == 0;
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

/* Module i's file name (up to the first blank) and its base name, kept for the platform facts. */
static void name_module(const struct boot_info *bi, uint32_t i)
{
	/* Module names are "file args..."; the platform facts list the file names. */
	const char *name = bi->modules[i].name;
	size_t len = 0;
	while (name[len] && name[len] != ' ' && len + 1 < BOOT_MODULE_NAME_MAX)
		len++;
	memcpy(module_files[i], name, len);
	module_files[i][len] = '\0';
	const char *base = strrchr(module_files[i], '/');
	module_names[i] = base ? base + 1 : module_files[i];
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
	const char *source = "the image's default";

	/* The last .dtb module, if any, replaces the image's default scenario. */
	for (uint32_t i = 0; i < bi->module_count; i++) {
		name_module(bi, i);
		if (ends_with(module_names[i], ".dtb")) {
			blob = (const void *)(uintptr_t)bi->modules[i].start;
			size = (size_t)(bi->modules[i].end - bi->modules[i].start);
			source = module_names[i];
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

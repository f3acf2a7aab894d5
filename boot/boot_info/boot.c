/* SPDX-License-Identifier: BSD-3-Clause */
/* The C side of every entry in arch/entry.S, and the checks every boot path shares. */
#include <boot/boot_info.h>
#include <core/boot.h>
#include <core/console.h>
#include <core/percpu.h>
#include <core/trap.h>
#include <core/x86.h>
#include <scenario/scenario.h>
#include <string.h>

static struct boot_info boot_info_copy;

bool boot_name_ends_with(const char *s, const char *suffix)
{
	size_t n = strlen(s), m = strlen(suffix);
	return n >= m && strcmp(s + n - m, suffix) == 0;
}

const char *boot_module_file(const struct boot_module *m, char out[BOOT_MODULE_NAME_MAX])
{
	size_t i = 0;
	for (; m->name[i] && m->name[i] != ' ' && i + 1 < BOOT_MODULE_NAME_MAX; i++)
		out[i] = m->name[i];
	out[i] = '\0';
	const char *base = strrchr(out, '/');
	return base ? base + 1 : out;
}

/* The scenario's rule (scenario_module_matches), so that the module found is the one the scenario check saw. */
const struct boot_module *boot_find_module(const struct boot_info *bi, const char *name)
{
	for (uint32_t i = 0; i < bi->module_count; i++)
		if (scenario_module_matches(name, bi->modules[i].name))
			return &bi->modules[i];
	return NULL;
}

/* What a module's name promises, by its suffix: the magic at its start (a device tree's, Devicetree spec 5.2,
 * big-endian 0xd00dfeed; an ELF file's). The rest of a device tree, its totalsize against the module's size
 * included, is the scenario check's (fdt_check_full), before any VM is built. */
static const struct {
	const char *suffix, *magic, *problem;
	uint64_t min_size;
} MODULE_KINDS[] = {
	{ ".dtb", "\xd0\x0d\xfe\xed", "not a device tree (no FDT magic 0xd00dfeed at its start)", 4 },
	{ ".elf", "\x7f" "ELF", "not an ELF file (no \\x7fELF magic)", 64 },
};

/* A module's range, and the magic its name's suffix promises. */
static int check_module(const struct boot_module *m)
{
	char file[BOOT_MODULE_NAME_MAX];
	boot_module_file(m, file);
	if (m->end <= m->start) {
		hv_error("boot: module \"%s\": empty or inverted range 0x%lx-0x%lx", file, m->start, m->end);
		return -1;
	}
	for (size_t i = 0; i < sizeof(MODULE_KINDS) / sizeof(MODULE_KINDS[0]); i++) {
		if (!boot_name_ends_with(file, MODULE_KINDS[i].suffix))
			continue;
		if (m->end - m->start < MODULE_KINDS[i].min_size ||
		    memcmp((const void *)(uintptr_t)m->start, MODULE_KINDS[i].magic, 4) != 0) {
			hv_error("boot: module \"%s\": %s", file, MODULE_KINDS[i].problem);
			return -1;
		}
	}
	return 0;
}

int boot_modules_check(const struct boot_info *bi)
{
	for (uint32_t i = 0; i < bi->module_count; i++)
		if (check_module(&bi->modules[i]) != 0)
			return -1;
	return 0;
}

__attribute__((no_stack_protector)) void hv_c_entry_multiboot2(uint32_t magic, uint32_t info)
{
	percpu_early_init(0, 0);
	serial_init(0x3f8);
	if (multiboot2_to_boot_info(magic, info, &boot_info_copy) != 0)
		cpu_stop("no usable boot information");
	hv_main(&boot_info_copy);
}

__attribute__((no_stack_protector)) void hv_c_entry_uefi(const struct boot_info *bi)
{
	percpu_early_init(0, 0);
	serial_init(0x3f8);
	if (bi == NULL || bi->magic != BOOT_INFO_MAGIC) {
		hv_error("boot: the UEFI loader passed no valid boot information");
		cpu_stop("no usable boot information");
	}
	memcpy(&boot_info_copy, bi, sizeof(boot_info_copy));
	hv_main(&boot_info_copy);
}

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

/* Device tree spec 5.2: big-endian magic 0xd00dfeed, then totalsize, which must fit in the module. */
static int check_dtb(const char *file, const uint8_t *p, uint64_t size)
{
	static const uint8_t magic[4] = { 0xd0, 0x0d, 0xfe, 0xed };
	if (size < 8 || memcmp(p, magic, 4) != 0) {
		hv_error("boot: module \"%s\": not a device tree (no FDT magic 0xd00dfeed at its start)", file);
		return -1;
	}
	uint32_t total = (uint32_t)p[4] << 24 | (uint32_t)p[5] << 16 | (uint32_t)p[6] << 8 | p[7];
	if (total > size) {
		hv_error("boot: module \"%s\": device tree claims %u bytes but the module has %lu", file, total, size);
		return -1;
	}
	return 0;
}

static int check_elf(const char *file, const uint8_t *p, uint64_t size)
{
	if (size < 64 || memcmp(p, "\x7f" "ELF", 4) != 0) {
		hv_error("boot: module \"%s\": not an ELF file (no \\x7fELF magic)", file);
		return -1;
	}
	return 0;
}

/* A module's range, and by its name's suffix the magic of a device tree or an ELF file. */
static int check_module(const struct boot_module *m)
{
	char file[BOOT_MODULE_NAME_MAX];
	boot_module_file(m, file);
	if (m->end <= m->start) {
		hv_error("boot: module \"%s\": empty or inverted range 0x%lx-0x%lx", file, m->start, m->end);
		return -1;
	}
	const uint8_t *p = (const uint8_t *)(uintptr_t)m->start;
	uint64_t size = m->end - m->start;
	if (boot_name_ends_with(file, ".dtb"))
		return check_dtb(file, p, size);
	if (boot_name_ends_with(file, ".elf"))
		return check_elf(file, p, size);
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

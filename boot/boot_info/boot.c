/* SPDX-License-Identifier: BSD-3-Clause */
/* The C side of every entry in arch/entry.S, and the checks every boot path shares. */
#include <boot/boot_info.h>
#include <core/boot.h>
#include <core/console.h>
#include <core/percpu.h>
#include <core/trap.h>
#include <core/x86.h>
#include <string.h>

static struct boot_info boot_info_copy;

static bool ends_with(const char *s, const char *suffix)
{
	size_t n = strlen(s), m = strlen(suffix);
	return n >= m && strcmp(s + n - m, suffix) == 0;
}

/* A module's name is its file name, optionally followed by arguments. */
static void module_file_name(const struct boot_module *m, char *out, size_t size)
{
	size_t i = 0;
	for (; m->name[i] && m->name[i] != ' ' && i + 1 < size; i++)
		out[i] = m->name[i];
	out[i] = '\0';
}

const struct boot_module *boot_find_module(const struct boot_info *bi, const char *name)
{
	char file[BOOT_MODULE_NAME_MAX];
	for (uint32_t i = 0; i < bi->module_count; i++) {
		module_file_name(&bi->modules[i], file, sizeof(file));
		const char *base = strrchr(file, '/');
		base = base ? base + 1 : file;
		if (strcmp(base, name) == 0 || strcmp(file, name) == 0)
			return &bi->modules[i];
	}
	return NULL;
}

int boot_modules_check(const struct boot_info *bi)
{
	for (uint32_t i = 0; i < bi->module_count; i++) {
		const struct boot_module *m = &bi->modules[i];
		char file[BOOT_MODULE_NAME_MAX];
		module_file_name(m, file, sizeof(file));
		if (m->end <= m->start) {
			hv_error("boot: module \"%s\": empty or inverted range 0x%lx-0x%lx", file, m->start, m->end);
			return -1;
		}
		const uint8_t *p = (const uint8_t *)(uintptr_t)m->start;
		uint64_t size = m->end - m->start;
		if (ends_with(file, ".dtb")) {
			/* Device tree spec 5.2: big-endian magic 0xd00dfeed, then totalsize. */
			uint32_t total = size >= 8 ? ((uint32_t)p[4] << 24 | (uint32_t)p[5] << 16 | (uint32_t)p[6] << 8 | p[7]) : 0;
			if (size < 8 || p[0] != 0xd0 || p[1] != 0x0d || p[2] != 0xfe || p[3] != 0xed) {
				hv_error("boot: module \"%s\": not a device tree (no FDT magic 0xd00dfeed at its start)", file);
				return -1;
			}
			if (total > size) {
				hv_error("boot: module \"%s\": device tree claims %u bytes but the module has %lu", file,
					 total, size);
				return -1;
			}
		} else if (ends_with(file, ".elf")) {
			if (size < 64 || p[0] != 0x7f || p[1] != 'E' || p[2] != 'L' || p[3] != 'F') {
				hv_error("boot: module \"%s\": not an ELF file (no \\x7fELF magic)", file);
				return -1;
			}
		}
	}
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

/* SPDX-License-Identifier: BSD-3-Clause */
/* The Multiboot information structure (spec 3.3), built in the 4 KiB info area multiboot_load chose. */
#include <string.h>

#include <hvkit/platform.h>

#include <guest_loader/le.h>

#include "loader_util.h"
#include "multiboot_internal.h"

/* Offsets inside the 4 KiB info area. */
#define MBI_INFO 0x000u
#define MBI_MODULE 0x080u
#define MBI_LOADER_NAME 0x090u
#define MBI_MMAP 0x0a0u    /* up to USABLE_RANGES_MAX entries of 24 bytes */
#define MBI_MODNAME 0x400u /* MULTIBOOT_MODNAME_MAX + 1 */
#define MBI_CMDLINE 0x500u /* MULTIBOOT_CMDLINE_MAX + 1, to the end of the area */

_Static_assert(MBI_MMAP + USABLE_RANGES_MAX * 24u <= MBI_MODNAME, "mmap fits before the module name");
_Static_assert(MBI_CMDLINE + MULTIBOOT_CMDLINE_MAX + 1u == GUEST_BOOTINFO_SIZE, "cmdline ends the area");

/* Information flags (spec 3.3). */
#define MBI_FLAG_MEM (1u << 0)
#define MBI_FLAG_CMDLINE (1u << 2)
#define MBI_FLAG_MODS (1u << 3)
#define MBI_FLAG_MMAP (1u << 6)
#define MBI_FLAG_LOADER_NAME (1u << 9)

#define MB_MMAP_AVAILABLE 1u

static int put_string(const struct guest_mem *m, uint64_t gpa, const char *s)
{
	return m->write(m->ctx, gpa, s, strlen(s) + 1);
}

/* The one module entry (mod_start, mod_end, string) and its name; mods_count and mods_addr in the info. */
static int write_module(const struct guest_load_params *p, const struct mb_info_plan *plan, uint8_t *info)
{
	const struct guest_mem *m = p->mem;
	const uint64_t base = plan->info_gpa;
	uint8_t mod[16];
	memset(mod, 0, sizeof(mod));
	put32(mod + 0, (uint32_t)plan->module_gpa);
	put32(mod + 4, (uint32_t)(plan->module_gpa + p->ramdisk.size)); /* end, exclusive */
	put32(mod + 8, (uint32_t)(base + MBI_MODNAME));
	put32(info + 20, 1);
	put32(info + 24, (uint32_t)(base + MBI_MODULE));
	int rc = m->write(m->ctx, base + MBI_MODULE, mod, sizeof(mod));
	if (rc == 0)
		rc = put_string(m, base + MBI_MODNAME, plan->module_name);
	return rc;
}

/* One entry per usable range; `size` counts the 20 bytes after itself (spec 3.3, mmap_*). */
static int write_mmap(const struct guest_mem *m, uint64_t base, uint8_t *info)
{
	struct guest_mem_range r[USABLE_RANGES_MAX];
	uint32_t n = usable_ranges(m, r, USABLE_RANGES_MAX);
	for (uint32_t i = 0; i < n; i++) {
		uint8_t e[24];
		put32(e + 0, 20);
		put64(e + 4, r[i].base);
		put64(e + 12, r[i].size);
		put32(e + 20, MB_MMAP_AVAILABLE);
		int rc = m->write(m->ctx, base + MBI_MMAP + 24u * i, e, sizeof(e));
		if (rc != 0)
			return rc;
	}
	put32(info + 44, 24u * n);
	put32(info + 48, (uint32_t)(base + MBI_MMAP));
	return 0;
}

int mb_write_info(const struct guest_load_params *p, const struct mb_info_plan *plan)
{
	const struct guest_mem *m = p->mem;
	const uint64_t base = plan->info_gpa;
	uint8_t info[0x80];

	int rc = m->zero(m->ctx, base, GUEST_BOOTINFO_SIZE);
	if (rc != 0)
		return rc;
	memset(info, 0, sizeof(info));
	put32(info + 0, MBI_FLAG_MEM | MBI_FLAG_CMDLINE | MBI_FLAG_MODS | MBI_FLAG_MMAP | MBI_FLAG_LOADER_NAME);
	put32(info + 4, low_mem_kib(m));
	put32(info + 8, upper_mem_kib(m));
	put32(info + 16, (uint32_t)(base + MBI_CMDLINE));
	put32(info + 64, (uint32_t)(base + MBI_LOADER_NAME));

	if (p->ramdisk.size != 0)
		rc = write_module(p, plan, info);
	if (rc == 0)
		rc = write_mmap(m, base, info);
	if (rc == 0)
		rc = put_string(m, base + MBI_LOADER_NAME, "hvkit");
	if (rc == 0)
		rc = put_string(m, base + MBI_CMDLINE, plan->cmdline);
	if (rc != 0)
		return rc;
	return m->write(m->ctx, base + MBI_INFO, info, sizeof(info));
}

/* SPDX-License-Identifier: BSD-3-Clause */
/* Multiboot2 information (Multiboot2 spec 3.6) -> struct boot_info. */
#include <boot/boot_info.h>
#include <core/boot.h>
#include <core/console.h>
#include <string.h>

#define MB2_BOOTLOADER_MAGIC 0x36d76289u

enum {
	MB2_TAG_END = 0, MB2_TAG_CMDLINE = 1, MB2_TAG_MODULE = 3, MB2_TAG_MMAP = 6,
	MB2_TAG_ACPI_OLD = 14, MB2_TAG_ACPI_NEW = 15,
};

/* The RSDP travels inside GRUB's information block, in memory we will reuse: keep a copy. */
static uint8_t rsdp_copy[64] __attribute__((aligned(16)));

static void copy_string(char *dst, size_t size, const char *src, size_t max)
{
	size_t n = strnlen(src, max);
	if (n >= size)
		n = size - 1;
	memcpy(dst, src, n);
	dst[n] = '\0';
}

static void tag_cmdline(struct boot_info *bi, const uint8_t *body, uint32_t size)
{
	copy_string(bi->cmdline, sizeof(bi->cmdline), (const char *)body, size - 8);
}

static void tag_module(struct boot_info *bi, const uint8_t *body, uint32_t size)
{
	if (bi->module_count >= BOOT_MAX_MODULES) {
		hv_warn("boot: more than %d modules; the rest are ignored", BOOT_MAX_MODULES);
		return;
	}
	struct boot_module *m = &bi->modules[bi->module_count++];
	uint32_t s, e;
	memcpy(&s, body, 4);
	memcpy(&e, body + 4, 4);
	m->start = s;
	m->end = e;
	copy_string(m->name, sizeof(m->name), (const char *)body + 8, size - 16);
}

static void tag_mmap(struct boot_info *bi, const uint8_t *body, uint32_t size)
{
	uint32_t entry_size;
	memcpy(&entry_size, body, 4);
	for (uint32_t e = 8; entry_size >= 24 && e + entry_size <= size - 8; e += entry_size) {
		if (bi->mem_range_count >= BOOT_MAX_MEM_RANGES)
			break;
		struct boot_mem_range *r = &bi->mem_ranges[bi->mem_range_count++];
		uint32_t t;
		memcpy(&r->base, body + e, 8);
		memcpy(&r->length, body + e + 8, 8);
		memcpy(&t, body + e + 16, 4);
		/* Multiboot2 types match ours: 1 usable, 3 ACPI, 4 NVS, 5 bad, else reserved. */
		r->type = (t >= 1 && t <= 5) ? t : BOOT_MEM_RESERVED;
	}
}

/* Tags 14 and 15 carry an ACPI 1.0 and a 2.0 RSDP: the higher revision (RSDP byte 15, ACPI 6.5 5.2.5.3)
 * wins, in either order; a tag too short for an RSDP (20 bytes) is skipped. */
static void tag_acpi(struct boot_info *bi, const uint8_t *body, uint32_t size)
{
	if (size < 8 + 20 || (bi->acpi_rsdp != 0 && body[15] < rsdp_copy[15]))
		return;
	memcpy(rsdp_copy, body, size - 8 < sizeof(rsdp_copy) ? size - 8 : sizeof(rsdp_copy));
	bi->acpi_rsdp = (uint64_t)(uintptr_t)rsdp_copy;
}

/* The tags hvkit reads (Multiboot2 spec 3.6.3, 3.6.6, 3.6.8, 3.6.16-17); others are skipped. */
static const struct {
	uint32_t type;
	void (*read)(struct boot_info *bi, const uint8_t *body, uint32_t size);
} MB2_TAGS[] = {
	{ MB2_TAG_CMDLINE, tag_cmdline },   { MB2_TAG_MODULE, tag_module },     { MB2_TAG_MMAP, tag_mmap },
	{ MB2_TAG_ACPI_OLD, tag_acpi },     { MB2_TAG_ACPI_NEW, tag_acpi },
};

static void read_tag(struct boot_info *bi, uint32_t type, const uint8_t *body, uint32_t size)
{
	for (size_t i = 0; i < sizeof(MB2_TAGS) / sizeof(MB2_TAGS[0]); i++)
		if (MB2_TAGS[i].type == type)
			MB2_TAGS[i].read(bi, body, size);
}

int multiboot2_to_boot_info(uint32_t magic, uint64_t info_pa, struct boot_info *bi)
{
	memset(bi, 0, sizeof(*bi));
	bi->magic = BOOT_INFO_MAGIC;
	copy_string(bi->loader, sizeof(bi->loader), "multiboot2", 16);
	if (magic != MB2_BOOTLOADER_MAGIC) {
		hv_error("boot: not started by a Multiboot2 loader (magic 0x%x)", magic);
		return -1;
	}
	const uint8_t *info = (const uint8_t *)(uintptr_t)info_pa;
	uint32_t total;
	memcpy(&total, info, 4);
	for (uint32_t off = 8; off + 8 <= total;) {
		uint32_t type, size;
		memcpy(&type, info + off, 4);
		memcpy(&size, info + off + 4, 4);
		if (type == MB2_TAG_END || size < 8)
			break;
		read_tag(bi, type, info + off + 8, size);
		off += (size + 7) & ~7u;
	}
	return 0;
}

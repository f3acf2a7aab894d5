/* SPDX-License-Identifier: BSD-3-Clause */
/* Multiboot2 information (Multiboot2 spec 3.6) -> struct boot_info. */
#include <boot/boot_info.h>
#include <core/boot.h>
#include <core/console.h>
#include <stdbool.h>
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

/* What the tags fill in; an ACPI 2.0 RSDP (tag 15) wins over an ACPI 1.0 one (tag 14), in either order. */
struct mb2_reader {
	struct boot_info *bi;
	bool have_new_rsdp;
};

static void tag_cmdline(struct mb2_reader *rd, const uint8_t *body, uint32_t size)
{
	copy_string(rd->bi->cmdline, sizeof(rd->bi->cmdline), (const char *)body, size - 8);
}

static void tag_module(struct mb2_reader *rd, const uint8_t *body, uint32_t size)
{
	struct boot_info *bi = rd->bi;
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

static void tag_mmap(struct mb2_reader *rd, const uint8_t *body, uint32_t size)
{
	struct boot_info *bi = rd->bi;
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

static void keep_rsdp(struct mb2_reader *rd, const uint8_t *body, uint32_t size)
{
	memcpy(rsdp_copy, body, size - 8 < sizeof(rsdp_copy) ? size - 8 : sizeof(rsdp_copy));
	rd->bi->acpi_rsdp = (uint64_t)(uintptr_t)rsdp_copy;
}

static void tag_acpi_old(struct mb2_reader *rd, const uint8_t *body, uint32_t size)
{
	if (!rd->have_new_rsdp)
		keep_rsdp(rd, body, size);
}

static void tag_acpi_new(struct mb2_reader *rd, const uint8_t *body, uint32_t size)
{
	keep_rsdp(rd, body, size);
	rd->have_new_rsdp = true;
}

/* The tags hvkit reads (Multiboot2 spec 3.6.3, 3.6.6, 3.6.8, 3.6.16-17); others are skipped. */
static const struct {
	uint32_t type;
	void (*read)(struct mb2_reader *rd, const uint8_t *body, uint32_t size);
} MB2_TAGS[] = {
	{ MB2_TAG_CMDLINE, tag_cmdline },   { MB2_TAG_MODULE, tag_module },     { MB2_TAG_MMAP, tag_mmap },
	{ MB2_TAG_ACPI_OLD, tag_acpi_old }, { MB2_TAG_ACPI_NEW, tag_acpi_new },
};

static void read_tag(struct mb2_reader *rd, uint32_t type, const uint8_t *body, uint32_t size)
{
	for (size_t i = 0; i < sizeof(MB2_TAGS) / sizeof(MB2_TAGS[0]); i++)
		if (MB2_TAGS[i].type == type)
			MB2_TAGS[i].read(rd, body, size);
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
	struct mb2_reader rd = { .bi = bi };
	for (uint32_t off = 8; off + 8 <= total;) {
		uint32_t type, size;
		memcpy(&type, info + off, 4);
		memcpy(&size, info + off + 4, 4);
		if (type == MB2_TAG_END || size < 8)
			break;
		read_tag(&rd, type, info + off + 8, size);
		off += (size + 7) & ~7u;
	}
	return 0;
}

/* SPDX-License-Identifier: BSD-3-Clause */
/* Linux bzImage by the x86 boot protocol >= 2.06 (Documentation/arch/x86/boot.rst). */
#include <string.h>

#include <hvkit/errno.h>
#include <hvkit/platform.h>
#include <guest_loader/identity_map.h>

#include "bzimage_header.h"
#include <guest_loader/le.h>

#include "loader_util.h"
#include "reserved_clash.h"
#include "segments.h"

#define LOADER_AREA_BASE GUEST_GDT_GPA
#define LOADER_AREA_END (GUEST_CMDLINE_GPA + GUEST_CMDLINE_SIZE)

struct bz_plan {
	const uint8_t *img;
	size_t size;
	uint16_t version;
	size_t pm_offset;     /* file offset of the protected-mode kernel */
	size_t header_end;    /* end of the setup header copied into the zero page */
	uint64_t kernel_end;  /* end of what the kernel needs from BZ_LOAD_ADDR on (image or init_size) */
	bool entry64;
	uint64_t initrd_gpa;
	const char *cmdline;
};

static int refuse(struct guest_entry *e, int rc)
{
	memset(e, 0, sizeof(*e));
	return rc;
}

/* "HdrS" at 0x202, boot_flag 0xAA55, boot protocol 2.06 or newer. */
static int check_signatures(struct bz_plan *b)
{
	const uint8_t *img = b->img;
	if (b->size < BZ_VERSION + 2 || le32(img + BZ_HEADER) != BZ_HDRS_MAGIC) {
		plat_log(PLAT_LOG_ERROR, "bzimage: no \"HdrS\" setup header at 0x202 (not a bzImage)");
		return -HV_EINVAL;
	}
	if (le16(img + BZ_BOOT_FLAG) != BZ_BOOT_FLAG_MAGIC) {
		plat_log(PLAT_LOG_ERROR, "bzimage: boot_flag is 0x%x, not 0xAA55", le16(img + BZ_BOOT_FLAG));
		return -HV_EINVAL;
	}
	b->version = le16(img + BZ_VERSION);
	if (b->version < BZ_MIN_VERSION) {
		plat_log(PLAT_LOG_ERROR, "bzimage: boot protocol %u.%02u is older than 2.06", b->version >> 8,
			 b->version & 0xff);
		return -HV_ENOSYS;
	}
	return 0;
}

/* The end of the setup header (the byte at 0x201 is its length past 0x202) and XLF_KERNEL_64 (protocol 2.12). */
static void read_header_extent(struct bz_plan *b)
{
	b->header_end = BZ_HEADER + b->img[BZ_JUMP + 1];
	if (b->header_end > BZ_HEADER_LIMIT)
		b->header_end = BZ_HEADER_LIMIT;
	b->entry64 = b->version >= 0x020c && (le16(b->img + BZ_XLOADFLAGS) & BZ_XLF_KERNEL_64);
}

static int parse_header(const struct guest_load_params *p, struct bz_plan *b)
{
	const uint8_t *img = b->img;
	int rc = check_signatures(b);
	if (rc != 0)
		return rc;
	unsigned setup_sects = img[BZ_SETUP_SECTS] != 0 ? img[BZ_SETUP_SECTS] : 4; /* 0 means 4 */
	b->pm_offset = (setup_sects + 1u) * 512u;
	if (b->size <= b->pm_offset) {
		plat_log(PLAT_LOG_ERROR, "bzimage: file of 0x%zx bytes ends before the protected-mode kernel at 0x%zx",
			 b->size, b->pm_offset);
		return -HV_EINVAL;
	}
	if (!(img[BZ_LOADFLAGS] & BZ_LOADED_HIGH)) {
		plat_log(PLAT_LOG_ERROR, "bzimage: loadflags lack LOADED_HIGH (a zImage loaded at 0x10000 is not supported)");
		return -HV_ENOSYS;
	}
	read_header_extent(b);
	b->cmdline = p->cmdline ? p->cmdline : "";
	return 0;
}

/* Where the kernel runs after decompression: the load address rounded to kernel_alignment, or pref_address. */
static int kernel_extent(struct bz_plan *b)
{
	const uint8_t *img = b->img;
	uint64_t end = BZ_LOAD_ADDR + (b->size - b->pm_offset);
	if (b->version >= 0x020a) {
		uint64_t run = BZ_LOAD_ADDR;
		uint32_t align = le32(img + BZ_KERNEL_ALIGNMENT);
		if (img[BZ_RELOCATABLE]) {
			if (align == 0 || (align & (align - 1)) != 0) {
				plat_log(PLAT_LOG_ERROR, "bzimage: kernel_alignment 0x%x is not a power of two", align);
				return -HV_EINVAL;
			}
			run = align_up(run, align);
		} else if (le64(img + BZ_PREF_ADDRESS) != 0) {
			run = le64(img + BZ_PREF_ADDRESS);
		}
		/* init_size: memory the kernel needs from its runtime start before it reads the memory map. */
		uint64_t need = run + le32(img + BZ_INIT_SIZE);
		if (need > end)
			end = need;
	}
	b->kernel_end = end;
	return 0;
}

/* The kernel's extent and the boot area: in the VM's RAM, clear of what the hypervisor reserved. */
static int check_areas(const struct guest_load_params *p, const struct bz_plan *b)
{
	const struct guest_mem *m = p->mem;
	if (b->kernel_end > FOUR_GIB || !guest_mem_contains(m, BZ_LOAD_ADDR, b->kernel_end - BZ_LOAD_ADDR)) {
		plat_log(PLAT_LOG_ERROR, "bzimage: the kernel needs 0x%x..0x%llx (image and init_size), not all in the VM's RAM",
			 BZ_LOAD_ADDR, X(b->kernel_end));
		return -HV_ERANGE;
	}
	int rc = reserved_clash("bzimage", "kernel", BZ_LOAD_ADDR, b->kernel_end - BZ_LOAD_ADDR, p);
	rc = rc ? rc : reserved_clash("bzimage", "boot area", LOADER_AREA_BASE, LOADER_AREA_END - LOADER_AREA_BASE, p);
	if (rc != 0)
		return rc;
	if (!guest_mem_contains(m, LOADER_AREA_BASE, LOADER_AREA_END - LOADER_AREA_BASE)) {
		plat_log(PLAT_LOG_ERROR, "bzimage: the boot area 0x%x..0x%x (GDT, page tables, zero page, command line) is not in the VM's RAM",
			 LOADER_AREA_BASE, LOADER_AREA_END);
		return -HV_ERANGE;
	}
	return 0;
}

/* The command line fits the kernel's cmdline_size and the hypervisor's command-line page. */
static int check_cmdline(const struct bz_plan *b)
{
	size_t len = strlen(b->cmdline);
	uint32_t max = le32(b->img + BZ_CMDLINE_SIZE); /* without the NUL */
	if (max > GUEST_CMDLINE_SIZE - 1)
		max = GUEST_CMDLINE_SIZE - 1;
	if (len > max) {
		plat_log(PLAT_LOG_ERROR, "bzimage: command line of %zu bytes exceeds the kernel's cmdline_size %u", len, max);
		return -HV_ERANGE;
	}
	return 0;
}

static bool reserved_overlap(const struct guest_load_params *p, uint64_t at, uint64_t size)
{
	for (uint32_t i = 0; i < p->reserved_count; i++)
		if (guest_ranges_overlap(at, size, p->reserved[i].base, p->reserved[i].size))
			return true;
	return false;
}

/* A ramdisk at [at, at + size) is clear of the kernel, the boot area and the reserved ranges. */
static bool initrd_spot_free(const struct guest_load_params *p, const struct bz_plan *b, uint64_t at, uint64_t size)
{
	return !guest_ranges_overlap(at, size, BZ_LOAD_ADDR, b->kernel_end - BZ_LOAD_ADDR) &&
	       !guest_ranges_overlap(at, size, LOADER_AREA_BASE, LOADER_AREA_END - LOADER_AREA_BASE) &&
	       !reserved_overlap(p, at, size);
}

/* The highest page-aligned place for the ramdisk in one RAM range below limit, if it is free. */
static bool highest_in_range(const struct guest_load_params *p, const struct bz_plan *b, const struct guest_mem_range *r,
			     uint64_t limit, uint64_t *gpa)
{
	uint64_t size = p->ramdisk.size;
	uint64_t top = r->base + r->size < limit ? r->base + r->size : limit;
	if (top <= r->base || top - r->base < size)
		return false;
	uint64_t at = align_down(top - size, PLAT_PAGE_SIZE);
	/* Not below 1 MiB: Linux keeps the low megabyte for itself (real-mode trampoline, BIOS areas). */
	if (at < r->base || at < GUEST_HIGH_MEM_START || !initrd_spot_free(p, b, at, size))
		return false;
	*gpa = at;
	return true;
}

/* The ramdisk as high as possible below initrd_addr_max (the last byte it may occupy) and the RAM top,
 * at or above 1 MiB and clear of the kernel's init_size. */
static int place_initrd(const struct guest_load_params *p, struct bz_plan *b)
{
	uint64_t limit = (uint64_t)le32(b->img + BZ_INITRD_ADDR_MAX) + 1;
	struct guest_mem_range r[USABLE_RANGES_MAX];
	uint32_t n = usable_ranges(p->mem, r, USABLE_RANGES_MAX);
	bool found = false;

	for (uint32_t i = 0; i < n; i++) {
		uint64_t at;
		if (highest_in_range(p, b, &r[i], limit, &at) && (!found || at > b->initrd_gpa)) {
			b->initrd_gpa = at;
			found = true;
		}
	}
	if (!found) {
		plat_log(PLAT_LOG_ERROR, "bzimage: no room for a ramdisk of 0x%llx bytes in RAM below initrd_addr_max 0x%llx clear of the kernel (0x%x..0x%llx)",
			 X(p->ramdisk.size), X(limit - 1), BZ_LOAD_ADDR, X(b->kernel_end));
		return -HV_ERANGE;
	}
	return 0;
}

static int put_field32(const struct guest_mem *m, uint32_t off, uint32_t v)
{
	uint8_t buf[4];
	put32(buf, v);
	return m->write(m->ctx, GUEST_BOOTINFO_GPA + off, buf, 4);
}

/* The loader's fields of the setup header (boot.rst, "Details of header fields"). */
static int write_loader_fields(const struct guest_load_params *p, const struct bz_plan *b)
{
	const struct guest_mem *m = p->mem;
	uint8_t loader = BZ_TYPE_UNDEFINED;
	int rc = m->write(m->ctx, GUEST_BOOTINFO_GPA + BZ_TYPE_OF_LOADER, &loader, 1);
	if (rc == 0)
		rc = put_field32(m, BZ_CODE32_START, BZ_LOAD_ADDR);
	if (rc == 0)
		rc = put_field32(m, BZ_CMD_LINE_PTR, GUEST_CMDLINE_GPA);
	if (rc == 0)
		rc = put_field32(m, BZ_RAMDISK_IMAGE, (uint32_t)b->initrd_gpa);
	if (rc == 0)
		rc = put_field32(m, BZ_RAMDISK_SIZE, (uint32_t)p->ramdisk.size);
	return rc;
}

/* boot_params.e820_table and e820_entries: the VM's RAM less the legacy hole. */
static int write_e820(const struct guest_mem *m)
{
	const uint64_t bp = GUEST_BOOTINFO_GPA;
	struct guest_mem_range r[USABLE_RANGES_MAX];
	uint32_t n = usable_ranges(m, r, USABLE_RANGES_MAX);
	for (uint32_t i = 0; i < n; i++) {
		uint8_t e[20];
		put64(e, r[i].base);
		put64(e + 8, r[i].size);
		put32(e + 16, E820_RAM);
		int rc = m->write(m->ctx, bp + BP_E820_TABLE + 20u * i, e, sizeof(e));
		if (rc != 0)
			return rc;
	}
	uint8_t count = (uint8_t)n;
	return m->write(m->ctx, bp + BP_E820_ENTRIES, &count, 1);
}

/* The zero page: zeroed, the image's setup header copied in, then the loader's fields and the e820 map. */
static int write_zero_page(const struct guest_load_params *p, const struct bz_plan *b)
{
	const struct guest_mem *m = p->mem;
	const uint64_t bp = GUEST_BOOTINFO_GPA;
	int rc = m->zero(m->ctx, bp, BP_SIZE);
	if (rc == 0)
		rc = m->write(m->ctx, bp + BZ_SETUP_SECTS, b->img + BZ_SETUP_SECTS, b->header_end - BZ_SETUP_SECTS);
	if (rc == 0)
		rc = write_loader_fields(p, b);
	if (rc == 0)
		rc = write_e820(m);
	return rc;
}

/* The kernel, the ramdisk and the command line. */
static int write_payload(const struct guest_load_params *p, const struct bz_plan *b)
{
	const struct guest_mem *m = p->mem;
	int rc = m->write(m->ctx, BZ_LOAD_ADDR, b->img + b->pm_offset, b->size - b->pm_offset);
	if (rc == 0 && p->ramdisk.size != 0)
		rc = m->write(m->ctx, b->initrd_gpa, p->ramdisk.data, p->ramdisk.size);
	if (rc == 0)
		rc = m->zero(m->ctx, GUEST_CMDLINE_GPA, GUEST_CMDLINE_SIZE);
	if (rc == 0)
		rc = m->write(m->ctx, GUEST_CMDLINE_GPA, b->cmdline, strlen(b->cmdline) + 1);
	return rc;
}

static int write_all(const struct guest_load_params *p, const struct bz_plan *b, uint64_t *cr3)
{
	const struct guest_mem *m = p->mem;
	int rc = write_payload(p, b);
	if (rc == 0)
		rc = write_zero_page(p, b);
	if (rc == 0)
		rc = write_boot_gdt(m, b->entry64);
	if (rc != 0)
		return rc;
	return b->entry64 ? guest_identity_map_4g(m, GUEST_PT_GPA, false, cr3) : 0;
}

/* The header, the kernel's extent, the layout checks and the ramdisk's place: everything before a write. */
static int plan(const struct guest_load_params *p, struct bz_plan *b)
{
	int rc = parse_header(p, b);
	if (rc == 0)
		rc = kernel_extent(b);
	if (rc == 0)
		rc = check_areas(p, b);
	if (rc == 0)
		rc = check_cmdline(b);
	if (rc == 0 && p->ramdisk.size != 0)
		rc = place_initrd(p, b);
	return rc;
}

int bzimage_load(const struct guest_load_params *p, struct guest_entry *entry)
{
	struct bz_plan b = { .img = p->kernel.data, .size = p->kernel.size };
	uint64_t cr3 = 0;
	int rc = plan(p, &b);
	if (rc != 0)
		return refuse(entry, rc);
	if ((rc = write_all(p, &b, &cr3)) != 0) {
		plat_log(PLAT_LOG_ERROR, "bzimage: writing guest memory failed (%d)", rc);
		return refuse(entry, rc);
	}
	/* boot.rst "64-bit Boot Protocol" / "32-bit Boot Protocol": CS 0x10, DS/ES/SS 0x18, RSI = boot_params. */
	if (b.entry64)
		entry_long64(entry, BZ_LOAD_ADDR + BZ_ENTRY64_OFFSET, cr3);
	else
		entry_protected32(entry, BZ_LOAD_ADDR, true);
	entry->rsi = GUEST_BOOTINFO_GPA;
	return 0;
}

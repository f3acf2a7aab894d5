/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * PVH direct boot (Xen's PVH boot ABI, xen docs/misc/pvh.pandoc; the structures of
 * xen/include/public/arch-x86/hvm/start_info.h; also what QEMU's microvm, Firecracker and
 * Cloud Hypervisor implement): an ELF kernel with a XEN_ELFNOTE_PHYS32_ENTRY note.
 */
#include <string.h>

#include <hvkit/errno.h>
#include <hvkit/platform.h>

#include "elf_note.h"
#include <guest_loader/le.h>

#include "loader_util.h"
#include "segments.h"

#define WHO "pvh"
#define X(v) ((unsigned long long)(v))
#define FOUR_GIB (1ull << 32)

/* xen/include/public/elfnote.h: the 32-bit physical entry point of a PVH kernel. */
#define XEN_ELFNOTE_PHYS32_ENTRY 18u

/* start_info.h: "xEn3" with bit 7 of the 'E' set, the 'x' in the low byte (little-endian). */
#define HVM_START_MAGIC 0x336ec578u
#define HVM_START_VERSION 1u /* version 1 adds memmap_paddr and memmap_entries */

/* struct hvm_start_info (56 bytes): field offsets. */
#define SI_MAGIC 0
#define SI_VERSION 4
#define SI_FLAGS 8
#define SI_NR_MODULES 12
#define SI_MODLIST_PADDR 16
#define SI_CMDLINE_PADDR 24
#define SI_RSDP_PADDR 32
#define SI_MEMMAP_PADDR 40
#define SI_MEMMAP_ENTRIES 48
#define SI_SIZE 56u
/* struct hvm_modlist_entry (32 bytes): paddr, size, cmdline_paddr, reserved. */
#define MOD_SIZE 32u
/* struct hvm_memmap_table_entry (24 bytes): addr, size, type, reserved. */
#define MEMMAP_ENTRY_SIZE 24u
#define MEMMAP_TYPE_RAM 1u
#define MEMMAP_TYPE_RESERVED 2u

#define LOADER_AREA_BASE GUEST_GDT_GPA
#define LOADER_AREA_END (GUEST_CMDLINE_GPA + GUEST_CMDLINE_SIZE)

/* Every RAM range (usable_ranges) and the BIOS area fit in the memory map's slot. */
_Static_assert(USABLE_RANGES_MAX + 1 <= GUEST_PVH_MEMMAP_MAX, "PVH memory map too small");

struct pvh_plan {
	const uint8_t *img;
	size_t size;
	struct load_segs segs;
	uint64_t entry;      /* physical, from the note */
	const char *cmdline;
	const char *modname;
	uint64_t initrd_gpa;
};

static int refuse(struct guest_entry *e, int rc)
{
	memset(e, 0, sizeof(*e));
	return rc;
}

/* The entry note's value: 4 or 8 bytes, little-endian. */
static int read_entry_note(struct pvh_plan *b)
{
	struct elf_note n;
	int rc = elf_find_note(WHO, b->img, b->size, &b->segs, "Xen", XEN_ELFNOTE_PHYS32_ENTRY, &n);
	if (rc == -HV_ENOENT) {
		plat_log(PLAT_LOG_ERROR, "pvh: no PVH entry note (owner \"Xen\", type XEN_ELFNOTE_PHYS32_ENTRY = 18) in a PT_NOTE segment of the ELF image (a kernel built without CONFIG_PVH?)");
		return -HV_EINVAL;
	}
	if (rc != 0)
		return rc;
	if (n.descsz != 4 && n.descsz != 8) {
		plat_log(PLAT_LOG_ERROR, "pvh: the PVH entry note has a %u-byte value, not 4 or 8", n.descsz);
		return -HV_EINVAL;
	}
	b->entry = n.descsz == 4 ? le32(n.desc) : le64(n.desc);
	return 0;
}

/* The entry note: a 4- or 8-byte little-endian physical address below 4 GiB, inside a loaded segment. */
static int find_entry(struct pvh_plan *b)
{
	int rc = read_entry_note(b);
	if (rc != 0)
		return rc;
	if (b->entry == 0 || b->entry >= FOUR_GIB) {
		plat_log(PLAT_LOG_ERROR, "pvh: the PVH entry 0x%llx is not a 32-bit physical address", X(b->entry));
		return -HV_EINVAL;
	}
	for (uint32_t i = 0; i < b->segs.count; i++) {
		const struct load_seg *g = &b->segs.seg[i];
		if (b->entry >= g->paddr && b->entry - g->paddr < g->filesz)
			return 0;
	}
	plat_log(PLAT_LOG_ERROR, "pvh: the PVH entry 0x%llx is not inside the file bytes of a PT_LOAD segment (by p_paddr)",
		 X(b->entry));
	return -HV_EINVAL;
}

static int check_layout(const struct guest_load_params *p, struct pvh_plan *b)
{
	const struct reserved_range rsv[] = {
		{ "boot area (GDT, start_info, memory map, command line)", LOADER_AREA_BASE, LOADER_AREA_END - LOADER_AREA_BASE },
		{ "BIOS area (the VM's ACPI tables)", GUEST_BIOS_AREA_GPA, GUEST_BIOS_AREA_SIZE },
	};
	int rc = segs_check(WHO, &b->segs, b->size, p->mem, FOUR_GIB, rsv, 2);
	if (rc != 0)
		return rc;
	if (!guest_mem_contains(p->mem, LOADER_AREA_BASE, LOADER_AREA_END - LOADER_AREA_BASE)) {
		plat_log(PLAT_LOG_ERROR, "pvh: the boot area 0x%x..0x%x (GDT, start_info, memory map, command line) is not in the VM's RAM",
			 LOADER_AREA_BASE, LOADER_AREA_END);
		return -HV_ERANGE;
	}
	size_t len = strlen(b->cmdline);
	if (len > GUEST_CMDLINE_SIZE - 1) {
		plat_log(PLAT_LOG_ERROR, "pvh: command line of %zu bytes exceeds %u", len, GUEST_CMDLINE_SIZE - 1);
		return -HV_ERANGE;
	}
	len = strlen(b->modname);
	if (len > PVH_MODNAME_MAX) {
		plat_log(PLAT_LOG_ERROR, "pvh: module string of %zu bytes exceeds %u", len, PVH_MODNAME_MAX);
		return -HV_ERANGE;
	}
	return 0;
}

/* The lowest start of a segment overlapping [at, at + size); UINT64_MAX when none does. */
static uint64_t lowest_segment_in_way(const struct pvh_plan *b, uint64_t at, uint64_t size)
{
	uint64_t lowest = UINT64_MAX;
	for (uint32_t j = 0; j < b->segs.count; j++) {
		const struct load_seg *g = &b->segs.seg[j];
		if (guest_ranges_overlap(at, size, g->paddr, g->memsz) && g->paddr < lowest)
			lowest = g->paddr;
	}
	return lowest;
}

/* The highest page-aligned place in one RAM range (below 4 GiB, at or above 1 MiB) clear of the kernel. */
static bool highest_in_range(const struct pvh_plan *b, const struct usable_range *r, uint64_t size, uint64_t *gpa)
{
	uint64_t top = r->base + r->size < FOUR_GIB ? r->base + r->size : FOUR_GIB;
	if (top <= r->base || top - r->base < size)
		return false;
	/* Below the range's top, step down past any segment in the way. */
	for (uint64_t at = align_down(top - size, PLAT_PAGE_SIZE); at >= r->base && at >= GUEST_HIGH_MEM_START;) {
		uint64_t lowest = lowest_segment_in_way(b, at, size);
		if (lowest == UINT64_MAX) {
			*gpa = at;
			return true;
		}
		if (lowest < size) /* else end below it */
			return false;
		at = align_down(lowest - size, PLAT_PAGE_SIZE);
	}
	return false;
}

/* The ramdisk as high as RAM below 4 GiB allows, page aligned, at or above 1 MiB, clear of the kernel. */
static int place_initrd(const struct guest_load_params *p, struct pvh_plan *b)
{
	uint64_t size = p->ramdisk.size;
	struct usable_range r[USABLE_RANGES_MAX];
	uint32_t n = usable_ranges(p->mem, r, USABLE_RANGES_MAX);
	bool found = false;
	for (uint32_t i = 0; i < n; i++) {
		uint64_t at;
		if (highest_in_range(b, &r[i], size, &at) && (!found || at > b->initrd_gpa)) {
			b->initrd_gpa = at;
			found = true;
		}
	}
	if (!found) {
		plat_log(PLAT_LOG_ERROR, "pvh: no room for a ramdisk of 0x%llx bytes in RAM between 1 MiB and 4 GiB clear of the kernel",
			 X(size));
		return -HV_ERANGE;
	}
	return 0;
}

/* Entry k of the memory map (struct hvm_memmap_table_entry). */
static int put_memmap_entry(const struct guest_mem *m, uint32_t k, uint64_t base, uint64_t size, uint32_t type)
{
	uint8_t e[MEMMAP_ENTRY_SIZE];
	memset(e, 0, sizeof(e));
	put64(e, base);
	put64(e + 8, size);
	put32(e + 16, type);
	return m->write(m->ctx, GUEST_PVH_MEMMAP_GPA + MEMMAP_ENTRY_SIZE * k, e, sizeof(e));
}

/* The memory map: RAM (less the legacy hole) as type 1, the BIOS area as type 2, in address order. */
static int write_memmap(const struct guest_mem *m, uint32_t *count)
{
	struct usable_range r[USABLE_RANGES_MAX];
	uint32_t n = usable_ranges(m, r, USABLE_RANGES_MAX), out = 0, i = 0;
	int rc = 0;
	for (; rc == 0 && i < n && r[i].base < GUEST_HIGH_MEM_START; i++)
		rc = put_memmap_entry(m, out++, r[i].base, r[i].size, MEMMAP_TYPE_RAM);
	if (rc == 0)
		rc = put_memmap_entry(m, out++, GUEST_BIOS_AREA_GPA, GUEST_BIOS_AREA_SIZE, MEMMAP_TYPE_RESERVED);
	for (; rc == 0 && i < n; i++)
		rc = put_memmap_entry(m, out++, r[i].base, r[i].size, MEMMAP_TYPE_RAM);
	*count = out;
	return rc;
}

/* The module list's one entry (struct hvm_modlist_entry) and its name. */
static int write_modlist(const struct guest_load_params *p, const struct pvh_plan *b)
{
	const struct guest_mem *m = p->mem;
	uint8_t mod[MOD_SIZE];
	bool named = b->modname[0] != '\0';
	memset(mod, 0, sizeof(mod));
	put64(mod, b->initrd_gpa);
	put64(mod + 8, p->ramdisk.size);
	put64(mod + 16, named ? GUEST_PVH_MODNAME_GPA : 0); /* 0: not present (start_info.h) */
	int rc = m->write(m->ctx, GUEST_PVH_MODLIST_GPA, mod, sizeof(mod));
	if (rc == 0 && named)
		rc = m->write(m->ctx, GUEST_PVH_MODNAME_GPA, b->modname, strlen(b->modname) + 1);
	return rc;
}

static int write_start_info(const struct guest_load_params *p, const struct pvh_plan *b)
{
	const struct guest_mem *m = p->mem;
	uint32_t entries = 0;
	bool has_mod = p->ramdisk.size != 0;
	int rc = m->zero(m->ctx, GUEST_BOOTINFO_GPA, GUEST_BOOTINFO_SIZE);
	if (rc == 0)
		rc = write_memmap(m, &entries);
	if (rc == 0 && has_mod)
		rc = write_modlist(p, b);
	if (rc != 0)
		return rc;
	uint8_t si[SI_SIZE];
	memset(si, 0, sizeof(si));
	put32(si + SI_MAGIC, HVM_START_MAGIC);
	put32(si + SI_VERSION, HVM_START_VERSION);
	put32(si + SI_FLAGS, 0);
	put32(si + SI_NR_MODULES, has_mod ? 1 : 0);
	put64(si + SI_MODLIST_PADDR, has_mod ? GUEST_PVH_MODLIST_GPA : 0);
	put64(si + SI_CMDLINE_PADDR, GUEST_CMDLINE_GPA);
	put64(si + SI_RSDP_PADDR, p->rsdp_gpa);
	put64(si + SI_MEMMAP_PADDR, GUEST_PVH_MEMMAP_GPA);
	put32(si + SI_MEMMAP_ENTRIES, entries);
	return m->write(m->ctx, GUEST_PVH_START_INFO_GPA, si, sizeof(si));
}

static int write_all(const struct guest_load_params *p, const struct pvh_plan *b)
{
	const struct guest_mem *m = p->mem;
	int rc;
	if ((rc = segs_write(&b->segs, b->img, m)) != 0 ||
	    (p->ramdisk.size != 0 && (rc = m->write(m->ctx, b->initrd_gpa, p->ramdisk.data, p->ramdisk.size)) != 0) ||
	    (rc = m->zero(m->ctx, GUEST_CMDLINE_GPA, GUEST_CMDLINE_SIZE)) != 0 ||
	    (rc = m->write(m->ctx, GUEST_CMDLINE_GPA, b->cmdline, strlen(b->cmdline) + 1)) != 0 ||
	    (rc = write_start_info(p, b)) != 0)
		return rc;
	return write_boot_gdt(m, false);
}

/* The segments, the entry note, the layout checks and the ramdisk's place: everything before a write. */
static int plan(const struct guest_load_params *p, struct pvh_plan *b)
{
	int rc = elf_segments(WHO, b->img, b->size, &b->segs);
	if (rc == 0)
		rc = find_entry(b);
	if (rc == 0)
		rc = check_layout(p, b);
	if (rc == 0 && p->ramdisk.size != 0)
		rc = place_initrd(p, b);
	return rc;
}

int pvh_load(const struct guest_load_params *p, struct guest_entry *entry)
{
	struct pvh_plan b = { .img = p->kernel.data, .size = p->kernel.size,
			      .cmdline = p->cmdline ? p->cmdline : "", .modname = p->ramdisk_name ? p->ramdisk_name : "" };
	int rc = plan(p, &b);
	if (rc != 0)
		return refuse(entry, rc);
	if ((rc = write_all(p, &b)) != 0) {
		plat_log(PLAT_LOG_ERROR, "pvh: writing guest memory failed (%d)", rc);
		return refuse(entry, rc);
	}
	/*
	 * pvh.pandoc, "x86/HVM direct boot ABI": 32-bit protected mode, paging off; CS a flat 32-bit
	 * code segment, DS/ES/SS flat read/write data; CR0.PE set, CR0.PG clear, CR4 0 but for
	 * reserved bits; EFLAGS.IF, TF and VM clear; EBX the physical address of start_info.
	 * Other registers and GDTR are unspecified: the boot GDT is given anyway (selectors 0x10, 0x18).
	 */
	entry_protected32(entry, b.entry, true);
	entry->rbx = GUEST_PVH_START_INFO_GPA;
	return 0;
}

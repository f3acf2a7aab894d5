/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * PVH direct boot (Xen's PVH boot ABI, xen docs/misc/pvh.pandoc; the structures of
 * xen/include/public/arch-x86/hvm/start_info.h; also what QEMU's microvm, Firecracker and
 * Cloud Hypervisor implement): an ELF kernel with a XEN_ELFNOTE_PHYS32_ENTRY note.
 */
#include <string.h>

#include <hvkit/errno.h>
#include <hvkit/platform.h>

#include <guest_loader/le.h>

#include "loader_util.h"
#include "segments.h"

#define WHO "pvh"

/* xen/include/public/elfnote.h: the 32-bit physical entry point of a PVH kernel. */
#define XEN_ELFNOTE_PHYS32_ENTRY 18u

/* start_info.h: "xEn3" with bit 7 of the 'E' set, the 'x' in the low byte (little-endian). */
#define HVM_START_MAGIC 0x336ec578u
#define HVM_START_VERSION 1u /* version 1 adds memmap_paddr and memmap_entries */

/* struct hvm_start_info (56 bytes): field offsets. */
#define SI_MAGIC 0
#define SI_VERSION 4
#define SI_NR_MODULES 12
#define SI_MODLIST_PADDR 16
#define SI_CMDLINE_PADDR 24
#define SI_RSDP_PADDR 32
#define SI_MEMMAP_PADDR 40
#define SI_MEMMAP_ENTRIES 48
/* struct hvm_memmap_table_entry (24 bytes): addr, size, type, reserved. */
#define MEMMAP_ENTRY_SIZE 24u
#define MEMMAP_TYPE_RAM 1u
#define MEMMAP_TYPE_RESERVED 2u

#define LOADER_AREA_BASE GUEST_GDT_GPA
#define LOADER_AREA_END (GUEST_CMDLINE_GPA + GUEST_CMDLINE_SIZE)

/* Every RAM range (usable_ranges) and the BIOS area fit in the memory map's slot; the page holds it all. */
_Static_assert(USABLE_RANGES_MAX + 1 <= GUEST_PVH_MEMMAP_MAX, "PVH memory map too small");
_Static_assert(GUEST_PVH_MODNAME_GPA + GUEST_PVH_MODNAME_SIZE <= GUEST_BOOTINFO_GPA + GUEST_BOOTINFO_SIZE, "boot page");

struct pvh_plan {
	struct load_segs segs;
	struct elf_note note; /* the entry note */
	uint64_t entry;       /* physical, from the note */
	const char *cmdline;
	const char *modname;
	uint64_t initrd_gpa;
};

static int refuse(struct guest_entry *e, int rc)
{
	memset(e, 0, sizeof(*e));
	return rc;
}

/* The entry note: a 4- or 8-byte little-endian physical address below 4 GiB, inside a loaded segment. */
static int find_entry(struct pvh_plan *b)
{
	const struct elf_note *n = &b->note;
	if (n->desc == NULL) {
		plat_log(PLAT_LOG_ERROR, "pvh: no PVH entry note (owner \"Xen\", type XEN_ELFNOTE_PHYS32_ENTRY = 18) in a PT_NOTE segment of the ELF image (a kernel built without CONFIG_PVH?)");
		return -HV_EINVAL;
	}
	if (n->descsz != 4 && n->descsz != 8) {
		plat_log(PLAT_LOG_ERROR, "pvh: the PVH entry note has a %u-byte value, not 4 or 8", n->descsz);
		return -HV_EINVAL;
	}
	b->entry = n->descsz == 4 ? le32(n->desc) : le64(n->desc);
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

/* A string the boot area holds (the command line, the module's name) is at most max bytes without its NUL. */
static int check_length(const char *what, const char *s, size_t max)
{
	size_t len = strlen(s);
	if (len <= max)
		return 0;
	plat_log(PLAT_LOG_ERROR, "pvh: %s of %zu bytes exceeds %zu", what, len, max);
	return -HV_ERANGE;
}

static int check_layout(const struct guest_load_params *p, struct pvh_plan *b)
{
	const struct reserved_range rsv[] = {
		{ "boot area (GDT, start_info, memory map, command line)", LOADER_AREA_BASE, LOADER_AREA_END - LOADER_AREA_BASE },
		{ "BIOS area (the VM's ACPI tables)", GUEST_BIOS_AREA_GPA, GUEST_BIOS_AREA_SIZE },
	};
	int rc = segs_check(WHO, &b->segs, p->kernel.size, p->mem, FOUR_GIB, rsv, 2);
	if (rc != 0)
		return rc;
	if (!guest_mem_contains(p->mem, LOADER_AREA_BASE, LOADER_AREA_END - LOADER_AREA_BASE)) {
		plat_log(PLAT_LOG_ERROR, "pvh: the boot area 0x%x..0x%x (GDT, start_info, memory map, command line) is not in the VM's RAM",
			 LOADER_AREA_BASE, LOADER_AREA_END);
		return -HV_ERANGE;
	}
	rc = check_length("command line", b->cmdline, GUEST_CMDLINE_SIZE - 1);
	return rc != 0 ? rc : check_length("module string", b->modname, PVH_MODNAME_MAX);
}

/* The ramdisk's highest page-aligned place ending at or below end, if it is RAM at or above 1 MiB, below 4 GiB and
 * clear of the kernel's segments, and above the best place found so far (initrd_gpa; 0: none yet). */
static void try_initrd_below(const struct guest_load_params *p, struct pvh_plan *b, uint64_t end)
{
	uint64_t size = p->ramdisk.size, top = end < FOUR_GIB ? end : FOUR_GIB;
	if (top < size)
		return;
	uint64_t at = align_down(top - size, PLAT_PAGE_SIZE);
	if (at <= b->initrd_gpa || at < GUEST_HIGH_MEM_START || !guest_mem_contains(p->mem, at, size))
		return;
	for (uint32_t j = 0; j < b->segs.count; j++)
		if (guest_ranges_overlap(at, size, b->segs.seg[j].paddr, b->segs.seg[j].memsz))
			return;
	b->initrd_gpa = at;
}

/*
 * The ramdisk as high as RAM below 4 GiB allows, clear of the kernel: the highest place is right below the end of a
 * RAM range or the start of a segment, so only those are tried.
 */
static int place_initrd(const struct guest_load_params *p, struct pvh_plan *b)
{
	for (uint32_t i = 0; i < guest_mem_range_count(p->mem); i++) {
		struct guest_mem_range r = guest_mem_range_at(p->mem, i);
		try_initrd_below(p, b, r.base + r.size);
	}
	for (uint32_t j = 0; j < b->segs.count; j++)
		try_initrd_below(p, b, b->segs.seg[j].paddr);
	if (b->initrd_gpa != 0)
		return 0;
	plat_log(PLAT_LOG_ERROR, "pvh: no room for a ramdisk of 0x%llx bytes in RAM between 1 MiB and 4 GiB clear of the kernel",
		 X(p->ramdisk.size));
	return -HV_ERANGE;
}

/* Entry k of the memory map (struct hvm_memmap_table_entry) in the boot page pg. */
static void memmap_entry(uint8_t *pg, uint32_t k, uint64_t base, uint64_t size, uint32_t type)
{
	uint8_t *e = pg + (GUEST_PVH_MEMMAP_GPA - GUEST_BOOTINFO_GPA) + MEMMAP_ENTRY_SIZE * k;
	put64(e, base);
	put64(e + 8, size);
	put32(e + 16, type);
}

/* The memory map: RAM (less the legacy hole) as type 1, the BIOS area as type 2, in address order. Its count. */
static uint32_t fill_memmap(uint8_t *pg, const struct guest_mem *m)
{
	struct guest_mem_range r[USABLE_RANGES_MAX];
	uint32_t n = usable_ranges(m, r, USABLE_RANGES_MAX), i = 0, k = 0;
	for (; i < n && r[i].base < GUEST_HIGH_MEM_START; i++)
		memmap_entry(pg, k++, r[i].base, r[i].size, MEMMAP_TYPE_RAM);
	memmap_entry(pg, k++, GUEST_BIOS_AREA_GPA, GUEST_BIOS_AREA_SIZE, MEMMAP_TYPE_RESERVED);
	for (; i < n; i++)
		memmap_entry(pg, k++, r[i].base, r[i].size, MEMMAP_TYPE_RAM);
	return k;
}

/* The module list's one entry (struct hvm_modlist_entry: paddr, size, cmdline_paddr) and its name, in pg. */
static void fill_modlist(uint8_t *pg, const struct guest_load_params *p, const struct pvh_plan *b)
{
	uint8_t *mod = pg + (GUEST_PVH_MODLIST_GPA - GUEST_BOOTINFO_GPA);
	put64(mod, b->initrd_gpa);
	put64(mod + 8, p->ramdisk.size);
	if (b->modname[0] != '\0') { /* else 0: not present (start_info.h) */
		put64(mod + 16, GUEST_PVH_MODNAME_GPA);
		memcpy(pg + (GUEST_PVH_MODNAME_GPA - GUEST_BOOTINFO_GPA), b->modname, strlen(b->modname) + 1);
	}
}

/* The boot information page (layout.h): start_info, the module list, the memory map, the module's name. */
static void fill_boot_page(uint8_t *pg, const struct guest_load_params *p, const struct pvh_plan *b)
{
	bool has_mod = p->ramdisk.size != 0;
	if (has_mod)
		fill_modlist(pg, p, b);
	put32(pg + SI_MAGIC, HVM_START_MAGIC);
	put32(pg + SI_VERSION, HVM_START_VERSION); /* flags 0 */
	put32(pg + SI_NR_MODULES, has_mod ? 1 : 0);
	put64(pg + SI_MODLIST_PADDR, has_mod ? GUEST_PVH_MODLIST_GPA : 0);
	put64(pg + SI_CMDLINE_PADDR, GUEST_CMDLINE_GPA);
	put64(pg + SI_RSDP_PADDR, p->rsdp_gpa);
	put64(pg + SI_MEMMAP_PADDR, GUEST_PVH_MEMMAP_GPA);
	put32(pg + SI_MEMMAP_ENTRIES, fill_memmap(pg, p->mem));
}

static int write_all(const struct guest_load_params *p, const struct pvh_plan *b)
{
	const struct guest_mem *m = p->mem;
	uint8_t pg[GUEST_BOOTINFO_SIZE] = { 0 };
	fill_boot_page(pg, p, b);
	int rc;
	if ((rc = segs_write(&b->segs, p->kernel.data, m)) != 0 ||
	    (p->ramdisk.size != 0 && (rc = m->write(m->ctx, b->initrd_gpa, p->ramdisk.data, p->ramdisk.size)) != 0) ||
	    (rc = m->zero(m->ctx, GUEST_CMDLINE_GPA, GUEST_CMDLINE_SIZE)) != 0 ||
	    (rc = m->write(m->ctx, GUEST_CMDLINE_GPA, b->cmdline, strlen(b->cmdline) + 1)) != 0 ||
	    (rc = m->write(m->ctx, GUEST_BOOTINFO_GPA, pg, sizeof(pg))) != 0)
		return rc;
	return write_boot_gdt(m, false);
}

/* The segments, the entry note, the layout checks and the ramdisk's place: everything before a write. */
static int plan(const struct guest_load_params *p, struct pvh_plan *b)
{
	int rc = elf_segments(WHO, p->kernel.data, p->kernel.size, &b->segs, &b->note);
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
	struct pvh_plan b = { .note = { "Xen", XEN_ELFNOTE_PHYS32_ENTRY },
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

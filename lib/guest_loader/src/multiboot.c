/* SPDX-License-Identifier: BSD-3-Clause */
/* Multiboot v1 loading (spec 3.1-3.2): header, segments, the ramdisk as one module, entry state. */
#include <string.h>

#include <hvkit/errno.h>
#include <hvkit/platform.h>

#include "loader_util.h"
#include "multiboot_internal.h"


/* Physical address of the entry point: inside a segment's [vaddr, vaddr + memsz). 0 or -HV_EINVAL. */
static int segs_entry_phys(const char *who, const struct load_segs *s, uint64_t *phys)
{
	for (uint32_t i = 0; i < s->count; i++) {
		const struct load_seg *g = &s->seg[i];
		if (s->entry >= g->vaddr && s->entry - g->vaddr < g->memsz) {
			*phys = g->paddr + (s->entry - g->vaddr);
			return 0;
		}
	}
	plat_log(PLAT_LOG_ERROR, "%s: entry point 0x%llx is not inside a loaded segment", who, X(s->entry));
	return -HV_EINVAL;
}

/* Highest end (paddr + memsz) over the segments. */
static uint64_t segs_end(const struct load_segs *s)
{
	uint64_t end = 0;
	for (uint32_t i = 0; i < s->count; i++)
		if (s->seg[i].paddr + s->seg[i].memsz > end)
			end = s->seg[i].paddr + s->seg[i].memsz;
	return end;
}

static int refuse(struct guest_entry *e, int rc)
{
	memset(e, 0, sizeof(*e));
	return rc;
}

static int check_strings(const char *cmdline, const char *modname)
{
	if (strlen(cmdline) > MULTIBOOT_CMDLINE_MAX) {
		plat_log(PLAT_LOG_ERROR, "multiboot: command line of %zu bytes exceeds %u", strlen(cmdline),
			 MULTIBOOT_CMDLINE_MAX);
		return -HV_ERANGE;
	}
	if (strlen(modname) > MULTIBOOT_MODNAME_MAX) {
		plat_log(PLAT_LOG_ERROR, "multiboot: module name of %zu bytes exceeds %u", strlen(modname),
			 MULTIBOOT_MODNAME_MAX);
		return -HV_ERANGE;
	}
	return 0;
}

/* The ramdisk goes on the first page boundary after the kernel (spec 3.1.2 flag 0 asks for page alignment). */
static int place_module(const struct guest_load_params *p, const struct load_segs *s, uint64_t *gpa)
{
	const struct guest_mem *m = p->mem;
	uint64_t at = align_up(segs_end(s), PLAT_PAGE_SIZE);
	uint64_t size = p->ramdisk.size;
	if (at + size > FOUR_GIB || !guest_mem_contains(m, at, size)) {
		plat_log(PLAT_LOG_ERROR, "multiboot: ramdisk of 0x%llx bytes at 0x%llx does not fit in the VM's RAM below 4 GiB",
			 X(size), X(at));
		return -HV_ERANGE;
	}
	for (uint32_t i = 0; i < p->reserved_count; i++) {
		const struct reserved_range *r = &p->reserved[i];
		if (guest_ranges_overlap(at, size, r->base, r->size)) {
			plat_log(PLAT_LOG_ERROR, "multiboot: ramdisk at 0x%llx..0x%llx overlaps the %s at 0x%llx..0x%llx",
				 X(at), X(at + size), r->what, X(r->base), X(r->base + r->size));
			return -HV_EBUSY;
		}
	}
	*gpa = at;
	return 0;
}

static bool overlaps_segments(uint64_t at, uint64_t size, const struct load_segs *s)
{
	for (uint32_t i = 0; i < s->count; i++)
		if (guest_ranges_overlap(at, size, s->seg[i].paddr, s->seg[i].memsz))
			return true;
	return false;
}

static bool overlaps_reserved(uint64_t at, uint64_t size, const struct guest_load_params *p)
{
	for (uint32_t i = 0; i < p->reserved_count; i++)
		if (guest_ranges_overlap(at, size, p->reserved[i].base, p->reserved[i].size))
			return true;
	return false;
}

/* Is [at, at + 4 KiB) RAM below 4 GiB that nothing else of the load uses? */
static bool info_fits(const struct guest_load_params *p, const struct load_segs *s, uint64_t module_gpa,
		      uint64_t at)
{
	const uint64_t size = GUEST_BOOTINFO_SIZE;
	if (at + size > FOUR_GIB || !guest_mem_contains(p->mem, at, size))
		return false;
	if (p->ramdisk.size != 0 && guest_ranges_overlap(at, size, module_gpa, p->ramdisk.size))
		return false;
	return !overlaps_segments(at, size, s) && !overlaps_reserved(at, size, p);
}

/* The first page after the kernel and the ramdisk. */
static uint64_t page_after_load(const struct guest_load_params *p, const struct load_segs *s, uint64_t module_gpa)
{
	uint64_t end = segs_end(s);
	if (p->ramdisk.size != 0 && module_gpa + p->ramdisk.size > end)
		end = module_gpa + p->ramdisk.size;
	return align_up(end, PLAT_PAGE_SIZE);
}

/*
 * Where the information area goes, as GRUB does, once everything else is placed: the usual page
 * (GUEST_BOOTINFO_GPA), else the first free page of conventional memory above the real-mode IVT
 * and BIOS data, else the first page after the kernel and the ramdisk.
 */
static int place_info(const struct guest_load_params *p, const struct load_segs *s, uint64_t module_gpa,
		      uint64_t *gpa)
{
	if (info_fits(p, s, module_gpa, GUEST_BOOTINFO_GPA)) {
		*gpa = GUEST_BOOTINFO_GPA;
		return 0;
	}
	for (uint64_t at = PLAT_PAGE_SIZE; at + GUEST_BOOTINFO_SIZE <= GUEST_LOW_MEM_END; at += PLAT_PAGE_SIZE)
		if (info_fits(p, s, module_gpa, at)) {
			*gpa = at;
			return 0;
		}
	uint64_t at = page_after_load(p, s, module_gpa);
	if (info_fits(p, s, module_gpa, at)) {
		*gpa = at;
		return 0;
	}
	plat_log(PLAT_LOG_ERROR, "multiboot: no free 4 KiB of RAM below 4 GiB for the information area");
	return -HV_ENOMEM;
}

/* The header (spec 3.1.1), its required features (3.1.2), and the segments from the a.out kludge or the ELF. */
static int mb_image_segments(const struct guest_load_params *p, struct load_segs *segs)
{
	struct mb_header h;
	int rc = mb_find_header(p->kernel.data, p->kernel.size, &h);
	if (rc != 0)
		return rc;
	if (h.flags & MB_FLAGS_REQUIRED_MASK & ~MB_FLAGS_SUPPORTED) {
		/* Spec 3.1.2: a loader that cannot meet a required bit (0-15) must not boot the image. */
		plat_log(PLAT_LOG_ERROR, "multiboot: header requires features 0x%x the loader lacks (video mode: bit 2)",
			 h.flags & MB_FLAGS_REQUIRED_MASK & ~MB_FLAGS_SUPPORTED);
		return -HV_ENOSYS;
	}
	if (h.flags & MB_FLAG_AOUT_KLUDGE)
		return mb_aout_segments(&h, p->kernel.size, segs);
	return elf_segments("multiboot", p->kernel.data, p->kernel.size, segs, NULL);
}

/*
 * The OS is entered with paging off: everything, including the entry, lies below 4 GiB. What the
 * hypervisor writes into the VM is reserved before the segments are checked. Then the ramdisk and
 * the information area are placed.
 */
static int mb_place(const struct guest_load_params *p, const struct load_segs *segs, struct mb_info_plan *plan,
		    uint64_t *rip)
{
	int rc = segs_check("multiboot", segs, p->kernel.size, p->mem, FOUR_GIB, p->reserved, p->reserved_count);
	if (rc == 0)
		rc = segs_entry_phys("multiboot", segs, rip);
	if (rc == 0)
		rc = check_strings(plan->cmdline, plan->module_name);
	if (rc == 0 && p->ramdisk.size != 0)
		rc = place_module(p, segs, &plan->module_gpa);
	if (rc == 0)
		rc = place_info(p, segs, plan->module_gpa, &plan->info_gpa);
	return rc;
}

static int mb_write(const struct guest_load_params *p, const struct load_segs *segs, const struct mb_info_plan *plan)
{
	const struct guest_mem *m = p->mem;
	int rc = segs_write(segs, p->kernel.data, m);
	if (rc == 0 && p->ramdisk.size != 0)
		rc = m->write(m->ctx, plan->module_gpa, p->ramdisk.data, p->ramdisk.size);
	if (rc == 0)
		rc = mb_write_info(p, plan);
	if (rc != 0)
		plat_log(PLAT_LOG_ERROR, "multiboot: writing guest memory failed (%d)", rc);
	return rc;
}

int multiboot_load(const struct guest_load_params *p, struct guest_entry *entry)
{
	struct load_segs segs;
	struct mb_info_plan plan = { .cmdline = p->cmdline ? p->cmdline : "",
				     .module_name = p->ramdisk_name ? p->ramdisk_name : "" };
	uint64_t rip;

	int rc = mb_image_segments(p, &segs);
	if (rc == 0)
		rc = mb_place(p, &segs, &plan, &rip);
	if (rc == 0)
		rc = mb_write(p, &segs, &plan);
	if (rc != 0)
		return refuse(entry, rc);

	/* Spec 3.2: EAX = 0x2BADB002, EBX = info, protected mode, paging off, A20 on; GDTR unspecified. */
	entry_protected32(entry, rip, false);
	entry->rax = MB_BOOT_MAGIC;
	entry->rbx = plan.info_gpa;
	return 0;
}

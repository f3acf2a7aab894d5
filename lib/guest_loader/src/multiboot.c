/* SPDX-License-Identifier: BSD-3-Clause */
/* Multiboot v1 loading (spec 3.1-3.2): header, segments, the ramdisk as one module, entry state. */
#include <string.h>

#include <hvkit/errno.h>
#include <hvkit/platform.h>

#include "loader_util.h"
#include "multiboot_internal.h"

#define FOUR_GIB (1ull << 32)
#define X(v) ((unsigned long long)(v))

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

/* Is [at, at + 4 KiB) RAM below 4 GiB that nothing else of the load uses? */
static bool info_fits(const struct guest_load_params *p, const struct load_segs *s, uint64_t module_gpa,
		      uint64_t at)
{
	const uint64_t size = GUEST_BOOTINFO_SIZE;
	if (at + size > FOUR_GIB || !guest_mem_contains(p->mem, at, size))
		return false;
	for (uint32_t i = 0; i < s->count; i++)
		if (guest_ranges_overlap(at, size, s->seg[i].paddr, s->seg[i].memsz))
			return false;
	if (p->ramdisk.size != 0 && guest_ranges_overlap(at, size, module_gpa, p->ramdisk.size))
		return false;
	for (uint32_t i = 0; i < p->reserved_count; i++)
		if (guest_ranges_overlap(at, size, p->reserved[i].base, p->reserved[i].size))
			return false;
	return true;
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
	uint64_t end = segs_end(s);
	if (p->ramdisk.size != 0 && module_gpa + p->ramdisk.size > end)
		end = module_gpa + p->ramdisk.size;
	uint64_t at = align_up(end, PLAT_PAGE_SIZE);
	if (info_fits(p, s, module_gpa, at)) {
		*gpa = at;
		return 0;
	}
	plat_log(PLAT_LOG_ERROR, "multiboot: no free 4 KiB of RAM below 4 GiB for the information area");
	return -HV_ENOMEM;
}

int multiboot_load(const struct guest_load_params *p, struct guest_entry *entry)
{
	const uint8_t *img = p->kernel.data;
	const struct guest_mem *m = p->mem;
	struct mb_header h;
	struct load_segs segs;
	struct mb_info_plan plan = { .cmdline = p->cmdline ? p->cmdline : "",
				     .module_name = p->ramdisk_name ? p->ramdisk_name : "" };
	uint64_t rip;
	int rc;

	if ((rc = mb_find_header(img, p->kernel.size, &h)) != 0)
		return refuse(entry, rc);
	if (h.flags & MB_FLAGS_REQUIRED_MASK & ~MB_FLAGS_SUPPORTED) {
		/* Spec 3.1.2: a loader that cannot meet a required bit (0-15) must not boot the image. */
		plat_log(PLAT_LOG_ERROR, "multiboot: header requires features 0x%x the loader lacks (video mode: bit 2)",
			 h.flags & MB_FLAGS_REQUIRED_MASK & ~MB_FLAGS_SUPPORTED);
		return refuse(entry, -HV_ENOSYS);
	}
	rc = (h.flags & MB_FLAG_AOUT_KLUDGE) ? mb_aout_segments(&h, p->kernel.size, &segs)
					       : elf_segments("multiboot", img, p->kernel.size, &segs);
	if (rc != 0)
		return refuse(entry, rc);
	/* The OS is entered with paging off: everything, including the entry, lies below 4 GiB. What
	 * the hypervisor writes into the VM is reserved before the segments are checked. */
	if ((rc = segs_check("multiboot", &segs, p->kernel.size, m, FOUR_GIB, p->reserved, p->reserved_count)) != 0 ||
	    (rc = segs_entry_phys("multiboot", &segs, &rip)) != 0 ||
	    (rc = check_strings(plan.cmdline, plan.module_name)) != 0)
		return refuse(entry, rc);
	if (p->ramdisk.size != 0 && (rc = place_module(p, &segs, &plan.module_gpa)) != 0)
		return refuse(entry, rc);
	if ((rc = place_info(p, &segs, plan.module_gpa, &plan.info_gpa)) != 0)
		return refuse(entry, rc);

	if ((rc = segs_write(&segs, img, m)) != 0 ||
	    (p->ramdisk.size != 0 && (rc = m->write(m->ctx, plan.module_gpa, p->ramdisk.data, p->ramdisk.size)) != 0) ||
	    (rc = mb_write_info(p, &plan)) != 0) {
		plat_log(PLAT_LOG_ERROR, "multiboot: writing guest memory failed (%d)", rc);
		return refuse(entry, rc);
	}

	/* Spec 3.2: EAX = 0x2BADB002, EBX = info, protected mode, paging off, A20 on; GDTR unspecified. */
	entry_protected32(entry, rip, false);
	entry->rax = MB_BOOT_MAGIC;
	entry->rbx = plan.info_gpa;
	return 0;
}

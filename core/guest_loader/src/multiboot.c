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
	if (guest_ranges_overlap(at, size, GUEST_BOOTINFO_GPA, GUEST_BOOTINFO_SIZE)) {
		plat_log(PLAT_LOG_ERROR, "multiboot: ramdisk at 0x%llx..0x%llx overlaps the information area",
			 X(at), X(at + size));
		return -HV_EBUSY;
	}
	*gpa = at;
	return 0;
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
	if (!guest_mem_contains(m, GUEST_BOOTINFO_GPA, GUEST_BOOTINFO_SIZE)) {
		plat_log(PLAT_LOG_ERROR, "multiboot: the information area 0x%x..0x%x is not in the VM's RAM",
			 GUEST_BOOTINFO_GPA, GUEST_BOOTINFO_GPA + GUEST_BOOTINFO_SIZE);
		return refuse(entry, -HV_ERANGE);
	}
	const struct reserved_range info = { "Multiboot information area", GUEST_BOOTINFO_GPA, GUEST_BOOTINFO_SIZE };
	/* The OS is entered with paging off: everything, including the entry, lies below 4 GiB. */
	if ((rc = segs_check("multiboot", &segs, p->kernel.size, m, FOUR_GIB, &info, 1)) != 0 ||
	    (rc = segs_entry_phys("multiboot", &segs, &rip)) != 0 ||
	    (rc = check_strings(plan.cmdline, plan.module_name)) != 0)
		return refuse(entry, rc);
	if (p->ramdisk.size != 0 && (rc = place_module(p, &segs, &plan.module_gpa)) != 0)
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
	entry->rbx = GUEST_BOOTINFO_GPA;
	return 0;
}

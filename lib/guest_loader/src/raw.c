/* SPDX-License-Identifier: BSD-3-Clause */
/* A flat binary at a configured address, entered at a configured address. */
#include <string.h>

#include <hvkit/errno.h>
#include <hvkit/platform.h>
#include <guest_loader/identity_map.h>

#include "loader_util.h"
#include "reserved_clash.h"
#include "segments.h"


static int refuse(struct guest_entry *e, int rc)
{
	memset(e, 0, sizeof(*e));
	return rc;
}

/* The image is not empty, lies in the VM's RAM below 4 GiB, and holds its entry point. */
static int raw_check_image(const struct guest_mem *m, uint64_t load_gpa, uint64_t size, uint64_t entry_gpa)
{
	uint64_t end = load_gpa + size;
	if (size == 0) {
		plat_log(PLAT_LOG_ERROR, "raw: the kernel image is empty");
		return -HV_EINVAL;
	}
	if (end < load_gpa || end > FOUR_GIB || !guest_mem_contains(m, load_gpa, size)) {
		/* Both entry modes reach only the low 4 GiB: paging off, or the identity map of 0..4 GiB. */
		plat_log(PLAT_LOG_ERROR, "raw: image at 0x%llx..0x%llx does not fit in the VM's RAM below 4 GiB",
			 X(load_gpa), X(end));
		return -HV_ERANGE;
	}
	if (entry_gpa < load_gpa || entry_gpa >= end) {
		plat_log(PLAT_LOG_ERROR, "raw: entry 0x%llx is outside the image 0x%llx..0x%llx", X(entry_gpa),
			 X(load_gpa), X(end));
		return -HV_EINVAL;
	}
	return 0;
}

/* The boot GDT (and, for long mode, the identity-map page tables) lie in the VM's RAM. */
static int raw_check_boot_area_in_ram(const struct guest_mem *m, bool long_mode, uint64_t tables)
{
	if (guest_mem_contains(m, GUEST_GDT_GPA, GUEST_GDT_SIZE) &&
	    (!long_mode || guest_mem_contains(m, GUEST_PT_GPA, tables)))
		return 0;
	plat_log(PLAT_LOG_ERROR, "raw: the boot GDT%s at 0x%x is not in the VM's RAM", long_mode ? " and page tables" : "",
		 GUEST_GDT_GPA);
	return -HV_ERANGE;
}

/* The image leaves the boot GDT and page tables alone. */
static int raw_check_boot_area_clear(uint64_t load_gpa, uint64_t size, bool long_mode, uint64_t tables)
{
	if (!guest_ranges_overlap(load_gpa, size, GUEST_GDT_GPA, GUEST_GDT_SIZE) &&
	    !guest_ranges_overlap(load_gpa, size, GUEST_PT_GPA, tables))
		return 0;
	plat_log(PLAT_LOG_ERROR, "raw: image at 0x%llx..0x%llx overlaps the boot GDT%s at 0x%x..0x%llx", X(load_gpa),
		 X(load_gpa + size), long_mode ? "/page tables" : "", GUEST_GDT_GPA,
		 X(long_mode ? GUEST_PT_GPA + tables : GUEST_GDT_GPA + GUEST_GDT_SIZE));
	return -HV_EBUSY;
}

/* Copy the image, write the boot GDT and, for long mode, the identity map of 0..4 GiB (its root in *cr3). */
static int raw_write(const struct guest_load_params *p, uint64_t load_gpa, bool long_mode, uint64_t *cr3)
{
	const struct guest_mem *m = p->mem;
	int rc = m->write(m->ctx, load_gpa, p->kernel.data, p->kernel.size);
	if (rc == 0)
		rc = write_boot_gdt(m, long_mode);
	if (rc == 0 && long_mode)
		rc = guest_identity_map_4g(m, GUEST_PT_GPA, false, cr3);
	if (rc != 0)
		plat_log(PLAT_LOG_ERROR, "raw: writing guest memory failed (%d)", rc);
	return rc;
}

/* Every check before anything is written: the image, the boot area, the scenario's reserved ranges. */
static int raw_check(const struct guest_load_params *p, uint64_t load_gpa, uint64_t entry_gpa, bool long_mode,
		     uint64_t tables)
{
	int rc = raw_check_image(p->mem, load_gpa, p->kernel.size, entry_gpa);
	if (rc == 0)
		rc = raw_check_boot_area_in_ram(p->mem, long_mode, tables);
	if (rc == 0)
		rc = raw_check_boot_area_clear(load_gpa, p->kernel.size, long_mode, tables);
	if (rc == 0)
		rc = reserved_clash("raw", "image", load_gpa, p->kernel.size, p);
	return rc;
}

static void raw_warn_unused(const struct guest_load_params *p)
{
	if (p->ramdisk.size != 0 || (p->cmdline && p->cmdline[0]))
		plat_log(PLAT_LOG_WARN, "raw: a raw image gets no ramdisk or command line; ignored");
}

int raw_load(const struct guest_load_params *p, uint64_t load_gpa, uint64_t entry_gpa, bool long_mode,
	     struct guest_entry *entry)
{
	uint64_t tables = long_mode ? guest_identity_map_size(false) : 0;
	uint64_t cr3 = 0;

	int rc = raw_check(p, load_gpa, entry_gpa, long_mode, tables);
	if (rc != 0)
		return refuse(entry, rc);
	raw_warn_unused(p);
	rc = raw_write(p, load_gpa, long_mode, &cr3);
	if (rc != 0)
		return refuse(entry, rc);
	if (long_mode)
		entry_long64(entry, entry_gpa, cr3);
	else
		entry_protected32(entry, entry_gpa, true);
	return 0;
}

/* SPDX-License-Identifier: BSD-3-Clause */
#include "linux_boot.h"

#include <string.h>

#include <hvkit/errno.h>
#include <hvkit/platform.h>
#include <vacpi/extras.h>
#include <vacpi/vacpi.h>

#define MB1_MAGIC 0x1badb002u
#define MB1_SEARCH 8192u /* Multiboot 3.1.1: the header lies in the first 8192 bytes, 32-bit aligned */

static uint32_t le32(const uint8_t *p)
{
	return (uint32_t)p[0] | (uint32_t)p[1] << 8 | (uint32_t)p[2] << 16 | (uint32_t)p[3] << 24;
}

/* Multiboot 3.1.1/3.1.2: magic, flags and checksum summing to 0, 32-bit aligned in the first 8192 bytes. */
static bool has_multiboot1_header(const uint8_t *d, size_t size)
{
	for (size_t off = 0; off + 12 <= size && off < MB1_SEARCH; off += 4)
		if (le32(d + off) == MB1_MAGIC && le32(d + off) + le32(d + off + 4) + le32(d + off + 8) == 0)
			return true;
	return false;
}

enum dm_kernel_kind dm_kernel_kind(const void *data, size_t size)
{
	const uint8_t *d = data;
	if (has_multiboot1_header(d, size))
		return DM_KERNEL_MULTIBOOT;
	if (size >= 0x206 && memcmp(d + 0x202, "HdrS", 4) == 0)
		return DM_KERNEL_BZIMAGE;
	if (size >= 4 && memcmp(d, "\x7f" "ELF", 4) == 0)
		return DM_KERNEL_PVH_ELF;
	return DM_KERNEL_UNKNOWN;
}

const char *dm_kernel_kind_name(enum dm_kernel_kind k)
{
	switch (k) {
	case DM_KERNEL_MULTIBOOT: return "Multiboot kernel";
	case DM_KERNEL_BZIMAGE: return "Linux bzImage";
	case DM_KERNEL_PVH_ELF: return "PVH ELF kernel";
	default: return "unknown kernel format";
	}
}

int load_linux(const struct guest_ram *ram, enum dm_kernel_kind k, struct guest_image kernel,
	       struct guest_image initrd, const char *cmdline, uint32_t vcpus, struct guest_entry *entry)
{
	struct guest_mem mem;
	guest_ram_mem(ram, &mem);
	memset(entry, 0, sizeof(*entry));

	struct vacpi_config acpi;
	vacpi_config_init(&acpi, vcpus);
	acpi.pcat_compat = true; /* the hypervisor emulates the 8259 pair for every VM of the share image */
	/* hvkit-dm's UART raises no interrupt yet: described without one, Linux's 8250 driver polls it. */
	acpi.serial = (struct vacpi_serial){ .present = true, .port = DM_ACPI_UART_PORT, .polled = true };
	acpi.pm_timer = (struct vacpi_pm_timer){ .present = true, .port = DM_ACPI_PM_TIMER_PORT };
	acpi.rtc = true;
	const struct vacpi_extras extras = { .pci = { .present = true, .ecam_base = DM_ACPI_ECAM_BASE, .bus_end = 0 } };
	acpi.extras = &extras;
	uint64_t rsdp = 0;
	int rc = vacpi_build(&acpi, &mem, &rsdp);
	if (rc)
		return rc;

	const struct reserved_range tables = { "ACPI tables", VACPI_AREA_GPA, VACPI_AREA_SIZE };
	struct guest_load_params p = {
		.mem = &mem,
		.kernel = kernel,
		.ramdisk = initrd,
		.cmdline = cmdline,
		.ramdisk_name = "initrd",
		.rsdp_gpa = rsdp,
		.reserved = &tables,
		.reserved_count = 1,
	};
	switch (k) {
	case DM_KERNEL_PVH_ELF:
		rc = pvh_load(&p, entry);
		/* Xen's PVH ABI (docs/misc/pvh.pandoc) defines CS, DS, ES, SS and TR at entry and leaves GDTR
		 * unspecified: Linux's pvh_start_xen loads its own GDT before it touches a segment register. The
		 * loader's boot GDT is not needed then, and struct hvkit_vcpu_state carries no GDTR. */
		entry->gdtr_base = 0;
		entry->gdtr_limit = 0;
		return rc;
	case DM_KERNEL_BZIMAGE:
		return bzimage_load(&p, entry);
	default:
		plat_log(PLAT_LOG_ERROR, "not a Linux kernel (%s)", dm_kernel_kind_name(k));
		return -HV_EINVAL;
	}
}

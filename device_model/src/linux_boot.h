/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Booting Linux as a post-launched VM: the VM's ACPI tables from the hypervisor's own virtual ACPI code
 * (lib/vacpi, linked hosted) and the kernel from its own loaders (lib/guest_loader): a vmlinux with Xen's
 * PVH entry note (pvh_load: hvm_start_info with the memory map, the initrd as its module and the RSDP) or a
 * bzImage (bzimage_load: zero page with the e820 map, initrd, command line and acpi_rsdp_addr).
 */
#ifndef DM_LINUX_BOOT_H
#define DM_LINUX_BOOT_H

#include <stddef.h>
#include <stdint.h>

#include <guest_loader/guest_loader.h>

#include "load.h"
#include "vpci.h"

enum dm_kernel_kind {
	DM_KERNEL_UNKNOWN = 0,
	DM_KERNEL_MULTIBOOT, /* Multiboot v1 header magic 0x1BADB002 in the first 8 KiB */
	DM_KERNEL_BZIMAGE,   /* "HdrS" at 0x202 (Linux boot protocol header) */
	DM_KERNEL_PVH_ELF,   /* any other ELF: pvh_load looks for the PVH note and names what is missing */
};

enum dm_kernel_kind dm_kernel_kind(const void *data, size_t size);
const char *dm_kernel_kind_name(enum dm_kernel_kind k);

/* The port of the VM's 16550 (hvkit-dm's, described polled: it raises no interrupt) and the hypervisor's
 * ACPI PM timer and CMOS RTC, which every VM of the share image has (core/vm/vm_vdevs.c). */
#define DM_ACPI_UART_PORT 0x3f8u
#define DM_ACPI_PM_TIMER_PORT 0x608u
/* The VM's PCI bus (src/vpci.h): the host bridge in the DSDT, its ECAM window (bus 0) in the MCFG. */
#define DM_ACPI_ECAM_BASE VPCI_ECAM_BASE

/*
 * Write the VM's ACPI tables (RSDP, XSDT, FADT, DSDT with the UART, the RTC and the PCI host bridge, MADT with
 * vcpus vCPUs, the vIOAPIC and the 8259 pair, MCFG with the ECAM window) into the BIOS area of ram and load kernel (of kind k: DM_KERNEL_PVH_ELF or
 * DM_KERNEL_BZIMAGE) with initrd (size 0: none) and cmdline. 0, or a negative HV_E* value with the reason
 * in load_error().
 */
int load_linux(const struct guest_ram *ram, enum dm_kernel_kind k, struct guest_image kernel,
	       struct guest_image initrd, const char *cmdline, uint32_t vcpus, struct guest_entry *entry);

#endif

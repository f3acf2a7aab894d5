/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Guest loaders: place a kernel (and its ramdisk and command line) into a VM's
 * RAM and describe the boot vCPU's initial state. This header has what every
 * image links: the parameters every loader takes and the PVH loader (the
 * others, which only the share and hybrid images link: <guest_loader/guest_loader.h>).
 *
 * Every loader checks the whole image and layout before it writes one byte of
 * guest memory. A refusal is logged with its reason (plat_log, PLAT_LOG_ERROR)
 * and returns a negative HV_E* value; *entry is then zeroed, so a caller that
 * ignores the error still has no entry point to start.
 *   -HV_EINVAL  malformed image (bad magic, bad checksum, bad header fields)
 *   -HV_ENOSYS  a feature or protocol version the loader does not support
 *   -HV_ERANGE  something does not fit in the VM's RAM (or below 4 GiB)
 *   -HV_EBUSY   two things would overlap (segments, info area, ramdisk)
 *   other       the guest_mem callback's error
 */
#ifndef GUEST_LOADER_PVH_H
#define GUEST_LOADER_PVH_H

#include <stddef.h>
#include <stdint.h>

#include <guest_loader/guest_entry.h>
#include <guest_loader/guest_mem.h>
#include <guest_loader/layout.h>

struct guest_image {
	const void *data;
	size_t size;
};

/* A guest range a load must leave alone, with a name for messages. */
struct reserved_range {
	const char *what;
	uint64_t base;
	uint64_t size;
};

struct guest_load_params {
	const struct guest_mem *mem;
	struct guest_image kernel;
	struct guest_image ramdisk; /* size 0: none */
	const char *cmdline;        /* NULL: empty */
	const char *ramdisk_name;   /* Multiboot module string (PVH: the module's cmdline); NULL: empty */
	uint64_t rsdp_gpa;          /* the VM's ACPI RSDP, 0: none (PVH start_info.rsdp_paddr) */
	/* What the hypervisor writes into the VM besides the loader (its ACPI tables): the kernel's
	 * segments, the image and the ramdisk must not overlap any of these, or the load is refused
	 * with a message naming both. */
	const struct reserved_range *reserved;
	uint32_t reserved_count;
};

/*
 * An ELF kernel (Linux vmlinux built with CONFIG_PVH) by Xen's PVH boot ABI (xen
 * docs/misc/pvh.pandoc; public/arch-x86/hvm/start_info.h): the PT_LOAD segments at
 * their physical addresses (p_paddr, all below 4 GiB), entered at the 32-bit physical
 * address of the XEN_ELFNOTE_PHYS32_ENTRY note (owner "Xen", type 18) in 32-bit
 * protected mode, paging off, EBX = the hvm_start_info (version 1) at
 * GUEST_PVH_START_INFO_GPA: the command line at GUEST_CMDLINE_GPA, the ramdisk as one
 * module placed as high below 4 GiB as RAM allows, the memory map (RAM type 1, the BIOS
 * area 0xE0000-0xFFFFF type 2) and p->rsdp_gpa.
 */
int pvh_load(const struct guest_load_params *p, struct guest_entry *entry);

/* Largest module string (the ramdisk name) pvh_load accepts, without its NUL. */
#define PVH_MODNAME_MAX (GUEST_PVH_MODNAME_SIZE - 1u)

#endif

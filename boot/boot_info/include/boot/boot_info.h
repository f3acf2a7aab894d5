/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * The one structure both boot paths hand to the hypervisor's C entry.
 *
 * Entry contract (core/arch/entry.S, symbol hv_entry64, which is also the ELF
 * e_entry of the hypervisor image):
 *   - 64-bit long mode, paging on, the low 4 GiB identity mapped, interrupts off;
 *   - RDI = physical (= virtual) address of a struct boot_info below 4 GiB;
 *   - any GDT and stack: hv_entry64 installs its own before touching memory
 *     the loader may own, and copies *boot_info into the image before the page
 *     allocator starts.
 * The Multiboot2 path (mb2_entry32 in core/arch/entry.S, then boot/multiboot2/multiboot2.c) reaches the same C entry
 * (hv_main) after building this structure from GRUB's tags; the UEFI loader
 * (boot/uefi/) builds it from UEFI services and jumps to hv_entry64.
 */
#ifndef HVKIT_BOOT_INFO_H
#define HVKIT_BOOT_INFO_H

#include <stdint.h>

#define BOOT_INFO_MAGIC 0x6876626f6f74ull /* "hvboot" */
#define BOOT_MAX_MEM_RANGES 256
#define BOOT_MAX_MODULES 16
#define BOOT_MAX_CPUS 64
#define BOOT_CMDLINE_MAX 256
#define BOOT_MODULE_NAME_MAX 128

enum boot_mem_type {
	BOOT_MEM_USABLE = 1,       /* free RAM the hypervisor may use */
	BOOT_MEM_RESERVED = 2,     /* never touched */
	BOOT_MEM_ACPI_RECLAIM = 3, /* ACPI tables: kept, never allocated */
	BOOT_MEM_ACPI_NVS = 4,
	BOOT_MEM_BAD = 5,
};

struct boot_mem_range {
	uint64_t base;
	uint64_t length;
	uint32_t type; /* enum boot_mem_type */
	uint32_t reserved;
};

struct boot_module {
	uint64_t start; /* physical, inclusive */
	uint64_t end;   /* physical, exclusive */
	char name[BOOT_MODULE_NAME_MAX]; /* the module's command line / file name */
};

struct boot_info {
	uint64_t magic;                /* BOOT_INFO_MAGIC */
	char loader[16];               /* "multiboot2" or "uefi" */
	char cmdline[BOOT_CMDLINE_MAX];
	uint64_t acpi_rsdp;            /* physical address of the RSDP, 0 if none */
	uint32_t mem_range_count;
	uint32_t module_count;
	struct boot_mem_range mem_ranges[BOOT_MAX_MEM_RANGES];
	struct boot_module modules[BOOT_MAX_MODULES];
	/* CPUs the firmware reported (UEFI MP Services); 0 = discover from the ACPI MADT. */
	uint32_t fw_cpu_count;
	uint32_t fw_apic_ids[BOOT_MAX_CPUS];
	uint32_t bsp_apic_id;
};

#endif

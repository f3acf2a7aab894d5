/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Where the loaders put their own structures in guest RAM. All of it sits in
 * conventional memory below 640 KiB, above the real-mode IVT/BIOS data area; a
 * kernel, module or ramdisk that would overlap what a load writes is refused.
 * RAM at these addresses is a requirement of every loader that writes them.
 */
#ifndef GUEST_LOADER_LAYOUT_H
#define GUEST_LOADER_LAYOUT_H

#define GUEST_GDT_GPA 0x1000u         /* boot GDT (bzImage and raw images) */
#define GUEST_GDT_SIZE 0x20u          /* null, null, code 0x10, data 0x18 */
/* 0x2000: the identity page tables, up to 6 pages (bzImage 64-bit, raw 64-bit): GUEST_PT_GPA, identity_map.h */
#define GUEST_BOOTINFO_GPA 0x8000u    /* Multiboot information area, or the Linux zero page */
#define GUEST_BOOTINFO_SIZE 0x1000u
#define GUEST_CMDLINE_GPA 0x9000u     /* Linux command line */
#define GUEST_CMDLINE_SIZE 0x1000u     /* (and the PVH command line) */

/* PVH (Xen's hvm_start_info, version 1) inside the boot information page. */
#define GUEST_PVH_START_INFO_GPA GUEST_BOOTINFO_GPA            /* struct hvm_start_info, 56 bytes */
#define GUEST_PVH_MODLIST_GPA (GUEST_BOOTINFO_GPA + 0x40u)     /* one hvm_modlist_entry, 32 bytes */
#define GUEST_PVH_MEMMAP_GPA (GUEST_BOOTINFO_GPA + 0x80u)      /* hvm_memmap_table_entry[], 24 bytes each */
#define GUEST_PVH_MEMMAP_MAX 64u                               /* entries: up to +0x680 */
#define GUEST_PVH_MODNAME_GPA (GUEST_BOOTINFO_GPA + 0xc00u)    /* the module's string, up to 0x400 bytes */
#define GUEST_PVH_MODNAME_SIZE 0x400u

/* The BIOS read-only area, where the VM's ACPI tables live (lib/vacpi). Loaders leave it alone. */
#define GUEST_BIOS_AREA_GPA 0xe0000u
#define GUEST_BIOS_AREA_SIZE 0x20000u

#define GUEST_LOW_MEM_END 0xa0000u    /* end of conventional memory (640 KiB) */
#define GUEST_HIGH_MEM_START 0x100000u /* 1 MiB: end of the legacy VGA/BIOS hole */

#endif

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
#define GUEST_PT_GPA 0x2000u          /* identity page tables, up to 6 pages (bzImage 64-bit, raw 64-bit) */
#define GUEST_PT_MAX_SIZE 0x6000u
#define GUEST_BOOTINFO_GPA 0x8000u    /* Multiboot information area, or the Linux zero page */
#define GUEST_BOOTINFO_SIZE 0x1000u
#define GUEST_CMDLINE_GPA 0x9000u     /* Linux command line */
#define GUEST_CMDLINE_SIZE 0x1000u

#define GUEST_LOW_MEM_END 0xa0000u    /* end of conventional memory (640 KiB) */
#define GUEST_HIGH_MEM_START 0x100000u /* 1 MiB: end of the legacy VGA/BIOS hole */

#endif

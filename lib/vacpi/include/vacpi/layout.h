/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Where the virtual ACPI tables live in a VM's guest-physical memory.
 *
 * The whole BIOS read-only area 0xE0000-0xFFFFF (128 KiB) belongs to vacpi:
 *  - ACPI 6.x 5.2.5.1: on legacy (non-UEFI) boots an OS finds the RSDP by scanning the
 *    first KiB of the EBDA and then 0xE0000-0xFFFFF on 16-byte boundaries. The RSDP sits at
 *    the very start of the area, so a scan meets it before anything else there.
 *  - The loaders' own structures are all below 0xA0000 (guest_loader/layout.h: 0x1000-0x9FFF)
 *    and kernels load at or above 1 MiB, so nothing else is ever written here.
 *  - The guest_loader reports 640 KiB-1 MiB as a hole (never RAM) in e820/Multiboot maps, and
 *    Linux reserves that ISA range whatever the map says, so the guest never reuses the tables'
 *    memory. The VM still needs RAM (EPT-backed memory) behind the area: vacpi_build refuses
 *    otherwise.
 * A loader that can pass the RSDP address explicitly (Linux boot_params.acpi_rsdp_addr, offset
 * 0x070, boot protocol >= 2.14) should pass the address vacpi_build returns; Multiboot v1 has no
 * such field and relies on the scan.
 */
#ifndef VACPI_LAYOUT_H
#define VACPI_LAYOUT_H

#define VACPI_AREA_GPA 0xe0000u
#define VACPI_AREA_SIZE 0x20000u /* up to 1 MiB (0x100000) exclusive */

/* The RSDP is always at the start of the area (16-byte aligned, ACPI 6.x 5.2.5.1). */
#define VACPI_RSDP_GPA VACPI_AREA_GPA

#endif

/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * The Linux setup header (Documentation/arch/x86/boot.rst, "The Real-Mode Kernel
 * Header"). Offsets are the same in the bzImage file and in boot_params (the zero page).
 */
#ifndef GUEST_LOADER_BZIMAGE_HEADER_H
#define GUEST_LOADER_BZIMAGE_HEADER_H

#include <stddef.h>
#include <stdint.h>

#define BZ_SETUP_SECTS 0x1f1u
#define BZ_BOOT_FLAG 0x1feu       /* 0xAA55 */
#define BZ_JUMP 0x200u            /* the byte at 0x201 gives the header's end: 0x202 + it */
#define BZ_HEADER 0x202u          /* "HdrS" */
#define BZ_VERSION 0x206u
#define BZ_TYPE_OF_LOADER 0x210u
#define BZ_LOADFLAGS 0x211u
#define BZ_CODE32_START 0x214u
#define BZ_RAMDISK_IMAGE 0x218u
#define BZ_RAMDISK_SIZE 0x21cu
#define BZ_CMD_LINE_PTR 0x228u
#define BZ_INITRD_ADDR_MAX 0x22cu
#define BZ_KERNEL_ALIGNMENT 0x230u
#define BZ_RELOCATABLE 0x234u
#define BZ_XLOADFLAGS 0x236u      /* protocol 2.12 */
#define BZ_CMDLINE_SIZE 0x238u    /* protocol 2.06 */
#define BZ_PREF_ADDRESS 0x258u    /* protocol 2.10 */
#define BZ_INIT_SIZE 0x260u       /* protocol 2.10 */
#define BZ_HEADER_LIMIT 0x290u    /* boot_params: the setup header ends before edd_mbr_sig_buffer */

/* boot_params fields outside the setup header (Documentation/arch/x86/zero-page.rst). */
#define BP_EXT_RAMDISK_IMAGE 0x0c0u
#define BP_EXT_RAMDISK_SIZE 0x0c4u
#define BP_EXT_CMD_LINE_PTR 0x0c8u
#define BP_E820_ENTRIES 0x1e8u
#define BP_E820_TABLE 0x2d0u      /* entries of 20 bytes: addr, size, type */
#define BP_E820_MAX 128u
#define BP_SIZE 0x1000u

#define BZ_HDRS_MAGIC 0x53726448u /* "HdrS" */
#define BZ_BOOT_FLAG_MAGIC 0xaa55u
#define BZ_MIN_VERSION 0x0206u
#define BZ_LOADED_HIGH (1u << 0)  /* loadflags: protected-mode code at 0x100000 */
#define BZ_XLF_KERNEL_64 (1u << 0) /* xloadflags: 64-bit entry at load address + 0x200 */
#define BZ_TYPE_UNDEFINED 0xffu   /* type_of_loader for a loader with no assigned id */
#define E820_RAM 1u

#define BZ_LOAD_ADDR 0x100000u
#define BZ_ENTRY64_OFFSET 0x200u

#endif

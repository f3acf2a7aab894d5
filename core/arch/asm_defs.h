/* SPDX-License-Identifier: BSD-3-Clause */
/* Constants shared by the entry assembly and C. */
#ifndef HVKIT_ASM_DEFS_H
#define HVKIT_ASM_DEFS_H

#define GDT_SEL_CODE64 0x08
#define GDT_SEL_DATA 0x10
#define GDT_SEL_CODE32 0x18
#define GDT_SEL_TSS0 0x20 /* CPU i's TSS at 0x20 + 16 * i */

#define HV_MAX_CPUS 16
#define BOOT_STACK_SIZE 16384

#define MSR_IA32_EFER 0xC0000080
#define MSR_IA32_FS_BASE 0xC0000100
#define MSR_IA32_GS_BASE 0xC0000101
#define EFER_LME (1 << 8)
#define EFER_NXE (1 << 11)

#endif

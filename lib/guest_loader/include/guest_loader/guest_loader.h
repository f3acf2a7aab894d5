/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Guest loaders: place a kernel (and its ramdisk and command line) into a VM's
 * RAM and describe the boot vCPU's initial state: every loader (the load
 * parameters and the PVH loader are <guest_loader/pvh.h>'s).
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
#ifndef GUEST_LOADER_GUEST_LOADER_H
#define GUEST_LOADER_GUEST_LOADER_H

#include <stdbool.h>
#include <stdint.h>

#include <guest_loader/pvh.h>

struct vm_config;

/*
 * Multiboot v1 (spec 3.1-3.3): ELF32/ELF64 or the a.out kludge (header flag 16). The information
 * area (4 KiB, EBX at entry) goes, once the segments and the ramdisk are placed, at the first free
 * page of GUEST_BOOTINFO_GPA, the rest of conventional memory, then after the ramdisk or kernel.
 */
int multiboot_load(const struct guest_load_params *p, struct guest_entry *entry);

/* Largest command line, without its NUL, that multiboot_load accepts. */
#define MULTIBOOT_CMDLINE_MAX 2815u
/* Largest module string (the ramdisk name), without its NUL. */
#define MULTIBOOT_MODNAME_MAX 255u

/*
 * A flat binary copied to load_gpa and entered at entry_gpa (inside the image), in
 * 32-bit protected mode, or in long mode with the identity map of the low 4 GiB
 * (2 MiB pages) at GUEST_PT_GPA. Both get the boot GDT at GUEST_GDT_GPA.
 * A ramdisk and command line are ignored (logged).
 */
int raw_load(const struct guest_load_params *p, uint64_t load_gpa, uint64_t entry_gpa, bool long_mode,
	     struct guest_entry *entry);

/*
 * Linux bzImage, boot protocol >= 2.06 (Documentation/arch/x86/boot.rst): the
 * protected-mode kernel at 1 MiB, the zero page at GUEST_BOOTINFO_GPA, the command
 * line at GUEST_CMDLINE_GPA, the ramdisk as high as initrd_addr_max and RAM allow.
 * Entered in long mode at the 64-bit entry (load + 0x200) when xloadflags has
 * XLF_KERNEL_64, else at code32_start in 32-bit protected mode.
 */
int bzimage_load(const struct guest_load_params *p, struct guest_entry *entry);

/* Load the kernel a scenario VM names, by its kernel type (raw images: 32-bit entry). */
int guest_load_vm(const struct vm_config *vm, const struct guest_mem *mem, struct guest_image kernel,
		  struct guest_image ramdisk, struct guest_entry *entry);

#endif

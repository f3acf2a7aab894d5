/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Putting the hypervisor's PT_LOAD segments at their fixed physical addresses.
 *
 * Each page run of the image is first asked for directly (AllocatePages,
 * AllocateAddress, EfiLoaderData). If firmware is using it, and all of it is
 * memory that ExitBootServices frees (EfiBootServicesCode/Data, Conventional),
 * the run is deferred: its bytes are built in a staging buffer now and copied in
 * place after ExitBootServices (OVMF keeps its decompressed firmware volumes as
 * BootServicesData at 0x900000-0x1500000, right where a 16 MiB image goes).
 * Anything else there (runtime, ACPI, reserved, MMIO, not RAM) is an error.
 */
#ifndef HVKIT_UEFI_HV_PLACE_H
#define HVKIT_UEFI_HV_PLACE_H

#include <efi.h>

#include "elf_image.h"

struct hv_copy_job {
	UINT64 dst;
	UINT64 src;
	UINT64 bytes;
};

/*
 * Validates the ELF and places (or stages) every page run, .bss zeroed.
 * On error the reason has been printed.
 */
EFI_STATUS hv_place(const void *elf, UINTN size, struct hv_elf_plan *plan);

/* Copies still to do after ExitBootServices. */
UINTN hv_deferred_jobs(const struct hv_copy_job **jobs);

/*
 * Fails (printing what and where) if [base, base + bytes) meets a deferred run:
 * everything that must survive the late copy (boot_info, modules, page tables,
 * staging buffers, the stack) is checked with this before leaving UEFI.
 */
EFI_STATUS hv_check_clear(const CHAR16 *what, UINT64 base, UINT64 bytes);

#endif

/* Copies the hypervisor's PT_LOAD segments to their fixed physical addresses. */
#ifndef HVKIT_UEFI_HV_PLACE_H
#define HVKIT_UEFI_HV_PLACE_H

#include <efi.h>

#include "elf_image.h"

/*
 * Validates the ELF, allocates every page run at its address (AllocateAddress,
 * EfiLoaderData), zeroes it and copies the file bytes (so .bss is zero).
 * On error nothing stays allocated and the reason has been printed.
 */
EFI_STATUS hv_place(const void *elf, UINTN size, struct hv_elf_plan *plan);

/* Gives the pages back (for errors after a successful hv_place). */
void hv_unplace(const struct hv_elf_plan *plan);

#endif

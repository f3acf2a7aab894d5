/* SPDX-License-Identifier: BSD-3-Clause */
/* Leaving UEFI: identity page tables, the final memory map, ExitBootServices, the jump. */
#ifndef HVKIT_UEFI_HANDOFF_H
#define HVKIT_UEFI_HANDOFF_H

#include <efi.h>

#include <boot/boot_info.h>

#include "elf_image.h"

/*
 * Builds page tables that identity-map the low 4 GiB (2 MiB pages, in
 * EfiLoaderData below 4 GiB, so they are reserved in the map the hypervisor gets
 * and survive until it installs its own), takes the final memory map into
 * bi->mem_ranges (the image's page runs marked reserved), calls
 * ExitBootServices (retrying once with a fresh map key), then with interrupts
 * off loads CR3, does the deferred copies of hv_place.h and jumps to the ELF's
 * entry with RDI = bi.
 * Returns only on failure, with the reason printed when that is still possible.
 */
EFI_STATUS handoff(EFI_HANDLE image, struct boot_info *bi, const struct hv_elf_plan *plan);

#endif

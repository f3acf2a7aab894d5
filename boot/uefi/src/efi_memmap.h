/* SPDX-License-Identifier: BSD-3-Clause */
/* Reading the UEFI memory map, and explaining who owns a physical range. */
#ifndef HVKIT_UEFI_EFI_MEMMAP_H
#define HVKIT_UEFI_EFI_MEMMAP_H

#include <efi.h>

struct efi_memmap {
	void *buf;        /* pool buffer of `capacity` bytes */
	UINTN capacity;
	UINTN size;       /* bytes filled by the last GetMemoryMap */
	UINTN key;
	UINTN desc_size;
	UINT32 desc_version;
};

/*
 * Allocates a buffer with room for the current map plus `slack` descriptors and
 * fills it. Later refreshes (efi_memmap_refresh) use the same buffer and make no
 * allocation, so they are safe around ExitBootServices.
 */
EFI_STATUS efi_memmap_get(struct efi_memmap *m, UINTN slack);
EFI_STATUS efi_memmap_refresh(struct efi_memmap *m);
void efi_memmap_free(struct efi_memmap *m);

/* Returns "memory in use" or "not RAM" for [base, end); optionally prints who owns it. */
const CHAR16 *efi_explain_range(UINT64 base, UINT64 end, int print_owners);

#endif

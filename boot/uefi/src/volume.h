/* SPDX-License-Identifier: BSD-3-Clause */
/* Files on the volume the loader was started from. */
#ifndef HVKIT_UEFI_VOLUME_H
#define HVKIT_UEFI_VOLUME_H

#include <efi.h>

/* Opens the root directory of the loader's own volume. */
EFI_STATUS volume_open_root(EFI_HANDLE image, EFI_FILE_HANDLE *root);

/*
 * Reads the whole file at `path` (ASCII, '\' separators, from the root) into
 * EfiLoaderData pages below 4 GiB; *base and *size describe the bytes; the pages
 * (at least one) are EFI_SIZE_TO_PAGES(*size). EFI_NOT_FOUND if it is missing.
 */
EFI_STATUS volume_load(EFI_FILE_HANDLE root, const char *path, EFI_PHYSICAL_ADDRESS *base, UINT64 *size);

#endif

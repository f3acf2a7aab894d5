/* SPDX-License-Identifier: BSD-3-Clause */
/* Progress and error messages on the UEFI console (ConOut; OVMF mirrors it to COM1). */
#ifndef HVKIT_UEFI_CONSOLE_H
#define HVKIT_UEFI_CONSOLE_H

#include <efi.h>

/* Prints "hvkit-efi: " followed by the GNU-EFI Print() format (%a ASCII, %lx 64-bit hex). */
void efi_log(const CHAR16 *fmt, ...);

/* Prints "hvkit-efi: error: <message> (<status>)" and returns `status`. */
EFI_STATUS efi_fail(EFI_STATUS status, const CHAR16 *fmt, ...);

#endif

/* SPDX-License-Identifier: BSD-3-Clause */
#include "console.h"

#include <efilib.h>

void efi_log(const CHAR16 *fmt, ...)
{
	va_list args;

	Print(L"hvkit-efi: ");
	va_start(args, fmt);
	VPrint(fmt, args);
	va_end(args);
}

EFI_STATUS efi_fail(EFI_STATUS status, const CHAR16 *fmt, ...)
{
	va_list args;

	Print(L"hvkit-efi: error: ");
	va_start(args, fmt);
	VPrint(fmt, args);
	va_end(args);
	Print(L" (%r)\n", status);
	return status;
}

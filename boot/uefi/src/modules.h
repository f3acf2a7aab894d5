/* SPDX-License-Identifier: BSD-3-Clause */
/* hvkit.cfg, the command line and the boot modules it names. */
#ifndef HVKIT_UEFI_MODULES_H
#define HVKIT_UEFI_MODULES_H

#include <efi.h>

#include <boot/boot_info.h>

/*
 * Reads \hvkit.cfg (optional), fills bi->cmdline (load options win over the
 * file's cmdline=, see cmdline.h) and loads every module= file below 4 GiB into
 * bi->modules. A missing module or a bad line is an error, printed.
 */
EFI_STATUS gather_cmdline_and_modules(EFI_HANDLE image, struct boot_info *bi);

#endif

/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * The hypervisor ELF embedded in the loader by make_efi.sh
 * (objcopy -I binary, symbols renamed to these).
 */
#ifndef HVKIT_UEFI_EMBEDDED_IMAGE_H
#define HVKIT_UEFI_EMBEDDED_IMAGE_H

#include <stdint.h>

extern const uint8_t hvkit_hv_elf_start[];
extern const uint8_t hvkit_hv_elf_end[];

#endif

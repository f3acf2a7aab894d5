/* SPDX-License-Identifier: BSD-3-Clause */
/* Turning what a loader hands over into the one struct boot_info, and checking it. */
#ifndef HVKIT_CORE_BOOT_H
#define HVKIT_CORE_BOOT_H

#include <boot/boot_info.h>
#include <stdbool.h>
#include <stdint.h>

int multiboot2_to_boot_info(uint32_t magic, uint64_t info_pa, struct boot_info *bi);
/* Every module checked against what its name claims; logs and returns -1 on the first lie. */
int boot_modules_check(const struct boot_info *bi);
/* The first module whose name (first word, folders stripped) is name; NULL if none. */
const struct boot_module *boot_find_module(const struct boot_info *bi, const char *name);
/* Module m's file name (its name up to the first blank) into out; returns its base name (no folders) in out. */
const char *boot_module_file(const struct boot_module *m, char out[BOOT_MODULE_NAME_MAX]);
bool boot_name_ends_with(const char *s, const char *suffix);

/* The hypervisor's one C entry, whatever the loader. */
_Noreturn void hv_main(struct boot_info *bi);

#endif

/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * hvkit.cfg: the loader's configuration file, read from the root of the volume
 * the loader was started from. Pure code (host-testable).
 *
 * Format: one `key=value` per line; blank lines and lines starting with '#' are
 * ignored; spaces around key and value are dropped; CR LF or LF line ends.
 *   cmdline=<hypervisor command line>     at most once
 *   module=<file> [arguments]             up to BOOT_MAX_MODULES times, in order
 * <file> is a path from the root of the volume ('/' or '\' separators). The whole
 * value ("<file> [arguments]") becomes the boot_module's name.
 * Anything else is an error that names the line, so a typo never half-boots.
 *
 * Which command line wins: non-empty load options (e.g. from the UEFI shell or a
 * boot entry's optional data) replace hvkit.cfg's cmdline=; see cmdline.h.
 */
#ifndef HVKIT_UEFI_CFG_H
#define HVKIT_UEFI_CFG_H

#include <stddef.h>

#include <boot/boot_info.h>

#define HVKIT_CFG_FILE_NAME "hvkit.cfg"

struct hvkit_cfg {
	int has_cmdline;
	char cmdline[BOOT_CMDLINE_MAX];
	unsigned module_count;
	char module[BOOT_MAX_MODULES][BOOT_MODULE_NAME_MAX];
	unsigned error_line; /* 1-based line of the error, 0 if none */
};

/* Returns NULL on success, otherwise the reason (cfg->error_line says where). */
const char *hvkit_cfg_parse(const char *text, size_t len, struct hvkit_cfg *cfg);

/*
 * Extracts the file part of a module value ("dir/file.bin arg" -> "\dir\file.bin")
 * as a UEFI path with '\' separators and a leading '\'. Returns 0, or -1 if it
 * does not fit in `max` characters (including the NUL).
 */
int hvkit_cfg_module_path(const char *value, char *path, size_t max);

#endif

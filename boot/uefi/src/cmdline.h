/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * The hypervisor command line from the loader's UEFI load options.
 * Pure code (host-testable).
 *
 * Load options are used only if they are UCS-2 text of printable ASCII (a boot
 * entry's binary optional data is ignored). When the first word ends in ".efi"
 * (the UEFI shell passes the program name as argv[0]) it is dropped.
 * Precedence: a non-empty result replaces hvkit.cfg's cmdline=.
 */
#ifndef HVKIT_UEFI_CMDLINE_H
#define HVKIT_UEFI_CMDLINE_H

#include <stddef.h>
#include <stdint.h>

enum load_options_result {
	LOAD_OPTIONS_NONE = 0,    /* empty, or only the program name */
	LOAD_OPTIONS_TEXT = 1,    /* out holds the command line */
	LOAD_OPTIONS_BINARY = 2,  /* not text: ignored */
	LOAD_OPTIONS_TOO_LONG = 3,
};

enum load_options_result load_options_to_cmdline(const uint16_t *opts, size_t bytes, char *out, size_t max);

#endif

/* SPDX-License-Identifier: BSD-3-Clause */
/* Finding one ELF note (System V gABI, "Note Section") in an image's PT_NOTE segments. */
#ifndef GUEST_LOADER_ELF_NOTE_H
#define GUEST_LOADER_ELF_NOTE_H

#include <stddef.h>
#include <stdint.h>

#include "segments.h"

struct elf_note {
	const uint8_t *desc; /* inside the image */
	uint32_t descsz;
};

/*
 * The first note whose owner is name (compared with its NUL) and whose type is type, in the PT_NOTE segments
 * elf_segments() found in the image (program header order). Section headers are not read: like QEMU's and
 * Firecracker's PVH loaders, a note only in a SHT_NOTE section is not found. 0 (found), -HV_ENOENT (no such
 * note; not logged) or -HV_EINVAL (a segment beyond the file or a note past its segment's end; logged with who
 * as prefix).
 */
int elf_find_note(const char *who, const uint8_t *img, size_t size, const struct load_segs *segs, const char *name,
		  uint32_t type, struct elf_note *out);

#endif

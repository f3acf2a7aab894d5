/* SPDX-License-Identifier: BSD-3-Clause */
/* Finding one ELF note (System V gABI, "Note Section") in an image's PT_NOTE segments or SHT_NOTE sections. */
#ifndef GUEST_LOADER_ELF_NOTE_H
#define GUEST_LOADER_ELF_NOTE_H

#include <stddef.h>
#include <stdint.h>

struct elf_note {
	const uint8_t *desc; /* inside the image */
	uint32_t descsz;
	const char *where;   /* "PT_NOTE segment" or "SHT_NOTE section", for messages */
};

/*
 * The first note whose owner is name (compared with its NUL) and whose type is type: first
 * in the PT_NOTE program headers, then in the SHT_NOTE section headers. The image must
 * already have passed elf_segments() (magic, class, byte order, program header bounds).
 * 0 (found), -HV_ENOENT (no such note; not logged) or -HV_EINVAL (a note area or note
 * that runs past its end or the file; logged with who as prefix).
 */
int elf_find_note(const char *who, const uint8_t *img, size_t size, const char *name, uint32_t type,
		  struct elf_note *out);

#endif

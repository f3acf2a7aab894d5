/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * ELF notes (System V gABI, "Note Section"): each is n_namesz, n_descsz, n_type (32-bit words
 * in ELF32 and ELF64 alike), then the owner name and the descriptor, each padded to the note
 * area's alignment (4, or 8 when the area says 8).
 */
#include <stdbool.h>
#include <string.h>

#include <hvkit/errno.h>
#include <hvkit/platform.h>

#include "elf_note.h"
#include <guest_loader/le.h>

#define NOTE_HDR 12u
#define X(v) ((unsigned long long)(v))

static uint64_t pad(uint64_t v, uint64_t align)
{
	return (v + align - 1) & ~(align - 1);
}

static int bad(const char *who, uint64_t offset, const char *why)
{
	plat_log(PLAT_LOG_ERROR, "%s: ELF PT_NOTE segment at file offset 0x%llx: %s", who, X(offset), why);
	return -HV_EINVAL;
}

static bool note_is(const uint8_t *n, uint64_t namesz, const char *name, size_t name_len, uint32_t type)
{
	return le32(n + 8) == type && namesz == name_len && memcmp(n + NOTE_HDR, name, name_len) == 0;
}

/* Walk the notes of one PT_NOTE segment known to lie inside the file; 0 found, -HV_ENOENT, -HV_EINVAL. */
static int scan_notes(const char *who, const uint8_t *img, struct note_area a, const char *name, uint32_t type,
		      struct elf_note *out)
{
	uint64_t align = a.align == 8 ? 8 : 4;
	size_t name_len = strlen(name) + 1;
	for (uint64_t at = 0; a.size - at >= NOTE_HDR;) {
		const uint8_t *n = img + a.offset + at;
		uint64_t namesz = le32(n), descsz = le32(n + 4);
		uint64_t desc_at = at + NOTE_HDR + pad(namesz, align);
		if (desc_at > a.size || descsz > a.size - desc_at)
			return bad(who, a.offset + at, "a note runs past the end of its area");
		if (note_is(n, namesz, name, name_len, type)) {
			*out = (struct elf_note){ .desc = img + a.offset + desc_at, .descsz = (uint32_t)descsz };
			return 0;
		}
		at = desc_at + pad(descsz, align);
		if (at >= a.size)
			break;
	}
	return -HV_ENOENT;
}

int elf_find_note(const char *who, const uint8_t *img, size_t size, const struct load_segs *segs, const char *name,
		  uint32_t type, struct elf_note *out)
{
	memset(out, 0, sizeof(*out));
	for (uint32_t i = 0; i < segs->note_count; i++) {
		struct note_area a = segs->note[i];
		if (a.offset > size || a.size > size - a.offset)
			return bad(who, a.offset, "the note area lies beyond the end of the file");
		int rc = scan_notes(who, img, a, name, type, out);
		if (rc != -HV_ENOENT)
			return rc;
	}
	return -HV_ENOENT;
}

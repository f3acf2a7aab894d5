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
#include "le.h"

#define ELFCLASS64 2
#define PT_NOTE 4
#define SHT_NOTE 7
#define NOTE_HDR 12u
#define X(v) ((unsigned long long)(v))

struct area {
	uint64_t offset, size, align;
};

static uint64_t pad(uint64_t v, uint64_t align)
{
	return (v + align - 1) & ~(align - 1);
}

static int bad(const char *who, const char *where, uint64_t offset, const char *why)
{
	plat_log(PLAT_LOG_ERROR, "%s: ELF %s at file offset 0x%llx: %s", who, where, X(offset), why);
	return -HV_EINVAL;
}

/* Search one note area; 0 found, -HV_ENOENT, -HV_EINVAL. */
static int scan(const char *who, const uint8_t *img, size_t size, struct area a, const char *name, uint32_t type,
		const char *where, struct elf_note *out)
{
	uint64_t align = a.align == 8 ? 8 : 4;
	size_t name_len = strlen(name) + 1;
	if (a.offset > size || a.size > size - a.offset)
		return bad(who, where, a.offset, "the note area lies beyond the end of the file");
	uint64_t at = 0;
	while (a.size - at >= NOTE_HDR) {
		const uint8_t *n = img + a.offset + at;
		uint64_t namesz = le32(n), descsz = le32(n + 4);
		uint64_t desc_at = at + NOTE_HDR + pad(namesz, align);
		uint64_t next = desc_at + pad(descsz, align);
		if (desc_at > a.size || descsz > a.size - desc_at)
			return bad(who, where, a.offset + at, "a note runs past the end of its area");
		if (le32(n + 8) == type && namesz == name_len && memcmp(n + NOTE_HDR, name, name_len) == 0) {
			*out = (struct elf_note){ .desc = img + a.offset + desc_at, .descsz = (uint32_t)descsz, .where = where };
			return 0;
		}
		if (next >= a.size)
			break;
		at = next;
	}
	return -HV_ENOENT;
}

int elf_find_note(const char *who, const uint8_t *img, size_t size, const char *name, uint32_t type,
		  struct elf_note *out)
{
	bool is64 = img[4] == ELFCLASS64;
	uint64_t phoff = is64 ? le64(img + 32) : le32(img + 28);
	uint16_t phentsize = le16(img + (is64 ? 54 : 42)), phnum = le16(img + (is64 ? 56 : 44));
	memset(out, 0, sizeof(*out));
	for (uint16_t i = 0; i < phnum; i++) {
		const uint8_t *ph = img + phoff + (uint64_t)i * phentsize;
		if (le32(ph) != PT_NOTE)
			continue;
		struct area a = is64 ? (struct area){ le64(ph + 8), le64(ph + 32), le64(ph + 48) }
				     : (struct area){ le32(ph + 4), le32(ph + 16), le32(ph + 28) };
		int rc = scan(who, img, size, a, name, type, "PT_NOTE segment", out);
		if (rc != -HV_ENOENT)
			return rc;
	}

	uint64_t shoff = is64 ? le64(img + 40) : le32(img + 32);
	uint16_t shentsize = le16(img + (is64 ? 58 : 46)), shnum = le16(img + (is64 ? 60 : 48));
	if (shoff == 0 || shnum == 0)
		return -HV_ENOENT;
	if (shentsize != (is64 ? 64 : 40) || shoff > size || (uint64_t)shnum * shentsize > size - shoff)
		return bad(who, "section header table", shoff, "malformed or beyond the end of the file");
	for (uint16_t i = 0; i < shnum; i++) {
		const uint8_t *sh = img + shoff + (uint64_t)i * shentsize;
		if (le32(sh + 4) != SHT_NOTE)
			continue;
		struct area a = is64 ? (struct area){ le64(sh + 24), le64(sh + 32), le64(sh + 48) }
				     : (struct area){ le32(sh + 16), le32(sh + 20), le32(sh + 32) };
		int rc = scan(who, img, size, a, name, type, "SHT_NOTE section", out);
		if (rc != -HV_ENOENT)
			return rc;
	}
	return -HV_ENOENT;
}

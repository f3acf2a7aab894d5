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

/* Where the header fields this file reads lie, per class (gABI Elf32/Elf64 Ehdr, Phdr, Shdr). */
struct note_layout {
	bool is64;
	size_t phoff_at, phentsize_at, phnum_at, shoff_at, shentsize_at, shnum_at;
	uint16_t shentsize;
	size_t p_offset_at, p_filesz_at, p_align_at;         /* in a program header */
	size_t sh_offset_at, sh_size_at, sh_addralign_at;    /* in a section header */
};

static const struct note_layout ELF32_NOTES = { false, 28, 42, 44, 32, 46, 48, 40, 4, 16, 28, 16, 20, 32 };
static const struct note_layout ELF64_NOTES = { true, 32, 54, 56, 40, 58, 60, 64, 8, 32, 48, 24, 32, 48 };

/* An address-sized field: Elf32_Addr/Off/Word or Elf64_Addr/Off/Xword. */
static uint64_t rd(const uint8_t *p, const struct note_layout *l)
{
	return l->is64 ? le64(p) : le32(p);
}

static bool note_is(const uint8_t *n, uint64_t namesz, const char *name, size_t name_len, uint32_t type)
{
	return le32(n + 8) == type && namesz == name_len && memcmp(n + NOTE_HDR, name, name_len) == 0;
}

/* Walk the notes of an area known to lie inside the file; 0 found, -HV_ENOENT, -HV_EINVAL. */
static int scan_notes(const char *who, const uint8_t *img, struct area a, const char *name, uint32_t type,
		      const char *where, struct elf_note *out)
{
	uint64_t align = a.align == 8 ? 8 : 4;
	size_t name_len = strlen(name) + 1;
	uint64_t at = 0;
	while (a.size - at >= NOTE_HDR) {
		const uint8_t *n = img + a.offset + at;
		uint64_t namesz = le32(n), descsz = le32(n + 4);
		uint64_t desc_at = at + NOTE_HDR + pad(namesz, align);
		uint64_t next = desc_at + pad(descsz, align);
		if (desc_at > a.size || descsz > a.size - desc_at)
			return bad(who, where, a.offset + at, "a note runs past the end of its area");
		if (note_is(n, namesz, name, name_len, type)) {
			*out = (struct elf_note){ .desc = img + a.offset + desc_at, .descsz = (uint32_t)descsz, .where = where };
			return 0;
		}
		if (next >= a.size)
			break;
		at = next;
	}
	return -HV_ENOENT;
}

/* Search one note area; 0 found, -HV_ENOENT, -HV_EINVAL. */
static int scan(const char *who, const uint8_t *img, size_t size, struct area a, const char *name, uint32_t type,
		const char *where, struct elf_note *out)
{
	if (a.offset > size || a.size > size - a.offset)
		return bad(who, where, a.offset, "the note area lies beyond the end of the file");
	return scan_notes(who, img, a, name, type, where, out);
}

/* The PT_NOTE segments, in program header order. */
static int find_in_segments(const char *who, const uint8_t *img, size_t size, const struct note_layout *l,
			    const char *name, uint32_t type, struct elf_note *out)
{
	uint64_t phoff = rd(img + l->phoff_at, l);
	uint16_t phentsize = le16(img + l->phentsize_at), phnum = le16(img + l->phnum_at);
	for (uint16_t i = 0; i < phnum; i++) {
		const uint8_t *ph = img + phoff + (uint64_t)i * phentsize;
		if (le32(ph) != PT_NOTE)
			continue;
		struct area a = { rd(ph + l->p_offset_at, l), rd(ph + l->p_filesz_at, l), rd(ph + l->p_align_at, l) };
		int rc = scan(who, img, size, a, name, type, "PT_NOTE segment", out);
		if (rc != -HV_ENOENT)
			return rc;
	}
	return -HV_ENOENT;
}

/* e_shoff, e_shentsize, e_shnum: 0 when there is a well-formed table, -HV_ENOENT when there is none. */
static int section_table_check(const char *who, size_t size, const struct note_layout *l, uint64_t shoff,
			       uint16_t shentsize, uint16_t shnum)
{
	if (shoff == 0 || shnum == 0)
		return -HV_ENOENT;
	if (shentsize != l->shentsize || shoff > size || (uint64_t)shnum * shentsize > size - shoff)
		return bad(who, "section header table", shoff, "malformed or beyond the end of the file");
	return 0;
}

/* The SHT_NOTE sections, in section header order; an image without section headers has none. */
static int find_in_sections(const char *who, const uint8_t *img, size_t size, const struct note_layout *l,
			    const char *name, uint32_t type, struct elf_note *out)
{
	uint64_t shoff = rd(img + l->shoff_at, l);
	uint16_t shentsize = le16(img + l->shentsize_at), shnum = le16(img + l->shnum_at);
	int rc = section_table_check(who, size, l, shoff, shentsize, shnum);
	if (rc != 0)
		return rc;
	for (uint16_t i = 0; i < shnum; i++) {
		const uint8_t *sh = img + shoff + (uint64_t)i * shentsize;
		if (le32(sh + 4) != SHT_NOTE)
			continue;
		struct area a = { rd(sh + l->sh_offset_at, l), rd(sh + l->sh_size_at, l),
				  rd(sh + l->sh_addralign_at, l) };
		rc = scan(who, img, size, a, name, type, "SHT_NOTE section", out);
		if (rc != -HV_ENOENT)
			return rc;
	}
	return -HV_ENOENT;
}

int elf_find_note(const char *who, const uint8_t *img, size_t size, const char *name, uint32_t type,
		  struct elf_note *out)
{
	const struct note_layout *l = img[4] == ELFCLASS64 ? &ELF64_NOTES : &ELF32_NOTES;
	memset(out, 0, sizeof(*out));
	int rc = find_in_segments(who, img, size, l, name, type, out);
	if (rc != -HV_ENOENT)
		return rc;
	return find_in_sections(who, img, size, l, name, type, out);
}

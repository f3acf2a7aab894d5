/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * ELF32/ELF64 program headers (System V gABI, "Program Header"), little-endian x86 only, and one note in the PT_NOTE
 * segments ("Note Section": n_namesz, n_descsz, n_type as 32-bit words in ELF32 and ELF64 alike, then the owner
 * name and the descriptor, each padded to the segment's alignment, 4 or 8).
 */
#include <string.h>

#include <hvkit/errno.h>
#include <hvkit/platform.h>

#include <guest_loader/le.h>

#include "loader_util.h"
#include "segments.h"

#define ELFCLASS32 1
#define ELFCLASS64 2
#define ELFDATA2LSB 1
#define ET_EXEC 2
#define EM_386 3
#define EM_X86_64 62
#define PT_LOAD 1
#define PT_NOTE 4
#define NOTE_HDR 12u

static int bad(const char *who, const char *why)
{
	plat_log(PLAT_LOG_ERROR, "%s: ELF image refused: %s", who, why);
	return -HV_EINVAL;
}

/* Where the ELF header's fields lie, per class (gABI "ELF Header", Elf32_Ehdr and Elf64_Ehdr). */
struct elf_class {
	bool is64;
	size_t min_size, phoff_at, phentsize_at, phnum_at;
	uint16_t phentsize;
	size_t p_align_at; /* in a program header */
};

static const struct elf_class ELF32 = { false, 52, 28, 42, 44, 32, 28 };
static const struct elf_class ELF64 = { true, 64, 32, 54, 56, 56, 48 };

/* An address-sized field: Elf32_Addr/Elf32_Off or Elf64_Addr/Elf64_Off. */
static uint64_t elf_addr(const uint8_t *p, const struct elf_class *c)
{
	return c->is64 ? le64(p) : le32(p);
}

/* e_ident (the magic, class 32 or 64, little-endian), e_type and e_machine: an x86 executable. */
static int elf_header_check(const char *who, const uint8_t *img, size_t size, const struct elf_class **cls)
{
	if (size < ELF32.min_size || memcmp(img, "\x7f" "ELF", 4) != 0)
		return bad(who, "no ELF magic (and no a.out-kludge address fields in the Multiboot header)");
	uint16_t machine = le16(img + 18);
	*cls = img[4] == ELFCLASS64 ? &ELF64 : img[4] == ELFCLASS32 ? &ELF32 : NULL; /* EI_CLASS */
	if (*cls == NULL || (machine != EM_386 && machine != EM_X86_64)) {
		plat_log(PLAT_LOG_ERROR, "%s: ELF class %u, machine %u: not a 32- or 64-bit x86 image", who, img[4], machine);
		return -HV_ENOSYS;
	}
	if (size < (*cls)->min_size)
		return bad(who, "truncated ELF64 header");
	if (img[5] != ELFDATA2LSB)
		return bad(who, "not little-endian");
	if (le16(img + 16) != ET_EXEC)
		return bad(who, "not an executable (e_type)");
	return 0;
}

/* e_phoff, e_phentsize, e_phnum: the program header table must lie inside the file. */
static int elf_phdr_table(const char *who, const uint8_t *img, size_t size, const struct elf_class *c,
			  uint64_t *phoff, uint16_t *phnum)
{
	*phoff = elf_addr(img + c->phoff_at, c);
	*phnum = le16(img + c->phnum_at);
	if (le16(img + c->phentsize_at) != c->phentsize)
		return bad(who, "unexpected program header size");
	if (*phnum == 0)
		return bad(who, "no program headers");
	if (*phoff > size || (uint64_t)*phnum * c->phentsize > size - *phoff)
		return bad(who, "program headers lie beyond the end of the file");
	return 0;
}

/* One program header's p_offset, p_vaddr, p_paddr, p_filesz and p_memsz (Elf32_Phdr or Elf64_Phdr layout). */
static struct load_seg elf_phdr_read(const uint8_t *ph, const struct elf_class *c)
{
	if (c->is64)
		return (struct load_seg){ .offset = le64(ph + 8), .vaddr = le64(ph + 16), .paddr = le64(ph + 24),
					  .filesz = le64(ph + 32), .memsz = le64(ph + 40) };
	return (struct load_seg){ .offset = le32(ph + 4), .vaddr = le32(ph + 8), .paddr = le32(ph + 12),
				  .filesz = le32(ph + 16), .memsz = le32(ph + 20) };
}

/* A PT_LOAD entry with bytes in memory (p_memsz != 0), at most LOAD_SEGS_MAX of them. */
static int elf_add_load(const char *who, const struct load_seg *sg, struct load_segs *out)
{
	if (sg->memsz == 0)
		return 0;
	if (out->count == LOAD_SEGS_MAX)
		return bad(who, "too many PT_LOAD segments");
	out->seg[out->count++] = *sg;
	return 0;
}

static int bad_note(const char *who, uint64_t offset, const char *why)
{
	plat_log(PLAT_LOG_ERROR, "%s: ELF PT_NOTE segment at file offset 0x%llx: %s", who, X(offset), why);
	return -HV_EINVAL;
}

/* Note n (its header inside the segment) is the one asked for: the owner compared with its NUL, the type. */
static bool note_is(const uint8_t *n, const struct elf_note *want)
{
	size_t len = strlen(want->name) + 1;
	return le32(n + 8) == want->type && le32(n) == len && memcmp(n + NOTE_HDR, want->name, len) == 0;
}

/* Walk the notes of one PT_NOTE segment for want (want->desc set when found); 0 or -HV_EINVAL (logged). */
static int elf_scan_notes(const char *who, const uint8_t *img, size_t size, const struct load_seg *a, uint64_t align,
			  struct elf_note *want)
{
	if (a->offset > size || a->filesz > size - a->offset)
		return bad_note(who, a->offset, "the note area lies beyond the end of the file");
	align = align == 8 ? 8 : 4;
	for (uint64_t at = 0; at < a->filesz && a->filesz - at >= NOTE_HDR;) {
		const uint8_t *n = img + a->offset + at;
		uint64_t desc_at = at + NOTE_HDR + align_up(le32(n), align), descsz = le32(n + 4);
		if (desc_at > a->filesz || descsz > a->filesz - desc_at)
			return bad_note(who, a->offset + at, "a note runs past the end of its area");
		if (note_is(n, want)) {
			*want = (struct elf_note){ want->name, want->type, img + a->offset + desc_at, (uint32_t)descsz };
			return 0;
		}
		at = desc_at + align_up(descsz, align);
	}
	return 0;
}

/* One pass over the program headers: the PT_LOAD entries, and the note asked for (want NULL: none) until found. */
static int elf_collect(const char *who, const uint8_t *img, size_t size, const struct elf_class *c,
		       struct load_segs *out, struct elf_note *want)
{
	uint64_t phoff;
	uint16_t phnum;
	int rc = elf_phdr_table(who, img, size, c, &phoff, &phnum);
	for (uint16_t i = 0; rc == 0 && i < phnum; i++) {
		const uint8_t *ph = img + phoff + (uint64_t)i * c->phentsize;
		struct load_seg sg = elf_phdr_read(ph, c);
		if (le32(ph) == PT_LOAD)
			rc = elf_add_load(who, &sg, out);
		else if (le32(ph) == PT_NOTE && want != NULL && want->desc == NULL)
			rc = elf_scan_notes(who, img, size, &sg, elf_addr(ph + c->p_align_at, c), want);
	}
	if (rc == 0 && out->count == 0)
		return bad(who, "no PT_LOAD segment");
	return rc;
}

int elf_segments(const char *who, const uint8_t *img, size_t size, struct load_segs *out, struct elf_note *want)
{
	const struct elf_class *c = NULL;
	memset(out, 0, sizeof(*out));
	int rc = elf_header_check(who, img, size, &c);
	if (rc != 0)
		return rc;
	out->entry = elf_addr(img + 24, c);
	return elf_collect(who, img, size, c, out, want);
}

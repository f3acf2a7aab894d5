/* SPDX-License-Identifier: BSD-3-Clause */
/* ELF32/ELF64 program headers (System V gABI, "Program Header"), little-endian x86 only. */
#include <string.h>

#include <hvkit/errno.h>
#include <hvkit/platform.h>

#include <guest_loader/le.h>

#include "segments.h"

#define ELFCLASS32 1
#define ELFCLASS64 2
#define ELFDATA2LSB 1
#define ET_EXEC 2
#define EM_386 3
#define EM_X86_64 62
#define PT_LOAD 1
#define PT_NOTE 4

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

/* e_ident: the magic, class 32 or 64, little-endian. */
static int elf_ident_check(const char *who, const uint8_t *img, size_t size, const struct elf_class **cls)
{
	if (size < ELF32.min_size || memcmp(img, "\x7f" "ELF", 4) != 0)
		return bad(who, "no ELF magic (and no a.out-kludge address fields in the Multiboot header)");
	/* EI_CLASS: ELFCLASS32 or ELFCLASS64 */
	*cls = img[4] == ELFCLASS64 ? &ELF64 : img[4] == ELFCLASS32 ? &ELF32 : NULL;
	if (*cls == NULL) {
		plat_log(PLAT_LOG_ERROR, "%s: ELF class %u is not supported", who, img[4]);
		return -HV_ENOSYS;
	}
	if (size < (*cls)->min_size)
		return bad(who, "truncated ELF64 header");
	if (img[5] != ELFDATA2LSB)
		return bad(who, "not little-endian");
	return 0;
}

/* e_type and e_machine: an x86 executable. */
static int elf_type_check(const char *who, const uint8_t *img)
{
	uint16_t machine = le16(img + 18);
	if (le16(img + 16) != ET_EXEC)
		return bad(who, "not an executable (e_type)");
	if (machine != EM_386 && machine != EM_X86_64) {
		plat_log(PLAT_LOG_ERROR, "%s: ELF machine %u is not x86", who, machine);
		return -HV_ENOSYS;
	}
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
static int elf_add_load(const char *who, const uint8_t *ph, const struct elf_class *c, struct load_segs *out)
{
	struct load_seg sg = elf_phdr_read(ph, c);
	if (sg.memsz == 0)
		return 0;
	if (out->count == LOAD_SEGS_MAX)
		return bad(who, "too many PT_LOAD segments");
	out->seg[out->count++] = sg;
	return 0;
}

/* A PT_NOTE entry's p_offset, p_filesz and p_align, for elf_find_note (past NOTE_AREAS_MAX: not searched). */
static void elf_add_note(const uint8_t *ph, const struct elf_class *c, struct load_segs *out)
{
	struct load_seg sg = elf_phdr_read(ph, c);
	if (out->note_count < NOTE_AREAS_MAX)
		out->note[out->note_count++] = (struct note_area){ sg.offset, sg.filesz, elf_addr(ph + c->p_align_at, c) };
}

/* One pass over the program headers: the PT_LOAD and PT_NOTE entries. */
static int elf_collect(const char *who, const uint8_t *img, uint64_t phoff, uint16_t phnum, const struct elf_class *c,
		       struct load_segs *out)
{
	for (uint16_t i = 0; i < phnum; i++) {
		const uint8_t *ph = img + phoff + (uint64_t)i * c->phentsize;
		uint32_t type = le32(ph);
		int rc = 0;
		if (type == PT_LOAD)
			rc = elf_add_load(who, ph, c, out);
		else if (type == PT_NOTE)
			elf_add_note(ph, c, out);
		if (rc != 0)
			return rc;
	}
	if (out->count == 0)
		return bad(who, "no PT_LOAD segment");
	return 0;
}

int elf_segments(const char *who, const uint8_t *img, size_t size, struct load_segs *out)
{
	const struct elf_class *c = NULL;
	uint64_t phoff;
	uint16_t phnum;
	memset(out, 0, sizeof(*out));
	int rc = elf_ident_check(who, img, size, &c);
	if (rc == 0)
		rc = elf_type_check(who, img);
	if (rc != 0)
		return rc;
	out->entry = elf_addr(img + 24, c);
	rc = elf_phdr_table(who, img, size, c, &phoff, &phnum);
	if (rc != 0)
		return rc;
	return elf_collect(who, img, phoff, phnum, c, out);
}

/* SPDX-License-Identifier: BSD-3-Clause */
/* ELF32/ELF64 program headers (System V gABI, "Program Header"), little-endian x86 only. */
#include <string.h>

#include <hvkit/errno.h>
#include <hvkit/platform.h>

#include "le.h"
#include "segments.h"

#define ELFCLASS32 1
#define ELFCLASS64 2
#define ELFDATA2LSB 1
#define ET_EXEC 2
#define EM_386 3
#define EM_X86_64 62
#define PT_LOAD 1

static int bad(const char *who, const char *why)
{
	plat_log(PLAT_LOG_ERROR, "%s: ELF image refused: %s", who, why);
	return -HV_EINVAL;
}

int elf_segments(const char *who, const uint8_t *img, size_t size, struct load_segs *out)
{
	memset(out, 0, sizeof(*out));
	if (size < 52 || memcmp(img, "\x7f" "ELF", 4) != 0)
		return bad(who, "no ELF magic (and no a.out-kludge address fields in the Multiboot header)");
	bool is64 = img[4] == ELFCLASS64;
	if (img[4] != ELFCLASS32 && !is64) {
		plat_log(PLAT_LOG_ERROR, "%s: ELF class %u is not supported", who, img[4]);
		return -HV_ENOSYS;
	}
	if (is64 && size < 64)
		return bad(who, "truncated ELF64 header");
	if (img[5] != ELFDATA2LSB)
		return bad(who, "not little-endian");
	uint16_t machine = le16(img + 18);
	if (le16(img + 16) != ET_EXEC)
		return bad(who, "not an executable (e_type)");
	if (machine != EM_386 && machine != EM_X86_64) {
		plat_log(PLAT_LOG_ERROR, "%s: ELF machine %u is not x86", who, machine);
		return -HV_ENOSYS;
	}
	uint64_t phoff = is64 ? le64(img + 32) : le32(img + 28);
	uint16_t phentsize = le16(img + (is64 ? 54 : 42));
	uint16_t phnum = le16(img + (is64 ? 56 : 44));
	out->entry = is64 ? le64(img + 24) : le32(img + 24);
	if (phentsize != (is64 ? 56 : 32))
		return bad(who, "unexpected program header size");
	if (phnum == 0)
		return bad(who, "no program headers");
	if (phoff > size || (uint64_t)phnum * phentsize > size - phoff)
		return bad(who, "program headers lie beyond the end of the file");

	for (uint16_t i = 0; i < phnum; i++) {
		const uint8_t *ph = img + phoff + (uint64_t)i * phentsize;
		if (le32(ph) != PT_LOAD)
			continue;
		struct load_seg sg;
		if (is64) {
			sg = (struct load_seg){ .offset = le64(ph + 8), .vaddr = le64(ph + 16), .paddr = le64(ph + 24),
						.filesz = le64(ph + 32), .memsz = le64(ph + 40) };
		} else {
			sg = (struct load_seg){ .offset = le32(ph + 4), .vaddr = le32(ph + 8), .paddr = le32(ph + 12),
						.filesz = le32(ph + 16), .memsz = le32(ph + 20) };
		}
		if (sg.memsz == 0)
			continue;
		if (out->count == LOAD_SEGS_MAX)
			return bad(who, "too many PT_LOAD segments");
		out->seg[out->count++] = sg;
	}
	if (out->count == 0)
		return bad(who, "no PT_LOAD segment");
	return 0;
}

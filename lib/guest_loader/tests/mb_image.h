/* SPDX-License-Identifier: BSD-3-Clause */
/* Multiboot test images built byte by byte: an ELF32/ELF64 with two PT_LOAD segments, or an a.out-kludge image. */
#ifndef MB_IMAGE_H
#define MB_IMAGE_H

#include <stdbool.h>
#include <stdint.h>
#include <string.h>

#include "fake_mem.h"

#define IMG_SIZE 0x2000u
#define MB_OFF 0x100u     /* Multiboot header offset in the file */
#define TEXT_OFF 0x1000u  /* file offset of segment 0 */
#define TEXT_SIZE 0x200u
#define DATA_OFF 0x1200u  /* file offset of segment 1 */
#define DATA_FILESZ 0x100u
#define DATA_MEMSZ 0x3000u
#define TEXT_PADDR 0x100000u
#define DATA_PADDR 0x102000u

struct elf_seg_spec {
	uint64_t offset, vaddr, paddr, filesz, memsz;
	uint32_t type;
};

struct test_image {
	uint8_t b[IMG_SIZE];
};

static inline void put_mb_header(uint8_t *b, uint32_t off, uint32_t flags)
{
	wr32(b + off, 0x1badb002u);
	wr32(b + off + 4, flags);
	wr32(b + off + 8, (uint32_t)-(0x1badb002u + flags));
}

/* Segment payloads: each file byte i is (i * 7 + 3) & 0xff so every placed byte can be checked. */
static inline uint8_t pattern(uint64_t file_off)
{
	return (uint8_t)(file_off * 7 + 3);
}

static inline void build_elf(struct test_image *img, bool is64, const struct elf_seg_spec *s, unsigned n,
			     uint64_t entry)
{
	uint8_t *b = img->b;
	memset(b, 0, IMG_SIZE);
	for (uint32_t i = TEXT_OFF; i < IMG_SIZE; i++)
		b[i] = pattern(i);
	memcpy(b, "\x7f" "ELF", 4);
	b[4] = is64 ? 2 : 1;
	b[5] = 1;
	b[6] = 1;
	wr16(b + 16, 2);              /* ET_EXEC */
	wr16(b + 18, is64 ? 62 : 3);  /* EM_X86_64 / EM_386 */
	wr32(b + 20, 1);
	const uint32_t phoff = 64;
	if (is64) {
		wr64(b + 24, entry);
		wr64(b + 32, phoff);
		wr16(b + 52, 64);
		wr16(b + 54, 56);
		wr16(b + 56, (uint16_t)n);
	} else {
		wr32(b + 24, (uint32_t)entry);
		wr32(b + 28, phoff);
		wr16(b + 40, 52);
		wr16(b + 42, 32);
		wr16(b + 44, (uint16_t)n);
	}
	for (unsigned i = 0; i < n; i++) {
		uint8_t *ph = b + phoff + i * (is64 ? 56u : 32u);
		if (is64) {
			wr32(ph, s[i].type);
			wr64(ph + 8, s[i].offset);
			wr64(ph + 16, s[i].vaddr);
			wr64(ph + 24, s[i].paddr);
			wr64(ph + 32, s[i].filesz);
			wr64(ph + 40, s[i].memsz);
		} else {
			wr32(ph, s[i].type);
			wr32(ph + 4, (uint32_t)s[i].offset);
			wr32(ph + 8, (uint32_t)s[i].vaddr);
			wr32(ph + 12, (uint32_t)s[i].paddr);
			wr32(ph + 16, (uint32_t)s[i].filesz);
			wr32(ph + 20, (uint32_t)s[i].memsz);
		}
	}
	put_mb_header(b, MB_OFF, 0x3);
}

/* The usual two segments: text and data+.bss, identity (vaddr == paddr). */
static inline void build_default_elf(struct test_image *img, bool is64)
{
	const struct elf_seg_spec s[] = {
		{ TEXT_OFF, TEXT_PADDR, TEXT_PADDR, TEXT_SIZE, TEXT_SIZE, 1 },
		{ 0, 0, 0, 0, 0, 4 }, /* PT_NOTE: ignored */
		{ DATA_OFF, DATA_PADDR, DATA_PADDR, DATA_FILESZ, DATA_MEMSZ, 1 },
	};
	build_elf(img, is64, s, 3, TEXT_PADDR + 0x10);
}

#endif

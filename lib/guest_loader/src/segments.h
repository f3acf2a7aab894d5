/* SPDX-License-Identifier: BSD-3-Clause */
/* Loadable pieces of an image, as the ELF and a.out-kludge readers find them. */
#ifndef GUEST_LOADER_SEGMENTS_H
#define GUEST_LOADER_SEGMENTS_H

#include <stddef.h>
#include <stdint.h>

#include "loader_util.h"

#define LOAD_SEGS_MAX 16u

struct load_seg {
	uint64_t paddr;  /* where it goes in the guest */
	uint64_t vaddr;  /* where it runs (ELF p_vaddr; = paddr otherwise) */
	uint64_t offset; /* file offset of its first byte */
	uint64_t filesz; /* bytes copied from the file */
	uint64_t memsz;  /* bytes occupied in the guest; filesz..memsz is zeroed (.bss) */
};

struct load_segs {
	uint32_t count;
	struct load_seg seg[LOAD_SEGS_MAX];
	uint64_t entry; /* as the image gives it (virtual for ELF) */
};

/* An ELF note asked for by owner (name, compared with its NUL) and type; desc and descsz once found. */
struct elf_note {
	const char *name;
	uint32_t type;
	const uint8_t *desc; /* inside the image; NULL: not found */
	uint32_t descsz;
};

/*
 * Read the PT_LOAD program headers of an ELF32 or ELF64 x86 executable, and find want (NULL: no note) in its PT_NOTE
 * segments, the first in program header order. Section headers are not read: like QEMU's and Firecracker's PVH
 * loaders, a note only in a SHT_NOTE section is not found. who prefixes log messages. 0 (want->desc NULL when no
 * such note), or -HV_EINVAL (malformed, a note segment beyond the file or a note past its segment's end; logged),
 * -HV_ENOSYS (unsupported class/machine).
 */
int elf_segments(const char *who, const uint8_t *img, size_t size, struct load_segs *out, struct elf_note *want);

/*
 * Check segments against the file, the guest RAM, a limit (end <= limit), each
 * other and the reserved ranges. 0 or the logged refusal.
 */
int segs_check(const char *who, const struct load_segs *s, size_t image_size, const struct guest_mem *m,
	       uint64_t limit, const struct reserved_range *rsv, uint32_t rsv_count);

/* Copy every segment and zero its .bss. */
int segs_write(const struct load_segs *s, const uint8_t *img, const struct guest_mem *m);

#endif

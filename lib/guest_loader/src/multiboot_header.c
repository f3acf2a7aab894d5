/* SPDX-License-Identifier: BSD-3-Clause */
/* Finding the Multiboot header and reading its a.out-kludge address fields (spec 3.1.1-3.1.3). */
#include <hvkit/errno.h>
#include <hvkit/platform.h>

#include <guest_loader/le.h>

#include "multiboot_internal.h"

/* Spec 3.1.3: with flag 16, header_addr, load_addr, load_end_addr, bss_end_addr and entry_addr follow. */
static int read_aout_fields(const uint8_t *img, size_t size, size_t off, struct mb_header *h)
{
	if (off + 32 > size || off + 32 > MB_SEARCH_LIMIT) {
		plat_log(PLAT_LOG_ERROR, "multiboot: header at 0x%zx: address fields cut off", off);
		return -HV_EINVAL;
	}
	h->header_addr = le32(img + off + 12);
	h->load_addr = le32(img + off + 16);
	h->load_end_addr = le32(img + off + 20);
	h->bss_end_addr = le32(img + off + 24);
	h->entry_addr = le32(img + off + 28);
	return 0;
}

int mb_find_header(const uint8_t *img, size_t size, struct mb_header *h)
{
	bool saw_magic = false;
	/* 32-bit aligned, and the 12 mandatory bytes wholly inside the first 8192 bytes. */
	for (size_t off = 0; off + 12 <= size && off + 12 <= MB_SEARCH_LIMIT; off += 4) {
		if (le32(img + off) != MB_HEADER_MAGIC)
			continue;
		saw_magic = true;
		uint32_t flags = le32(img + off + 4);
		if ((uint32_t)(MB_HEADER_MAGIC + flags + le32(img + off + 8)) != 0)
			continue;
		h->offset = off;
		h->flags = flags;
		return (flags & MB_FLAG_AOUT_KLUDGE) ? read_aout_fields(img, size, off, h) : 0;
	}
	plat_log(PLAT_LOG_ERROR, "multiboot: %s in the first 8 KiB", saw_magic ? "header has a bad checksum" :
		 "no header magic 0x1BADB002");
	return -HV_EINVAL;
}

static int bad(const char *why)
{
	plat_log(PLAT_LOG_ERROR, "multiboot: a.out-kludge address fields refused: %s", why);
	return -HV_EINVAL;
}

/* The file bytes to load: from load_addr's offset in the file up to load_end_addr (0: the end of the file). */
static int aout_file_range(const struct mb_header *h, size_t size, uint64_t *file_off, uint64_t *load_end)
{
	/* header_addr is where the header itself lands; the file is loaded from load_addr's offset on. */
	if (h->load_addr > h->header_addr)
		return bad("load_addr is above header_addr");
	uint64_t delta = h->header_addr - h->load_addr;
	if (delta > h->offset)
		return bad("load_addr would start before the beginning of the file");
	*file_off = h->offset - delta;
	*load_end = h->load_end_addr != 0 ? h->load_end_addr : h->load_addr + (size - *file_off);
	if (*load_end <= h->load_addr)
		return bad("load_end_addr is not above load_addr");
	if (*load_end - h->load_addr > size - *file_off)
		return bad("load_end_addr lies beyond the end of the file");
	return 0;
}

int mb_aout_segments(const struct mb_header *h, size_t size, struct load_segs *out)
{
	uint64_t file_off, load_end;
	int rc = aout_file_range(h, size, &file_off, &load_end);
	if (rc != 0)
		return rc;
	uint64_t mem_end = load_end;
	if (h->bss_end_addr != 0) {
		if (h->bss_end_addr < load_end)
			return bad("bss_end_addr is below load_end_addr");
		mem_end = h->bss_end_addr;
	}
	out->count = 1;
	out->seg[0] = (struct load_seg){ .paddr = h->load_addr, .vaddr = h->load_addr, .offset = file_off,
					 .filesz = load_end - h->load_addr, .memsz = mem_end - h->load_addr };
	out->entry = h->entry_addr;
	return 0;
}

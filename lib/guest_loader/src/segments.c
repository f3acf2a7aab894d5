/* SPDX-License-Identifier: BSD-3-Clause */
/* Checking and writing an image's loadable segments. */
#include <hvkit/errno.h>
#include <hvkit/platform.h>

#include "segments.h"


/* p_offset + p_filesz inside the image, p_filesz <= p_memsz. */
static int seg_in_image(const char *who, uint32_t i, const struct load_seg *g, size_t image_size)
{
	if (g->filesz <= g->memsz && g->offset <= image_size && g->filesz <= image_size - g->offset)
		return 0;
	plat_log(PLAT_LOG_ERROR, "%s: segment %u: file bytes 0x%llx+0x%llx lie beyond the image (0x%llx bytes)", who, i,
		 X(g->offset), X(g->filesz), X(image_size));
	return -HV_EINVAL;
}

static int seg_in_ram(const char *who, uint32_t i, const struct load_seg *g, const struct guest_mem *m,
		      uint64_t limit)
{
	uint64_t end = g->paddr + g->memsz;
	if (end >= g->paddr && end <= limit && guest_mem_contains(m, g->paddr, g->memsz))
		return 0;
	plat_log(PLAT_LOG_ERROR, "%s: segment %u at 0x%llx..0x%llx does not fit in the VM's RAM%s", who, i,
		 X(g->paddr), X(end), limit < UINT64_MAX ? " below 4 GiB" : "");
	return -HV_ERANGE;
}

/* Segment i against the reserved ranges and the segments before it. */
static int seg_clear(const char *who, const struct load_segs *s, uint32_t i, const struct reserved_range *rsv,
		     uint32_t rsv_count)
{
	const struct load_seg *g = &s->seg[i];
	for (uint32_t j = 0; j < rsv_count; j++) {
		if (guest_ranges_overlap(g->paddr, g->memsz, rsv[j].base, rsv[j].size)) {
			plat_log(PLAT_LOG_ERROR, "%s: segment %u at 0x%llx..0x%llx overlaps the %s at 0x%llx..0x%llx",
				 who, i, X(g->paddr), X(g->paddr + g->memsz), rsv[j].what, X(rsv[j].base),
				 X(rsv[j].base + rsv[j].size));
			return -HV_EBUSY;
		}
	}
	for (uint32_t j = 0; j < i; j++) {
		if (guest_ranges_overlap(g->paddr, g->memsz, s->seg[j].paddr, s->seg[j].memsz)) {
			plat_log(PLAT_LOG_ERROR, "%s: segments %u and %u overlap at 0x%llx", who, j, i, X(g->paddr));
			return -HV_EBUSY;
		}
	}
	return 0;
}

int segs_check(const char *who, const struct load_segs *s, size_t image_size, const struct guest_mem *m,
	       uint64_t limit, const struct reserved_range *rsv, uint32_t rsv_count)
{
	for (uint32_t i = 0; i < s->count; i++) {
		const struct load_seg *g = &s->seg[i];
		int rc = seg_in_image(who, i, g, image_size);
		if (rc == 0)
			rc = seg_in_ram(who, i, g, m, limit);
		if (rc == 0)
			rc = seg_clear(who, s, i, rsv, rsv_count);
		if (rc != 0)
			return rc;
	}
	return 0;
}

int segs_write(const struct load_segs *s, const uint8_t *img, const struct guest_mem *m)
{
	for (uint32_t i = 0; i < s->count; i++) {
		const struct load_seg *g = &s->seg[i];
		int rc = 0;
		if (g->filesz != 0)
			rc = m->write(m->ctx, g->paddr, img + g->offset, (size_t)g->filesz);
		if (rc == 0 && g->memsz > g->filesz)
			rc = m->zero(m->ctx, g->paddr + g->filesz, (size_t)(g->memsz - g->filesz));
		if (rc != 0)
			return rc;
	}
	return 0;
}

/* SPDX-License-Identifier: BSD-3-Clause */
/* Checking and writing an image's loadable segments. */
#include <hvkit/errno.h>
#include <hvkit/platform.h>

#include "segments.h"

#define X(v) ((unsigned long long)(v))

int segs_check(const char *who, const struct load_segs *s, size_t image_size, const struct guest_mem *m,
	       uint64_t limit, const struct reserved_range *rsv, uint32_t rsv_count)
{
	for (uint32_t i = 0; i < s->count; i++) {
		const struct load_seg *g = &s->seg[i];
		uint64_t end = g->paddr + g->memsz;
		if (g->filesz > g->memsz || g->offset > image_size || g->filesz > image_size - g->offset) {
			plat_log(PLAT_LOG_ERROR, "%s: segment %u: file bytes 0x%llx+0x%llx lie beyond the image (0x%llx bytes)",
				 who, i, X(g->offset), X(g->filesz), X(image_size));
			return -HV_EINVAL;
		}
		if (end < g->paddr || end > limit || !guest_mem_contains(m, g->paddr, g->memsz)) {
			plat_log(PLAT_LOG_ERROR, "%s: segment %u at 0x%llx..0x%llx does not fit in the VM's RAM%s",
				 who, i, X(g->paddr), X(end), limit < UINT64_MAX ? " below 4 GiB" : "");
			return -HV_ERANGE;
		}
		for (uint32_t j = 0; j < rsv_count; j++) {
			if (guest_ranges_overlap(g->paddr, g->memsz, rsv[j].base, rsv[j].size)) {
				plat_log(PLAT_LOG_ERROR, "%s: segment %u at 0x%llx..0x%llx overlaps the %s at 0x%llx..0x%llx",
					 who, i, X(g->paddr), X(end), rsv[j].what, X(rsv[j].base), X(rsv[j].base + rsv[j].size));
				return -HV_EBUSY;
			}
		}
		for (uint32_t j = 0; j < i; j++) {
			if (guest_ranges_overlap(g->paddr, g->memsz, s->seg[j].paddr, s->seg[j].memsz)) {
				plat_log(PLAT_LOG_ERROR, "%s: segments %u and %u overlap at 0x%llx", who, j, i, X(g->paddr));
				return -HV_EBUSY;
			}
		}
	}
	return 0;
}

int reserved_clash(const char *who, const char *what, uint64_t base, uint64_t size,
		   const struct guest_load_params *p)
{
	for (uint32_t i = 0; i < p->reserved_count; i++) {
		const struct reserved_range *r = &p->reserved[i];
		if (guest_ranges_overlap(base, size, r->base, r->size)) {
			plat_log(PLAT_LOG_ERROR, "%s: %s at 0x%llx..0x%llx overlaps the %s at 0x%llx..0x%llx", who, what,
				 X(base), X(base + size), r->what, X(r->base), X(r->base + r->size));
			return -HV_EBUSY;
		}
	}
	return 0;
}

int segs_entry_phys(const char *who, const struct load_segs *s, uint64_t *phys)
{
	for (uint32_t i = 0; i < s->count; i++) {
		const struct load_seg *g = &s->seg[i];
		if (s->entry >= g->vaddr && s->entry - g->vaddr < g->memsz) {
			*phys = g->paddr + (s->entry - g->vaddr);
			return 0;
		}
	}
	plat_log(PLAT_LOG_ERROR, "%s: entry point 0x%llx is not inside a loaded segment", who, X(s->entry));
	return -HV_EINVAL;
}

uint64_t segs_end(const struct load_segs *s)
{
	uint64_t end = 0;
	for (uint32_t i = 0; i < s->count; i++)
		if (s->seg[i].paddr + s->seg[i].memsz > end)
			end = s->seg[i].paddr + s->seg[i].memsz;
	return end;
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

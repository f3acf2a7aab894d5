/* SPDX-License-Identifier: BSD-3-Clause */
/* The walk itself: from CR3 (or a PAE PDPTE register) down to the entry that maps the page. */
#include <string.h>

#include <hvkit/errno.h>
#include <hvkit/platform.h>

#include "walk_internal.h"

/* Read one entry through the caller; entries are little-endian in guest memory. */
int walk_read_entry(const struct guest_paging *p, const struct walk_format *f, uint64_t gpa, uint64_t *e)
{
	uint8_t raw[8];

	if (p->read_gpa(p->ctx, gpa, raw, f->entry_bytes) != 0)
		return -HV_EIO;
	*e = 0;
	for (unsigned i = f->entry_bytes; i-- > 0;)
		*e = (*e << 8) | raw[i];
	return 0;
}

int walk_page_fault(struct guest_walk_result *res, const struct guest_paging *p, enum guest_access access,
		    uint32_t cause, int rc)
{
	res->page_fault = true;
	res->pf_error_code = walk_pf_error_code(p, access, cause);
	return rc;
}

static int no_paging(const struct guest_paging *p, uint64_t linear, struct guest_walk_result *res)
{
	uint64_t gpa = (p->efer & IA32_EFER_LMA) ? linear : linear & 0xffffffffull;

	res->gpa = gpa;
	res->page_size = PLAT_PAGE_SIZE;
	res->page_bytes_left = PLAT_PAGE_SIZE - (gpa & (PLAT_PAGE_SIZE - 1));
	return 0;
}

static bool access_known(enum guest_access access)
{
	return access == GUEST_ACCESS_READ || access == GUEST_ACCESS_WRITE || access == GUEST_ACCESS_FETCH;
}

/*
 * From the top table down to the leaf (SDM 4.3, 4.4.2, 4.5): on success *level is the leaf's level and
 * *frame the page's frame; res->level and res->entry name the last entry read.
 */
static int walk_levels(const struct guest_paging *p, const struct walk_format *f, uint64_t linear,
		       enum guest_access access, struct guest_walk_result *res, uint64_t *frame, unsigned *level)
{
	struct walk_rights rights;
	uint64_t table = *frame, e = 0;
	bool leaf;

	walk_rights_init(&rights);
	for (*level = f->top_level;; (*level)--) {
		res->level = *level;
		res->entry = 0;
		uint64_t at = table + walk_entry_index(f, *level, linear) * f->entry_bytes;
		if (walk_read_entry(p, f, at, &e) != 0)
			return -HV_EIO;
		res->entry = e;
		/* SDM 4.7: reserved bits are not checked in a not-present entry. */
		if (!(e & PTE_P))
			return walk_page_fault(res, p, access, 0, -HV_ENOENT);
		leaf = walk_entry_is_leaf(f, *level, e);
		if (f->reserved(f, *level, leaf, e))
			return walk_page_fault(res, p, access, GUEST_PF_P | GUEST_PF_RSVD, -HV_EINVAL);
		walk_rights_add(&rights, f, e);
		table = f->frame(f, *level, leaf, e);
		if (leaf)
			break; /* `table` is now the page's frame */
	}
	*frame = table;
	/* SDM 4.7: access rights are checked only once the translation is complete. */
	if (!walk_rights_allow(&rights, p, access))
		return walk_page_fault(res, p, access, GUEST_PF_P, -HV_EPERM);
	return 0;
}

/* A walk with paging on: canonical check, the top table, the levels, then the result. */
static int walk_paged(const struct guest_paging *p, const struct walk_format *f, uint64_t linear,
		      enum guest_access access, struct guest_walk_result *res)
{
	uint64_t frame;
	unsigned level;

	if (!walk_linear_canonical(f, linear))
		return -HV_ERANGE;
	linear = walk_linear(f, linear);
	int rc = f->top(p, f, linear, access, res, &frame);
	if (rc == 0)
		rc = walk_levels(p, f, linear, access, res, &frame, &level);
	if (rc)
		return rc;

	uint64_t page_size = 1ull << walk_level_shift(f, level);
	res->page_size = page_size;
	res->gpa = frame | (linear & (page_size - 1));
	res->page_bytes_left = page_size - (linear & (page_size - 1));
	return 0;
}

int guest_walk_info(const struct guest_paging *p, uint64_t linear, enum guest_access access,
		    struct guest_walk_result *res)
{
	struct walk_format f;

	if (!res)
		return -HV_EINVAL;
	memset(res, 0, sizeof(*res));
	if (!p || !p->read_gpa || !access_known(access))
		return -HV_EINVAL;
	int rc = walk_format_of(p, &f);
	if (rc)
		return rc;
	if (f.mode == WALK_NONE)
		return no_paging(p, linear, res);
	return walk_paged(p, &f, linear, access, res);
}

int guest_walk(const struct guest_paging *p, uint64_t linear, enum guest_access access,
	       uint64_t *gpa, uint64_t *page_bytes_left)
{
	struct guest_walk_result res;
	int rc;

	if (!gpa)
		return -HV_EINVAL;
	rc = guest_walk_info(p, linear, access, &res);
	if (rc)
		return rc;
	*gpa = res.gpa;
	if (page_bytes_left)
		*page_bytes_left = res.page_bytes_left;
	return 0;
}

/* SPDX-License-Identifier: BSD-3-Clause */
/* Page-table engine: creation, attribute encoding and checks (pt_map's among them, shared by both flavours). */
#include "pt_internal.h"

#include <string.h>

uint64_t pt_encode_attrs(const struct pt_format *fmt, const struct pt_prot *prot)
{
	uint64_t e = prot->perm & PT_PERM_RWX;
	if (fmt->has_memtype)
		e |= (uint64_t)(prot->memtype & 7u) << 3;
	for (unsigned int i = 0; i < PT_FLAG_COUNT; i++)
		if (fmt->flags_allowed & prot->flags & (1u << i))
			e |= fmt->flag_bits[i];
	return e;
}

uint64_t pt_nonleaf_bits(const struct pt_table *t)
{
	uint64_t b = t->fmt->nonleaf_perms;
	if (t->fmt->x_needs_cap && (t->caps & PT_CAP_EXEC))
		b |= PT_PERM_X;
	return b;
}

/* Permissions the format can express at all: some, only R/W/X, at least one that makes an entry present; and
 * (SDM Vol. 3C 29.3.3.1) no write without read where that misconfigures. */
static bool perm_expressible(const struct pt_format *fmt, unsigned int perm)
{
	if (perm == 0 || (perm & ~PT_PERM_RWX) || (perm & fmt->present_perms) == 0)
		return false;
	return !(fmt->w_requires_r && (perm & PT_PERM_W) && !(perm & PT_PERM_R));
}

/* Execute-only, and execute at all where the format needs a capability for it. */
static bool perm_supported(const struct pt_table *t, unsigned int perm)
{
	const struct pt_format *fmt = t->fmt;
	if (fmt->x_only_needs_cap && perm == PT_PERM_X && !(t->caps & PT_CAP_EXEC_ONLY))
		return false;
	return !(fmt->x_needs_cap && (perm & PT_PERM_X) && !(t->caps & PT_CAP_EXEC));
}

int pt_check_perm(const struct pt_table *t, unsigned int perm)
{
	if (!perm_expressible(t->fmt, perm))
		return -HV_EINVAL;
	return perm_supported(t, perm) ? 0 : -HV_ENODEV;
}

int pt_check_memtype(const struct pt_table *t, unsigned int memtype, unsigned int flags)
{
	const struct pt_format *fmt = t->fmt;
	if (fmt->has_memtype ? (memtype > 7u || !(fmt->memtypes_allowed & (1u << memtype))) : memtype != 0)
		return -HV_EINVAL;
	if (flags & ~fmt->flags_allowed)
		return -HV_EINVAL;
	return 0;
}

int pt_check_prot(const struct pt_table *t, const struct pt_prot *prot)
{
	int rc = pt_check_perm(t, prot->perm);
	return rc != 0 ? rc : pt_check_memtype(t, prot->memtype, prot->flags);
}

static bool caps_ok(const struct pt_format *fmt, uint32_t caps)
{
	if ((caps & PT_CAP_EXEC_ONLY) && !fmt->x_only_needs_cap)
		return false;
	return !(caps & PT_CAP_EXEC) || fmt->x_needs_cap;
}

/* Paging depth the format supports (3 or 4 levels), a host address width it can map, and capabilities
 * the format knows: execute-only and execute permissions only where the format needs them declared. */
static bool config_ok(const struct pt_format *fmt, const struct pt_config *cfg)
{
	if (cfg->levels < 3u || cfg->levels > 4u || !(fmt->levels_allowed & (1u << cfg->levels)))
		return false;
	if (cfg->hpa_bits < 32u || cfg->hpa_bits > PT_MAX_HPA_BITS)
		return false;
	if (cfg->caps & ~(PT_CAP_2M | PT_CAP_1G | PT_CAP_EXEC_ONLY | PT_CAP_EXEC))
		return false;
	return caps_ok(fmt, cfg->caps);
}

int pt_create(struct pt_table *t, const struct pt_format *fmt, const struct pt_config *cfg)
{
	if (t == NULL || fmt == NULL || cfg == NULL || !config_ok(fmt, cfg))
		return -HV_EINVAL;

	uint64_t *root = plat_page_alloc(1);
	if (root == NULL)
		return -HV_ENOMEM;
	memset(t, 0, sizeof(*t));
	t->fmt = fmt;
	t->root = root;
	t->root_pa = plat_virt_to_phys(root);
	t->levels = cfg->levels;
	t->hpa_bits = cfg->hpa_bits;
	t->caps = cfg->caps;
	t->pages = 1;
	return 0;
}

bool pt_table_ok(const struct pt_table *t)
{
	return t != NULL && t->root != NULL && t->fmt != NULL;
}

int pt_check_range(const struct pt_table *t, uint64_t gpa, uint64_t size)
{
	if (size == 0 || ((gpa | size) & (PLAT_PAGE_SIZE - 1u)))
		return -HV_EINVAL;
	uint64_t limit = pt_input_limit(t);
	if (gpa >= limit || size > limit - gpa)
		return -HV_ERANGE;
	return 0;
}

/* The host range: page aligned and below 2^hpa_bits. */
static int check_hpa_range(const struct pt_table *t, uint64_t hpa, uint64_t size)
{
	if (hpa & (PLAT_PAGE_SIZE - 1u))
		return -HV_EINVAL;
	uint64_t hpa_limit = 1ull << t->hpa_bits;
	if (hpa >= hpa_limit || size > hpa_limit - hpa)
		return -HV_ERANGE;
	return 0;
}

static bool any_present(const struct pt_table *t, const uint64_t *table, unsigned int level, uint64_t lo,
			uint64_t hi)
{
	for (uint64_t a = lo, b; a < hi; a = b) {
		b = pt_entry_end(a, level, hi);
		uint64_t e = table[pt_index(a, level)];
		if (!pt_present(t, e))
			continue;
		if (pt_is_leaf(t, e, level) || any_present(t, pt_child(e), level - 1u, a, b))
			return true;
	}
	return false;
}

int pt_map_check(const struct pt_table *t, uint64_t gpa, uint64_t hpa, uint64_t size, const struct pt_prot *prot)
{
	if (!pt_table_ok(t) || prot == NULL)
		return -HV_EINVAL;
	int rc = pt_check_range(t, gpa, size);
	if (rc != 0)
		return rc;
	if ((rc = check_hpa_range(t, hpa, size)) != 0 || (rc = pt_check_prot(t, prot)) != 0)
		return rc;
	return any_present(t, t->root, t->levels, gpa, gpa + size) ? -HV_EBUSY : 0;
}

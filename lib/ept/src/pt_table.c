/* SPDX-License-Identifier: BSD-3-Clause */
/* Page-table engine: creation, tear-down, attribute encoding, walks. */
#include "pt_internal.h"

#include <string.h>

static unsigned int flag_index(unsigned int flag)
{
	return flag == PT_FLAG_IPAT ? 0u : flag == PT_FLAG_SNP ? 1u : 2u;
}

uint64_t pt_attr_mask(const struct pt_format *fmt)
{
	uint64_t m = PT_PERM_RWX;
	if (fmt->has_memtype)
		m |= 7ull << 3;
	for (unsigned int f = PT_FLAG_IPAT; f <= PT_FLAG_TM; f <<= 1)
		if (fmt->flags_allowed & f)
			m |= fmt->flag_bits[flag_index(f)];
	return m;
}

uint64_t pt_encode_attrs(const struct pt_format *fmt, const struct pt_prot *prot)
{
	uint64_t e = prot->perm & PT_PERM_RWX;
	if (fmt->has_memtype)
		e |= (uint64_t)(prot->memtype & 7u) << 3;
	for (unsigned int f = PT_FLAG_IPAT; f <= PT_FLAG_TM; f <<= 1)
		if ((fmt->flags_allowed & f) && (prot->flags & f))
			e |= fmt->flag_bits[flag_index(f)];
	return e;
}

void pt_decode_attrs(const struct pt_format *fmt, uint64_t e, struct pt_prot *prot)
{
	prot->perm = (uint8_t)(e & PT_PERM_RWX);
	prot->memtype = fmt->has_memtype ? (uint8_t)((e >> 3) & 7u) : 0u;
	prot->flags = 0;
	for (unsigned int f = PT_FLAG_IPAT; f <= PT_FLAG_TM; f <<= 1)
		if ((fmt->flags_allowed & f) && (e & fmt->flag_bits[flag_index(f)]))
			prot->flags |= (uint8_t)f;
}

uint64_t pt_nonleaf_bits(const struct pt_table *t)
{
	uint64_t b = t->fmt->nonleaf_perms;
	if (t->fmt->x_needs_cap && (t->caps & PT_CAP_EXEC))
		b |= PT_PERM_X;
	return b;
}

int pt_check_perm(const struct pt_table *t, unsigned int perm)
{
	const struct pt_format *fmt = t->fmt;
	if (perm == 0 || (perm & ~PT_PERM_RWX) || (perm & fmt->present_perms) == 0)
		return -HV_EINVAL;
	if (fmt->w_requires_r && (perm & PT_PERM_W) && !(perm & PT_PERM_R))
		return -HV_EINVAL; /* SDM Vol. 3C 29.3.3.1: write-only / write-execute misconfigures */
	if (fmt->x_only_needs_cap && perm == PT_PERM_X && !(t->caps & PT_CAP_EXEC_ONLY))
		return -HV_ENODEV;
	if (fmt->x_needs_cap && (perm & PT_PERM_X) && !(t->caps & PT_CAP_EXEC))
		return -HV_ENODEV;
	return 0;
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

int pt_create(struct pt_table *t, const struct pt_format *fmt, const struct pt_config *cfg)
{
	if (t == NULL || fmt == NULL || cfg == NULL)
		return -HV_EINVAL;
	if (cfg->levels < 3u || cfg->levels > 4u || !(fmt->levels_allowed & (1u << cfg->levels)))
		return -HV_EINVAL;
	if (cfg->hpa_bits < 32u || cfg->hpa_bits > PT_MAX_HPA_BITS)
		return -HV_EINVAL;
	if (cfg->caps & ~(PT_CAP_2M | PT_CAP_1G | PT_CAP_EXEC_ONLY | PT_CAP_EXEC))
		return -HV_EINVAL;
	if ((cfg->caps & PT_CAP_EXEC_ONLY) && !fmt->x_only_needs_cap)
		return -HV_EINVAL;
	if ((cfg->caps & PT_CAP_EXEC) && !fmt->x_needs_cap)
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

static void free_tree(const struct pt_table *t, uint64_t *table, unsigned int level)
{
	if (level > 1u) {
		for (unsigned int i = 0; i < PT_ENTRIES; i++) {
			uint64_t e = table[i];
			if (pt_present(t, e) && !pt_is_leaf(t, e, level))
				free_tree(t, pt_child(e), level - 1u);
		}
	}
	plat_page_free(table, 1);
}

void pt_destroy(struct pt_table *t)
{
	if (t == NULL || t->root == NULL)
		return;
	free_tree(t, t->root, t->levels);
	memset(t, 0, sizeof(*t));
}

static void fill_mapping(const struct pt_table *t, uint64_t e, unsigned int level, uint64_t gpa,
			 struct pt_mapping *out)
{
	uint64_t size = pt_level_size(level);
	out->gpa = gpa & ~(size - 1u);
	out->hpa = e & PT_ADDR_MASK & ~(size - 1u);
	out->page_size = size;
	out->level = level;
	out->entry = e;
	pt_decode_attrs(t->fmt, e, &out->prot);
}

int pt_walk(const struct pt_table *t, uint64_t gpa, struct pt_mapping *out)
{
	if (t == NULL || t->root == NULL || out == NULL)
		return -HV_EINVAL;
	if (gpa >= pt_input_limit(t))
		return -HV_ERANGE;
	const uint64_t *table = t->root;
	for (unsigned int level = t->levels; level >= 1u; level--) {
		uint64_t e = table[pt_index(gpa, level)];
		if (!pt_present(t, e))
			return -HV_ENOENT;
		if (pt_is_leaf(t, e, level)) {
			fill_mapping(t, e, level, gpa, out);
			return 0;
		}
		table = pt_child(e);
	}
	return -HV_ENOENT; /* not reached: level 1 entries are leaves */
}

/* Search table (level, covering addresses from base) for the first leaf ending above gpa. */
static bool next_in(const struct pt_table *t, const uint64_t *table, unsigned int level, uint64_t base,
		    uint64_t gpa, struct pt_mapping *out)
{
	uint64_t size = pt_level_size(level);
	unsigned int i = gpa > base ? (unsigned int)((gpa - base) / size) : 0u;
	for (; i < PT_ENTRIES; i++) {
		uint64_t e = table[i];
		uint64_t ebase = base + (uint64_t)i * size;
		if (!pt_present(t, e))
			continue;
		if (pt_is_leaf(t, e, level)) {
			fill_mapping(t, e, level, ebase, out);
			return true;
		}
		if (next_in(t, pt_child(e), level - 1u, ebase, gpa, out))
			return true;
	}
	return false;
}

int pt_next(const struct pt_table *t, uint64_t gpa, struct pt_mapping *out)
{
	if (t == NULL || t->root == NULL || out == NULL)
		return -HV_EINVAL;
	if (gpa >= pt_input_limit(t))
		return -HV_ENOENT;
	return next_in(t, t->root, t->levels, 0, gpa, out) ? 0 : -HV_ENOENT;
}

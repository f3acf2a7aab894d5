/* SPDX-License-Identifier: BSD-3-Clause */
/* Page-table engine: reading a table back (walks, the next mapping, a leaf's attributes). */
#include "pt_internal.h"
#include <ept/pt_ext.h>

/* A leaf's attributes. */
static void pt_decode_attrs(const struct pt_format *fmt, uint64_t e, struct pt_prot *prot)
{
	prot->perm = (uint8_t)(e & PT_PERM_RWX);
	prot->memtype = fmt->has_memtype ? (uint8_t)((e >> 3) & 7u) : 0u;
	prot->flags = 0;
	for (unsigned int i = 0; i < PT_FLAG_COUNT; i++)
		if ((fmt->flags_allowed & (1u << i)) && (e & fmt->flag_bits[i]))
			prot->flags |= (uint8_t)(1u << i);
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

/* SPDX-License-Identifier: BSD-3-Clause */
/* Entry helpers shared by the engine's source files (not part of the public API). */
#ifndef EPT_PT_INTERNAL_H
#define EPT_PT_INTERNAL_H

#include <ept/pt.h>
#include <hvkit/errno.h>

static inline unsigned int pt_index(uint64_t addr, unsigned int level)
{
	return (unsigned int)((addr >> (12u + 9u * (level - 1u))) & (PT_ENTRIES - 1u));
}

static inline bool pt_present(const struct pt_table *t, uint64_t e)
{
	return (e & t->fmt->present_perms) != 0;
}

static inline bool pt_is_leaf(const struct pt_table *t, uint64_t e, unsigned int level)
{
	return level == 1u || (e & t->fmt->leaf_size_bit) != 0;
}

static inline uint64_t *pt_child(uint64_t e)
{
	return (uint64_t *)plat_phys_to_virt(e & PT_ADDR_MASK);
}

/* May a leaf live at this level of t? */
static inline bool pt_leaf_allowed(const struct pt_table *t, unsigned int level)
{
	return level == 1u || (level == 2u && (t->caps & PT_CAP_2M)) || (level == 3u && (t->caps & PT_CAP_1G));
}

/* End of the part of [a, hi) that lies in a's entry of a level-`level` table. */
static inline uint64_t pt_entry_end(uint64_t a, unsigned int level, uint64_t hi)
{
	uint64_t size = pt_level_size(level);
	uint64_t e = (a & ~(size - 1u)) + size;
	return e < hi ? e : hi;
}

static inline bool pt_full_entry(unsigned int level, uint64_t a, uint64_t b)
{
	return b - a == pt_level_size(level);
}

/* May [a, b), which maps to hpa, be one level-`level` leaf: a whole entry, a leaf size t allows, hpa aligned to it? */
static inline bool pt_leaf_fits(const struct pt_table *t, unsigned int level, uint64_t a, uint64_t b, uint64_t hpa)
{
	return pt_full_entry(level, a, b) && pt_leaf_allowed(t, level) && (hpa & (pt_level_size(level) - 1u)) == 0;
}

bool pt_table_ok(const struct pt_table *t);
/* -HV_EINVAL unaligned or empty, -HV_ERANGE beyond the table's input range. */
int pt_check_range(const struct pt_table *t, uint64_t gpa, uint64_t size);
/* pt_map's checks, in both flavours (pt_update.c, pt_build.c): arguments, ranges, prot, and nothing of the range
 * mapped yet (-HV_EBUSY). Nothing is written. */
int pt_map_check(const struct pt_table *t, uint64_t gpa, uint64_t hpa, uint64_t size, const struct pt_prot *prot);

/* Encode prot as entry bits (no address, no size bit). */
uint64_t pt_encode_attrs(const struct pt_format *fmt, const struct pt_prot *prot);
/* Parts of pt_check_prot(). */
int pt_check_perm(const struct pt_table *t, unsigned int perm);
int pt_check_memtype(const struct pt_table *t, unsigned int memtype, unsigned int flags);
/* Permission bits of an entry that references a table. */
uint64_t pt_nonleaf_bits(const struct pt_table *t);

#endif

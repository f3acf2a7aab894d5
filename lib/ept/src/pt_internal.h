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

/* Entry bits that hold a leaf's attributes (permissions, memory type, flags). */
uint64_t pt_attr_mask(const struct pt_format *fmt);
/* Encode prot as entry bits (no address, no size bit). */
uint64_t pt_encode_attrs(const struct pt_format *fmt, const struct pt_prot *prot);
/* Decode a leaf's attributes. */
void pt_decode_attrs(const struct pt_format *fmt, uint64_t e, struct pt_prot *prot);
/* Parts of pt_check_prot(). */
int pt_check_perm(const struct pt_table *t, unsigned int perm);
int pt_check_memtype(const struct pt_table *t, unsigned int memtype, unsigned int flags);
/* Permission bits of an entry that references a table. */
uint64_t pt_nonleaf_bits(const struct pt_table *t);

#endif

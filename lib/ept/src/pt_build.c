/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Page-table engine, build flavour: pt_map (and, in pt_build_unmap.c, pt_unmap) for images whose tables are
 * built once, when their VMs and DMA domains are (partition and lapic_pt link this archive before lib/ept's, so
 * pt_update.c and pt_change.c stay out). The entries written are the same as pt_update.c's for a map into an empty range; what
 * this flavour does not do (<ept/pt.h> says so too):
 *  - count and reserve a request's table pages first: a map that runs out of pages returns -HV_ENOMEM with
 *    the part of the range it reached mapped (whole leaves, every table linked once filled);
 *  - merge 512 uniform leaves into a larger one, or free a table that an unmap emptied;
 *  - split a large leaf: pt_unmap of part of one is refused (-HV_EBUSY, nothing changed).
 */
#include "pt_internal.h"

/* One pt_map request: gpa maps to hpa with leaf attributes attrs. */
struct build_op {
	struct pt_table *t;
	uint64_t gpa, hpa, attrs;
};

static int build_map(const struct build_op *op, uint64_t *table, unsigned int level, uint64_t lo, uint64_t hi);

/* A new level-(level - 1) table under *slot, filled before it is linked (a CPU or IOMMU may walk the table). */
static int build_table(const struct build_op *op, uint64_t *slot, unsigned int level, uint64_t lo, uint64_t hi)
{
	uint64_t *child = plat_page_alloc(1);
	if (child == NULL)
		return -HV_ENOMEM;
	int rc = build_map(op, child, level - 1u, lo, hi);
	op->t->pages++;
	*slot = plat_virt_to_phys(child) | pt_nonleaf_bits(op->t);
	return rc;
}

/* pt_map_check found no leaf in the range: a present entry there is a table to descend into. */
static int build_map(const struct build_op *op, uint64_t *table, unsigned int level, uint64_t lo, uint64_t hi)
{
	int rc = 0;
	for (uint64_t a = lo, b; a < hi && rc == 0; a = b) {
		b = pt_entry_end(a, level, hi);
		uint64_t *slot = &table[pt_index(a, level)];
		uint64_t hpa = op->hpa + (a - op->gpa);
		if (pt_present(op->t, *slot))
			rc = build_map(op, pt_child(*slot), level - 1u, a, b);
		else if (pt_leaf_fits(op->t, level, a, b, hpa))
			*slot = hpa | op->attrs | (level > 1u ? op->t->fmt->leaf_size_bit : 0);
		else
			rc = build_table(op, slot, level, a, b);
	}
	return rc;
}

int pt_map(struct pt_table *t, uint64_t gpa, uint64_t hpa, uint64_t size, const struct pt_prot *prot)
{
	int rc = pt_map_check(t, gpa, hpa, size, prot);
	if (rc != 0)
		return rc;
	const struct build_op op = {.t = t, .gpa = gpa, .hpa = hpa, .attrs = pt_encode_attrs(t->fmt, prot)};
	return build_map(&op, t->root, t->levels, gpa, gpa + size);
}

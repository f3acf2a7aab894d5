/* SPDX-License-Identifier: BSD-3-Clause */
/* Page-table engine: unmap and attribute changes, splitting leaves at the range's edges (pt_update.c runs them;
 * the attribute-change requests are pt_attrs.c, an archive member only the images that change attributes pull in). */
#include "pt_op.h"

static bool all_present(const struct pt_table *t, const uint64_t *table, unsigned int level, uint64_t lo,
			uint64_t hi)
{
	for (uint64_t a = lo, b; a < hi; a = b) {
		b = pt_entry_end(a, level, hi);
		unsigned int i = pt_index(a, level);
		uint64_t e = table[i];
		if (!pt_present(t, e))
			return false;
		if (!pt_is_leaf(t, e, level) && !all_present(t, pt_child(e), level - 1u, a, b))
			return false;
	}
	return true;
}

static uint64_t changed_leaf(const struct pt_op *op, uint64_t e)
{
	return op->unmap ? 0 : (e & ~op->change_mask) | op->attrs;
}

/* Splits needed inside a leaf being split at `level` (all its children are leaves). */
static size_t count_split_below(unsigned int level, uint64_t lo, uint64_t hi)
{
	size_t n = 0;
	if (level == 1u)
		return 0;
	for (uint64_t a = lo, b; a < hi; a = b) {
		b = pt_entry_end(a, level, hi);
		if (!pt_full_entry(level, a, b))
			n += 1u + count_split_below(level - 1u, a, b);
	}
	return n;
}

static size_t count_change(const struct pt_op *op, const uint64_t *table, unsigned int level, uint64_t lo,
			   uint64_t hi)
{
	size_t n = 0;
	for (uint64_t a = lo, b; a < hi; a = b) {
		b = pt_entry_end(a, level, hi);
		unsigned int i = pt_index(a, level);
		uint64_t e = table[i];
		if (!pt_is_leaf(op->t, e, level))
			n += count_change(op, pt_child(e), level - 1u, a, b);
		else if (!pt_full_entry(level, a, b) && changed_leaf(op, e) != e)
			n += 1u + count_split_below(level - 1u, a, b);
	}
	return n;
}

/* A table of 512 leaves at level-1 that maps exactly what leaf e at `level` maps. */
static uint64_t *split_leaf(struct pt_op *op, uint64_t e, unsigned int level)
{
	const struct pt_format *fmt = op->t->fmt;
	uint64_t *child = pt_pool_take(&op->pool);
	uint64_t csize = pt_level_size(level - 1u);
	uint64_t base = e & PT_ADDR_MASK;
	uint64_t bits = (e & ~PT_ADDR_MASK & ~fmt->leaf_size_bit) | (level - 1u > 1u ? fmt->leaf_size_bit : 0);
	for (unsigned int j = 0; j < PT_ENTRIES; j++)
		child[j] = (base + (uint64_t)j * csize) | bits;
	return child;
}

static void do_change(struct pt_op *op, uint64_t *table, unsigned int level, uint64_t lo, uint64_t hi)
{
	struct pt_table *t = op->t;
	for (uint64_t a = lo, b; a < hi; a = b) {
		b = pt_entry_end(a, level, hi);
		unsigned int i = pt_index(a, level);
		uint64_t e = table[i];
		if (!pt_is_leaf(t, e, level)) {
			do_change(op, pt_child(e), level - 1u, a, b);
		} else if (pt_full_entry(level, a, b)) {
			table[i] = changed_leaf(op, e);
		} else if (changed_leaf(op, e) != e) {
			uint64_t *child = split_leaf(op, e, level);
			do_change(op, child, level - 1u, a, b);
			t->pages++;
			table[i] = plat_virt_to_phys(child) | pt_nonleaf_bits(t); /* one store replaces the leaf */
		}
	}
}

int pt_change(struct pt_table *t, uint64_t gpa, uint64_t size, bool unmap, uint64_t attrs, uint64_t mask)
{
	int rc = pt_check_range(t, gpa, size);
	if (rc != 0)
		return rc;
	uint64_t end = gpa + size;
	if (!all_present(t, t->root, t->levels, gpa, end))
		return -HV_ENOENT;
	struct pt_op op = {.t = t, .gpa = gpa, .attrs = attrs, .change_mask = mask, .unmap = unmap};
	return pt_op_finish(&op, end, count_change(&op, t->root, t->levels, gpa, end), do_change);
}

int pt_unmap(struct pt_table *t, uint64_t gpa, uint64_t size)
{
	if (!pt_table_ok(t))
		return -HV_EINVAL;
	return pt_change(t, gpa, size, true, 0, 0);
}

/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Page-table engine: the request machinery and map (unmap and attribute changes, which split leaves, are
 * in pt_change.c).
 *
 * Every request runs in four steps:
 *  1. validate the arguments and the current contents (nothing written);
 *  2. count the table pages the request needs (new tables for a map, split
 *     tables at the range's edges for unmap/change) and allocate exactly that
 *     many into a private pool -- a refusal here changes nothing;
 *  3. apply the request, taking tables from the pool (cannot fail);
 *  4. tidy the range: free emptied tables, merge uniform tables into leaves.
 */
#include "pt_op.h"

#include <string.h>

static void pool_release(struct pt_pool *p)
{
	while (p->head != NULL) {
		void *pg = p->head;
		memcpy(&p->head, pg, sizeof(void *));
		plat_page_free(pg, 1);
	}
}

static int pool_fill(struct pt_pool *p, size_t n)
{
	p->head = NULL;
	for (size_t k = 0; k < n; k++) {
		void *pg = plat_page_alloc(1);
		if (pg == NULL) {
			pool_release(p);
			return -HV_ENOMEM;
		}
		memcpy(pg, &p->head, sizeof(void *));
		p->head = pg;
	}
	return 0;
}

uint64_t *pt_pool_take(struct pt_pool *p)
{
	void *pg = p->head;
	if (pg == NULL)
		plat_panic("pt: table-page pool exhausted (count bug)");
	memcpy(&p->head, pg, sizeof(void *));
	memset(pg, 0, sizeof(void *));
	return pg;
}

/* --- map --- */

/* Table pages a map of [lo, hi) needs below `table` (NULL: a table that does not exist yet). */
static size_t count_map(const struct pt_op *op, const uint64_t *table, unsigned int level, uint64_t lo, uint64_t hi)
{
	size_t n = 0;
	for (uint64_t a = lo, b; a < hi; a = b) {
		b = pt_entry_end(a, level, hi);
		unsigned int i = pt_index(a, level);
		uint64_t e = table != NULL ? table[i] : 0;
		if (pt_present(op->t, e))
			n += count_map(op, pt_child(e), level - 1u, a, b); /* a table: the range holds no leaf */
		else if (!pt_leaf_fits(op->t, level, a, b, op->hpa + (a - op->gpa)))
			n += 1u + count_map(op, NULL, level - 1u, a, b);
	}
	return n;
}

static void do_map(struct pt_op *op, uint64_t *table, unsigned int level, uint64_t lo, uint64_t hi)
{
	struct pt_table *t = op->t;
	for (uint64_t a = lo, b; a < hi; a = b) {
		b = pt_entry_end(a, level, hi);
		unsigned int i = pt_index(a, level);
		uint64_t e = table[i], hpa = op->hpa + (a - op->gpa);
		if (pt_present(t, e)) {
			do_map(op, pt_child(e), level - 1u, a, b);
		} else if (pt_leaf_fits(t, level, a, b, hpa)) {
			table[i] = hpa | op->attrs | (level > 1u ? t->fmt->leaf_size_bit : 0);
		} else {
			uint64_t *child = pt_pool_take(&op->pool);
			do_map(op, child, level - 1u, a, b);
			t->pages++;
			table[i] = plat_virt_to_phys(child) | pt_nonleaf_bits(t); /* linked once filled */
		}
	}
}

/* --- tidy: free empty tables, merge uniform ones --- */

static bool table_empty(const struct pt_table *t, const uint64_t *table)
{
	for (unsigned int j = 0; j < PT_ENTRIES; j++)
		if (pt_present(t, table[j]))
			return false;
	return true;
}

/* A present level-`clevel` leaf with attribute bits `bits` (page-size bit aside) mapping `addr`. */
static bool leaf_matches(const struct pt_table *t, uint64_t e, unsigned int clevel, uint64_t bits, uint64_t addr)
{
	if (!pt_present(t, e) || !pt_is_leaf(t, e, clevel))
		return false;
	return (e & ~PT_ADDR_MASK & ~t->fmt->leaf_size_bit) == bits && (e & PT_ADDR_MASK) == addr;
}

/* If the level-`clevel` table holds 512 identical, contiguous leaves, the merged leaf one level up. */
static bool merged_leaf(const struct pt_table *t, const uint64_t *table, unsigned int clevel, uint64_t *out)
{
	const uint64_t ps = t->fmt->leaf_size_bit;
	const uint64_t csize = pt_level_size(clevel);
	uint64_t base = table[0] & PT_ADDR_MASK;
	uint64_t bits = table[0] & ~PT_ADDR_MASK & ~ps;
	/* The merged leaf maps a page of the next size up: its base is aligned to it. */
	if (base & (pt_level_size(clevel + 1u) - 1u))
		return false;
	for (unsigned int j = 0; j < PT_ENTRIES; j++)
		if (!leaf_matches(t, table[j], clevel, bits, base + (uint64_t)j * csize))
			return false;
	*out = base | bits | ps;
	return true;
}

/* Replace the level-`level` entry *slot by nothing (child table empty) or by one leaf (child merges). */
static void collapse(struct pt_table *t, uint64_t *slot, unsigned int level)
{
	uint64_t *child = pt_child(*slot);
	uint64_t m;
	if (table_empty(t, child))
		*slot = 0;
	else if (pt_leaf_allowed(t, level) && merged_leaf(t, child, level - 1u, &m))
		*slot = m;
	else
		return;
	plat_page_free(child, 1);
	t->pages--;
}

static void tidy(struct pt_table *t, uint64_t *table, unsigned int level, uint64_t lo, uint64_t hi)
{
	if (level == 1u)
		return;
	for (uint64_t a = lo, b; a < hi; a = b) {
		b = pt_entry_end(a, level, hi);
		unsigned int i = pt_index(a, level);
		uint64_t e = table[i];
		if (!pt_present(t, e) || pt_is_leaf(t, e, level))
			continue;
		tidy(t, pt_child(e), level - 1u, a, b);
		collapse(t, &table[i], level);
	}
}

/* --- public requests --- */

int pt_op_finish(struct pt_op *op, uint64_t end, size_t need, pt_apply_fn apply)
{
	int rc = pool_fill(&op->pool, need);
	if (rc != 0)
		return rc;
	apply(op, op->t->root, op->t->levels, op->gpa, end);
	if (op->pool.head != NULL)
		plat_panic("pt: table pages left over (count bug)");
	tidy(op->t, op->t->root, op->t->levels, op->gpa, end);
	return 0;
}

int pt_map(struct pt_table *t, uint64_t gpa, uint64_t hpa, uint64_t size, const struct pt_prot *prot)
{
	int rc = pt_map_check(t, gpa, hpa, size, prot);
	if (rc != 0)
		return rc;
	uint64_t end = gpa + size;
	struct pt_op op = {.t = t, .gpa = gpa, .hpa = hpa, .attrs = pt_encode_attrs(t->fmt, prot)};
	return pt_op_finish(&op, end, count_map(&op, t->root, t->levels, gpa, end), do_map);
}

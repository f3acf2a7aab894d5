/* SPDX-License-Identifier: BSD-3-Clause */
#include "pt_test_util.h"
#include <ept/pt_ext.h>
#include <ept/ept_misconfig.h>

#include <stdlib.h>
#include <string.h>

const struct pt_prot PROT_RWX_WB = {.perm = PT_PERM_RWX, .memtype = EPT_MT_WB, .flags = 0};
const struct pt_prot PROT_R_WB = {.perm = PT_PERM_R, .memtype = EPT_MT_WB, .flags = 0};
const struct pt_prot PROT_RW_UC = {.perm = PT_PERM_R | PT_PERM_W, .memtype = EPT_MT_UC, .flags = 0};

static bool present(const struct pt_table *t, uint64_t e)
{
	return (e & t->fmt->present_perms) != 0;
}

static bool leaf(const struct pt_table *t, uint64_t e, unsigned int level)
{
	return level == 1 || (e & t->fmt->leaf_size_bit);
}

static void snap_walk(const struct pt_table *t, const uint64_t *table, unsigned int level, struct snap *s)
{
	s->v = realloc(s->v, (s->n + PT_ENTRIES) * sizeof(uint64_t));
	assert_non_null(s->v);
	memcpy(s->v + s->n, table, PT_ENTRIES * sizeof(uint64_t));
	s->n += PT_ENTRIES;
	for (unsigned int i = 0; i < PT_ENTRIES; i++)
		if (level > 1 && present(t, table[i]) && !leaf(t, table[i], level))
			snap_walk(t, (const uint64_t *)(uintptr_t)(table[i] & PT_ADDR_MASK), level - 1, s);
}

void snap_take(const struct pt_table *t, struct snap *s)
{
	memset(s, 0, sizeof(*s));
	snap_walk(t, t->root, t->levels, s);
	s->pages = t->pages;
	s->host_pages = host_platform_pages_in_use;
}

void assert_snap_unchanged(const struct pt_table *t, const struct snap *before)
{
	struct snap now;
	snap_take(t, &now);
	assert_int_equal(now.pages, before->pages);
	assert_int_equal(now.host_pages, before->host_pages);
	assert_int_equal(now.n, before->n);
	assert_memory_equal(now.v, before->v, now.n * sizeof(uint64_t));
	free(now.v);
	free(before->v);
}

void assert_range(const struct pt_table *t, uint64_t gpa, uint64_t hpa, uint64_t size, const struct pt_prot *prot)
{
	uint64_t at = gpa;
	while (at < gpa + size) {
		struct pt_mapping m;
		assert_int_equal(pt_walk(t, at, &m), 0);
		assert_true(m.gpa <= at);
		assert_int_equal(m.hpa + (at - m.gpa), hpa + (at - gpa));
		assert_int_equal(m.prot.perm, prot->perm);
		assert_int_equal(m.prot.memtype, prot->memtype);
		assert_int_equal(m.prot.flags, prot->flags);
		assert_int_equal(m.page_size, pt_level_size(m.level));
		/* the walk of the page's last byte agrees */
		struct pt_mapping m2;
		assert_int_equal(pt_walk(t, m.gpa + m.page_size - 1, &m2), 0);
		assert_int_equal(m2.gpa, m.gpa);
		assert_int_equal(m2.entry, m.entry);
		at = m.gpa + m.page_size;
	}
}

void assert_unmapped(const struct pt_table *t, uint64_t gpa, uint64_t size)
{
	struct pt_mapping m;
	int rc = pt_next(t, gpa, &m);
	if (rc == 0)
		assert_true(m.gpa >= gpa + size);
	else
		assert_int_equal(rc, -HV_ENOENT);
	assert_int_equal(pt_walk(t, gpa, &m), -HV_ENOENT);
	assert_int_equal(pt_walk(t, gpa + size - 1, &m), -HV_ENOENT);
}

void assert_page_size(const struct pt_table *t, uint64_t gpa, uint64_t page_size)
{
	struct pt_mapping m;
	assert_int_equal(pt_walk(t, gpa, &m), 0);
	assert_int_equal(m.page_size, page_size);
}

void count_leaves(const struct pt_table *t, size_t *n4k, size_t *n2m, size_t *n1g)
{
	*n4k = *n2m = *n1g = 0;
	struct pt_mapping m;
	for (uint64_t at = 0; pt_next(t, at, &m) == 0; at = m.gpa + m.page_size) {
		if (m.level == 1)
			(*n4k)++;
		else if (m.level == 2)
			(*n2m)++;
		else
			(*n1g)++;
	}
}

static bool leaf_allowed(const struct pt_table *t, unsigned int level)
{
	return level == 1 || (level == 2 && (t->caps & PT_CAP_2M)) || (level == 3 && (t->caps & PT_CAP_1G));
}

/* Would the level-`level` table merge into one leaf? (an independent re-statement of the rule) */
static bool uniform(const struct pt_table *t, const uint64_t *table, unsigned int level)
{
	uint64_t ps = t->fmt->leaf_size_bit;
	uint64_t size = pt_level_size(level);
	for (unsigned int i = 0; i < PT_ENTRIES; i++) {
		if (!present(t, table[i]) || !leaf(t, table[i], level))
			return false;
		if (((table[i] ^ table[0]) & ~PT_ADDR_MASK & ~ps) != 0)
			return false;
		if ((table[i] & PT_ADDR_MASK) != (table[0] & PT_ADDR_MASK) + i * size)
			return false;
	}
	return ((table[0] & PT_ADDR_MASK) % pt_level_size(level + 1)) == 0;
}

static size_t inv_walk(const struct pt_table *t, const uint64_t *table, unsigned int level, bool root)
{
	size_t pages = 1;
	bool any = false;
	for (unsigned int i = 0; i < PT_ENTRIES; i++) {
		uint64_t e = table[i];
		if (!present(t, e)) {
			assert_int_equal(e, 0); /* the engine leaves nothing in a non-present entry */
			continue;
		}
		any = true;
		if (t->fmt == &ept_format)
			assert_int_equal(ept_check_entry(e, level, t->hpa_bits,
							 EPT_VPID_CAP_2M | EPT_VPID_CAP_1G | EPT_VPID_CAP_EXEC_ONLY),
					 EPT_MISCONFIG_NONE);
		if (level == 4)
			assert_false(e & t->fmt->leaf_size_bit);
		if (leaf(t, e, level)) {
			assert_true(leaf_allowed(t, level));
			assert_int_equal(e & PT_ADDR_MASK & (pt_level_size(level) - 1), 0);
		} else {
			const uint64_t *child = (const uint64_t *)(uintptr_t)(e & PT_ADDR_MASK);
			assert_false(leaf_allowed(t, level) && uniform(t, child, level - 1));
			pages += inv_walk(t, child, level - 1, false);
		}
	}
	if (!root)
		assert_true(any);
	return pages;
}

void assert_invariants(const struct pt_table *t)
{
	assert_int_equal(inv_walk(t, t->root, t->levels, true), t->pages);
}

struct fixture *fixture_new(const struct pt_format *fmt, unsigned int levels, uint32_t caps)
{
	host_platform_reset();
	struct fixture *f = calloc(1, sizeof(*f));
	assert_non_null(f);
	f->pages_at_start = host_platform_pages_in_use;
	struct pt_config cfg = {.levels = levels, .hpa_bits = 48, .caps = caps};
	assert_int_equal(pt_create(&f->t, fmt, &cfg), 0);
	assert_int_equal(f->t.pages, 1);
	assert_int_equal(host_platform_pages_in_use, f->pages_at_start + 1);
	return f;
}

void fixture_end(struct fixture *f)
{
	assert_invariants(&f->t);
	pt_destroy(&f->t);
	assert_null(f->t.root);
	assert_int_equal(host_platform_pages_in_use, f->pages_at_start);
	free(f);
	host_platform_reset();
}

/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * The build flavour's pt_unmap (src/pt_build.c has its pt_map): whole leaves are cleared and the tables they
 * leave empty are kept; part of a large leaf is refused (-HV_EBUSY) instead of split. An archive member of its
 * own: partition unmaps (the APIC-access page), lapic_pt never does.
 */
#include "pt_internal.h"

/* 0 if leaves lying wholly inside [lo, hi) map all of it; -HV_ENOENT for a hole, -HV_EBUSY for a leaf that
 * reaches beyond it (it would have to be split). */
static int unmap_check(const struct pt_table *t, const uint64_t *table, unsigned int level, uint64_t lo, uint64_t hi)
{
	int rc = 0;
	for (uint64_t a = lo, b; a < hi && rc == 0; a = b) {
		b = pt_entry_end(a, level, hi);
		uint64_t e = table[pt_index(a, level)];
		if (!pt_present(t, e))
			rc = -HV_ENOENT;
		else if (pt_is_leaf(t, e, level))
			rc = pt_full_entry(level, a, b) ? 0 : -HV_EBUSY;
		else
			rc = unmap_check(t, pt_child(e), level - 1u, a, b);
	}
	return rc;
}

static void unmap_leaves(const struct pt_table *t, uint64_t *table, unsigned int level, uint64_t lo, uint64_t hi)
{
	for (uint64_t a = lo, b; a < hi; a = b) {
		b = pt_entry_end(a, level, hi);
		uint64_t *slot = &table[pt_index(a, level)];
		if (pt_is_leaf(t, *slot, level))
			*slot = 0;
		else
			unmap_leaves(t, pt_child(*slot), level - 1u, a, b);
	}
}

int pt_unmap(struct pt_table *t, uint64_t gpa, uint64_t size)
{
	if (!pt_table_ok(t))
		return -HV_EINVAL;
	int rc = pt_check_range(t, gpa, size);
	rc = rc != 0 ? rc : unmap_check(t, t->root, t->levels, gpa, gpa + size);
	if (rc == 0)
		unmap_leaves(t, t->root, t->levels, gpa, gpa + size);
	return rc;
}

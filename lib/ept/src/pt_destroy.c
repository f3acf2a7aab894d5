/* SPDX-License-Identifier: BSD-3-Clause */
/* Page-table engine: tearing a table down. */
#include "pt_internal.h"
#include <ept/pt_ext.h>

#include <string.h>

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

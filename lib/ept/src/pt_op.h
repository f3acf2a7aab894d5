/* SPDX-License-Identifier: BSD-3-Clause */
/* The request machinery of pt_update.c, shared with pt_change.c and pt_attrs.c (not part of the public API; the
 * images that build their tables once link pt_build.c, which needs none of it). */
#ifndef EPT_PT_OP_H
#define EPT_PT_OP_H

#include "pt_internal.h"

/* One request (pt_update.c): its table pages are counted, taken from a private pool, then applied. */
struct pt_pool {
	void *head;
};

struct pt_op {
	struct pt_table *t;
	uint64_t gpa;         /* start of the request */
	uint64_t hpa;         /* map: host address of gpa */
	uint64_t attrs;       /* map: leaf attributes; change: the new attribute bits */
	uint64_t change_mask; /* change: the attribute bits replaced */
	bool unmap;
	struct pt_pool pool;
};

typedef void (*pt_apply_fn)(struct pt_op *op, uint64_t *table, unsigned int level, uint64_t lo, uint64_t hi);
/* A table page from the request's pool (zeroed link word). */
uint64_t *pt_pool_take(struct pt_pool *p);
/* Fill the pool with `need` pages, apply [op->gpa, end) from the root, then free emptied tables and
 * merge uniform ones. */
int pt_op_finish(struct pt_op *op, uint64_t end, size_t need, pt_apply_fn apply);
/* pt_change.c: unmap [gpa, gpa+size), or replace the attribute bits `mask` of its leaves by `attrs`. */
int pt_change(struct pt_table *t, uint64_t gpa, uint64_t size, bool unmap, uint64_t attrs, uint64_t mask);

#endif

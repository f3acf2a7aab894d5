/* SPDX-License-Identifier: BSD-3-Clause */
/* Shared checks for lib/ept's tests: snapshots, range checks, structural invariants. */
#ifndef EPT_PT_TEST_UTIL_H
#define EPT_PT_TEST_UTIL_H

#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdlib.h>
#include <stdint.h>
#include <cmocka.h>

#include <ept/ept.h>
#include <ept/vtd_sl.h>
#include <hvkit/errno.h>
#include "host_platform.h"

#define KiB(x) ((uint64_t)(x) << 10)
#define MiB(x) ((uint64_t)(x) << 20)
#define GiB(x) ((uint64_t)(x) << 30)

/* Every entry of every table (depth-first) plus the page count: equal snapshots = identical tables. */
struct snap {
	size_t n;
	uint64_t *v;
	size_t pages;
	size_t host_pages;
};
void snap_take(const struct pt_table *t, struct snap *s);
void assert_snap_unchanged(const struct pt_table *t, const struct snap *before); /* frees before */

/* [gpa, gpa+size) maps to [hpa, ..) with prot, through leaves of at most max_page bytes. */
void assert_range(const struct pt_table *t, uint64_t gpa, uint64_t hpa, uint64_t size, const struct pt_prot *prot);
/* No address of [gpa, gpa+size) is mapped. */
void assert_unmapped(const struct pt_table *t, uint64_t gpa, uint64_t size);
/* The leaf that maps gpa has this size. */
void assert_page_size(const struct pt_table *t, uint64_t gpa, uint64_t page_size);
/* Number of leaves of each size in the whole table. */
void count_leaves(const struct pt_table *t, size_t *n4k, size_t *n2m, size_t *n1g);
/* No empty non-root table, none mergeable, t->pages right, every EPT entry well-formed. */
void assert_invariants(const struct pt_table *t);

/* Fixture: a table with the given format, levels and caps (hpa_bits 48: host pointers stand for physical addresses). */
struct fixture {
	struct pt_table t;
	size_t pages_at_start;
};
struct fixture *fixture_new(const struct pt_format *fmt, unsigned int levels, uint32_t caps);
void fixture_end(struct fixture *f); /* destroys the table, checks every page came back */

extern const struct pt_prot PROT_RWX_WB;
extern const struct pt_prot PROT_R_WB;
extern const struct pt_prot PROT_RW_UC;

#endif

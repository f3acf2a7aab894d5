/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * The page-table engine's calls that no small image makes (<ept/pt.h> has the rest): tear-down, attribute
 * changes of a mapped range and walks. Each is an archive member of its own (pt_destroy.c, pt_attrs.c,
 * pt_walk.c), and their declarations are here so that an image that never calls them compiles none of them.
 */
#ifndef EPT_PT_EXT_H
#define EPT_PT_EXT_H

#include <ept/pt.h>

/* One leaf translation, as found by pt_walk()/pt_next(). */
struct pt_mapping {
	uint64_t gpa;       /* first address of the page */
	uint64_t hpa;       /* host physical address of the page */
	uint64_t page_size; /* 4 KiB, 2 MiB or 1 GiB */
	unsigned int level; /* 1, 2 or 3 */
	struct pt_prot prot;
	uint64_t entry; /* the raw leaf entry */
};

/* Free every table page; t is zeroed. Safe on a zeroed table. */
void pt_destroy(struct pt_table *t);

/* Replace all attributes (permissions, memory type, flags) of a mapped range. Errors as pt_unmap/pt_map. */
int pt_protect(struct pt_table *t, uint64_t gpa, uint64_t size, const struct pt_prot *prot);

/* Change only the permissions of a mapped range (memory types and flags kept). */
int pt_set_perm(struct pt_table *t, uint64_t gpa, uint64_t size, uint8_t perm);

/* Change only the memory type and the ignore-PAT flag of a mapped range (formats with a memory type). */
int pt_set_memtype(struct pt_table *t, uint64_t gpa, uint64_t size, uint8_t memtype, bool ipat);

/* Translate gpa: 0 and *out filled, -HV_ENOENT if not mapped, -HV_ERANGE beyond the input width. */
int pt_walk(const struct pt_table *t, uint64_t gpa, struct pt_mapping *out);

/* The first leaf whose page ends above gpa (iterate with gpa = out->gpa + out->page_size). -HV_ENOENT at the end. */
int pt_next(const struct pt_table *t, uint64_t gpa, struct pt_mapping *out);

#endif /* EPT_PT_EXT_H */

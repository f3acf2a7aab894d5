/* SPDX-License-Identifier: BSD-3-Clause */
/* Internal: typed, checked reads of one node's properties, reporting every problem. */
#ifndef SCENARIO_SC_PROPS_H
#define SCENARIO_SC_PROPS_H

#include <stddef.h>
#include <stdint.h>
#include <scenario/scenario.h>

/* The node being read: its offset and how messages name it (see sc_msg_start). */
struct sc_node {
	const void *fdt;
	int offset;
	const char *node; /* NULL: /chosen/hypervisor itself */
	const char *sub;  /* NULL or a VM's sub-node name */
	struct scenario_report *rep;
};

/* Results of the readers: the property is absent, present and good, or present and bad (reported). */
enum sc_got { SC_ABSENT = 0, SC_OK = 1, SC_BAD = -1 };

/* Absent and required: reports "is missing" (with why, when why is not NULL). */
void sc_missing(const struct sc_node *n, const char *prop, const char *why);

/* One cell. */
enum sc_got sc_u32(const struct sc_node *n, const char *prop, uint32_t *out);
/* Two cells, most significant first. */
enum sc_got sc_u64(const struct sc_node *n, const char *prop, uint64_t *out);
/* One NUL-terminated string that fits in max bytes (with its NUL); empty refused unless allow_empty. */
enum sc_got sc_string(const struct sc_node *n, const char *prop, char *out, size_t max, int allow_empty);
/* One of count names (with sizes up to 15 characters): its index, or -1 when absent ("is missing (expected)")
 * or bad (reported: "unknown <what> "<value>" (expected <expected>)"). */
int sc_enum(const struct sc_node *n, const char *prop, const char *what, const char *const *names,
	    unsigned int count, const char *expected);
/* A property without a value: *out true when present (false when absent or given a value, reported). */
void sc_flag(const struct sc_node *n, const char *prop, bool *out);
/*
 * A list of groups of group_cells cells, at most max_groups groups, at least one.
 * On SC_OK, *cells points at the raw big-endian cells (read with fdt32_ld) and *groups is their count.
 */
enum sc_got sc_cells(const struct sc_node *n, const char *prop, uint32_t group_cells, uint32_t max_groups,
		     const void **cells, uint32_t *groups);
/* Read cell i of a list returned by sc_cells. */
uint32_t sc_cell(const void *cells, uint32_t i);

/* Report every property not named in known (NULL-terminated) and every sub-node not in subnodes
 * (NULL-terminated; subnodes NULL: sub-nodes are not checked here). */
void sc_only_known(const struct sc_node *n, const char *const *known, const char *const *subnodes);

#endif

/* SPDX-License-Identifier: BSD-3-Clause */
/* Typed property reads. The blob has passed fdt_check_full, so libfdt's walks are safe here. */
#include <string.h>
#include "sc_fdt.h"
#include "sc_msg.h"
#include "sc_props.h"

void sc_missing(const struct sc_node *n, const char *prop, const char *why)
{
	sc_fail(n->rep, n->node, n->sub, prop, "is missing%s%s%s", why ? " (" : "", why ? why : "", why ? ")" : "");
}

static const void *sc_get(const struct sc_node *n, const char *prop, int *len)
{
	const void *p = fdt_getprop(n->fdt, n->offset, prop, len);

	if (p == NULL)
		*len = -1;
	return p;
}

uint32_t sc_cell(const void *cells, uint32_t i)
{
	return sc_be32((const uint8_t *)cells + 4u * i);
}

/* cells (1 or 2) cells, most significant first. */
static enum sc_got sc_number(const struct sc_node *n, const char *prop, uint32_t cells, uint64_t *out)
{
	int len;
	const void *p = sc_get(n, prop, &len);

	if (p == NULL)
		return SC_ABSENT;
	if (len != (int)(4 * cells)) {
		sc_fail(n->rep, n->node, n->sub, prop, "is %u bytes long, expected %s", (unsigned int)len,
			cells == 1 ? "4 (one cell)" : "8 (two cells, high then low)");
		return SC_BAD;
	}
	*out = cells == 1 ? sc_cell(p, 0) : ((uint64_t)sc_cell(p, 0) << 32) | sc_cell(p, 1);
	return SC_OK;
}

enum sc_got sc_u32(const struct sc_node *n, const char *prop, uint32_t *out)
{
	uint64_t v;
	enum sc_got got = sc_number(n, prop, 1, &v);

	if (got == SC_OK)
		*out = (uint32_t)v;
	return got;
}

enum sc_got sc_u64(const struct sc_node *n, const char *prop, uint64_t *out)
{
	return sc_number(n, prop, 2, out);
}

/* len bytes holding exactly one NUL, at the end (strlen stops at that one NUL at the latest). */
static bool one_string(const char *p, int len)
{
	return len >= 1 && p[len - 1] == '\0' && strlen(p) == (size_t)len - 1;
}

enum sc_got sc_string(const struct sc_node *n, const char *prop, char *out, size_t max, int allow_empty)
{
	int len;
	const char *p = sc_get(n, prop, &len);

	if (p == NULL)
		return SC_ABSENT;
	if (!one_string(p, len))
		sc_fail(n->rep, n->node, n->sub, prop, "is not a single string");
	else if (len == 1 && !allow_empty)
		sc_fail(n->rep, n->node, n->sub, prop, "is an empty string");
	else if ((size_t)len > max)
		sc_fail(n->rep, n->node, n->sub, prop, "is longer than %lu characters", max - 1);
	else {
		memcpy(out, p, (size_t)len);
		return SC_OK;
	}
	return SC_BAD;
}

int sc_enum(const struct sc_node *n, const char *prop, const char *what, const char *const *names,
	    unsigned int count, const char *expected)
{
	char v[16];
	enum sc_got got = sc_string(n, prop, v, sizeof(v), 0);

	if (got == SC_ABSENT)
		sc_missing(n, prop, expected);
	if (got != SC_OK)
		return -1;
	for (unsigned int i = 0; i < count; i++)
		if (strcmp(v, names[i]) == 0)
			return (int)i;
	sc_fail(n->rep, n->node, n->sub, prop, "unknown %s \"%s\" (expected %s)", what, v, expected);
	return -1;
}

void sc_flag(const struct sc_node *n, const char *prop, bool *out)
{
	int len;

	*out = sc_get(n, prop, &len) != NULL && len == 0; /* len is -1 when absent */
	if (len > 0)
		sc_fail(n->rep, n->node, n->sub, prop, "is a flag and takes no value");
}

enum sc_got sc_cells(const struct sc_node *n, const char *prop, uint32_t group_cells, uint32_t max_groups,
		     const void **cells, uint32_t *groups)
{
	int len;
	const void *p = sc_get(n, prop, &len);
	uint32_t group_bytes = group_cells * 4u;

	if (p == NULL)
		return SC_ABSENT;
	if (len == 0 || (uint32_t)len % group_bytes != 0) {
		sc_fail(n->rep, n->node, n->sub, prop, "is %u bytes long, expected a non-zero multiple of %u (%u %s per entry)",
			(unsigned int)len, group_bytes, group_cells, group_cells == 1 ? "cell" : "cells");
		return SC_BAD;
	}
	if ((uint32_t)len / group_bytes > max_groups) {
		sc_fail(n->rep, n->node, n->sub, prop, "has %u entries, at most %u are supported", (uint32_t)len / group_bytes,
			max_groups);
		return SC_BAD;
	}
	*cells = p;
	*groups = (uint32_t)len / group_bytes;
	return SC_OK;
}

static bool sc_in_list(const char *name, const char *const *list)
{
	for (; list != NULL && *list != NULL; list++)
		if (strcmp(name, *list) == 0)
			return true;
	return false;
}

void sc_only_known(const struct sc_node *n, const char *const *known, const char *const *subnodes)
{
	int off;

	sc_for_each_property(off, n->fdt, n->offset) {
		const char *name = NULL;

		if (fdt_getprop_by_offset(n->fdt, off, &name, NULL) == NULL || name == NULL)
			continue;
		if (!sc_in_list(name, known))
			sc_fail(n->rep, n->node, n->sub, name, "is not part of the binding (unknown property)");
	}
	if (subnodes == NULL)
		return;
	sc_for_each_subnode(off, n->fdt, n->offset) {
		const char *name = fdt_get_name(n->fdt, off, NULL);

		if (name != NULL && !sc_in_list(name, subnodes))
			sc_fail(n->rep, n->node, n->sub, NULL, "sub-node \"%s\" is not part of the binding (unknown node)", name);
	}
}

/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * The libfdt functions the parser calls, declared here instead of including libfdt.h (about 450 lines with
 * fdt.h and libfdt_env.h, counted in every image). Prototypes as in libfdt 1.6 (dtc's libfdt/libfdt.h);
 * scenario/tests/test_fdt_decls.c includes both headers, so a prototype that differs fails the build.
 */
#ifndef SC_FDT_H
#define SC_FDT_H

#include <stddef.h>
#include <stdint.h>

/* Size of struct fdt_header: ten big-endian 32-bit words (Devicetree Specification 5.2). */
#define SC_FDT_HEADER_SIZE 40u

int fdt_check_header(const void *fdt);
int fdt_check_full(const void *fdt, size_t bufsize);
const char *fdt_strerror(int errval);
int fdt_path_offset(const void *fdt, const char *path);
int fdt_subnode_offset(const void *fdt, int parentoffset, const char *name);
int fdt_first_subnode(const void *fdt, int offset);
int fdt_next_subnode(const void *fdt, int offset);
int fdt_first_property_offset(const void *fdt, int nodeoffset);
int fdt_next_property_offset(const void *fdt, int offset);
const char *fdt_get_name(const void *fdt, int nodeoffset, int *lenp);
const void *fdt_getprop(const void *fdt, int nodeoffset, const char *name, int *lenp);
const void *fdt_getprop_by_offset(const void *fdt, int offset, const char **namep, int *lenp);
int fdt_stringlist_contains(const char *strlist, int listlen, const char *str);
int fdt_stringlist_count(const void *fdt, int nodeoffset, const char *property);
const char *fdt_stringlist_get(const void *fdt, int nodeoffset, const char *property, int index, int *lenp);

#define sc_for_each_subnode(node, fdt, parent) \
	for ((node) = fdt_first_subnode(fdt, parent); (node) >= 0; (node) = fdt_next_subnode(fdt, node))
#define sc_for_each_property(prop, fdt, node) \
	for ((prop) = fdt_first_property_offset(fdt, node); (prop) >= 0; (prop) = fdt_next_property_offset(fdt, prop))

/* A big-endian 32-bit word, as every cell and header field of a blob is stored. */
static inline uint32_t sc_be32(const void *at)
{
	const uint8_t *p = at;

	return (uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 | (uint32_t)p[2] << 8 | p[3];
}

/* Header word N (5: version, 6: last_comp_version). */
static inline uint32_t sc_fdt_header_word(const void *fdt, unsigned int word)
{
	return sc_be32((const uint8_t *)fdt + 4u * word);
}

#endif

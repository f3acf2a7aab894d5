/* SPDX-License-Identifier: BSD-3-Clause */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>
#include <cmocka.h>

#include "fake_guest.h"

static int find_page(const struct fake_guest *g, uint64_t gpa)
{
	for (unsigned i = 0; i < g->npages; i++)
		if (g->page_gpa[i] == (gpa & ~0xfffull))
			return (int)i;
	return -1;
}

void fg_reset(struct fake_guest *g)
{
	memset(g, 0, sizeof(*g));
	g->next_table = FG_TABLE_BASE;
}

static uint8_t *add_page(struct fake_guest *g, uint64_t gpa, bool table)
{
	assert_true((gpa & 0xfff) == 0);
	assert_true(find_page(g, gpa) < 0);
	assert_true(g->npages < FG_MAX_PAGES);
	unsigned i = g->npages++;
	g->page_gpa[i] = gpa;
	g->page_is_table[i] = table;
	return g->page[i];
}

uint8_t *fg_add_table(struct fake_guest *g, uint64_t gpa)
{
	return add_page(g, gpa, true);
}

uint8_t *fg_add_data(struct fake_guest *g, uint64_t gpa)
{
	return add_page(g, gpa, false);
}

void fg_set(struct fake_guest *g, uint64_t gpa, uint64_t value, unsigned bytes)
{
	int i = find_page(g, gpa);
	assert_true(i >= 0);
	for (unsigned b = 0; b < bytes; b++)
		g->page[i][(gpa & 0xfff) + b] = (uint8_t)(value >> (8 * b));
}

uint64_t fg_get(struct fake_guest *g, uint64_t gpa, unsigned bytes)
{
	int i = find_page(g, gpa);
	uint64_t v = 0;
	assert_true(i >= 0);
	for (unsigned b = bytes; b-- > 0;)
		v = (v << 8) | g->page[i][(gpa & 0xfff) + b];
	return v;
}

static unsigned entry_bytes(enum fg_mode m)
{
	return m == FG_32BIT ? 4 : 8;
}

void fg_entry_or(struct fake_guest *g, enum fg_mode m, const struct fg_chain *c, unsigned level,
		 uint64_t bits)
{
	uint64_t at = c->entry_gpa[level];
	fg_set(g, at, fg_get(g, at, entry_bytes(m)) | bits, entry_bytes(m));
}

void fg_entry_clear(struct fake_guest *g, enum fg_mode m, const struct fg_chain *c, unsigned level,
		    uint64_t bits)
{
	uint64_t at = c->entry_gpa[level];
	fg_set(g, at, fg_get(g, at, entry_bytes(m)) & ~bits, entry_bytes(m));
}

uint64_t fg_new_root(struct fake_guest *g)
{
	uint64_t gpa = g->next_table;
	g->next_table += 0x1000;
	fg_add_table(g, gpa);
	return gpa;
}

static unsigned top_level(enum fg_mode m)
{
	switch (m) {
	case FG_32BIT:
		return 2;
	case FG_PAE:
		return 3;
	case FG_4LEVEL:
		return 4;
	default:
		return 5;
	}
}

static uint64_t index_of(enum fg_mode m, unsigned level, uint64_t linear)
{
	if (m == FG_32BIT)
		return (linear >> (12 + 10 * (level - 1))) & 0x3ff;
	if (m == FG_PAE && level == 3)
		return (linear >> 30) & 3;
	return (linear >> (12 + 9 * (level - 1))) & 0x1ff;
}

void fg_map(struct fake_guest *g, enum fg_mode m, uint64_t root, uint64_t linear, uint64_t frame,
	    unsigned leaf_level, uint64_t flags, struct fg_chain *c)
{
	unsigned eb = entry_bytes(m);
	uint64_t table = root;

	memset(c, 0, sizeof(*c));
	for (unsigned level = top_level(m); level > leaf_level; level--) {
		uint64_t at = table + index_of(m, level, linear) * eb;
		uint64_t e = fg_get(g, at, eb);
		c->entry_gpa[level] = at;
		if (!(e & FG_P)) {
			uint64_t next = g->next_table;
			g->next_table += 0x1000;
			fg_add_table(g, next);
			e = next | ((m == FG_PAE && level == 3) ? FG_P : flags);
			fg_set(g, at, e, eb);
		}
		table = e & 0x000ffffffffff000ull;
	}
	uint64_t at = table + index_of(m, leaf_level, linear) * eb;
	uint64_t leaf = frame | flags;
	if (leaf_level > 1)
		leaf |= FG_PS;
	if (m == FG_32BIT && leaf_level == 2)
		leaf = (frame & 0xffc00000ull) | (((frame >> 32) & 0xff) << 13) | flags | FG_PS;
	c->entry_gpa[leaf_level] = at;
	fg_set(g, at, leaf, eb);
}

struct guest_paging fg_paging(struct fake_guest *g, enum fg_mode m, uint64_t root, unsigned cpl)
{
	struct guest_paging p = {
		.cr0 = FG_CR0_PE | FG_CR0_PG,
		.cr3 = root,
		.cpl = cpl,
		.read_gpa = fg_read_gpa,
		.ctx = g,
	};
	switch (m) {
	case FG_32BIT:
		p.cr4 = FG_CR4_PSE;
		break;
	case FG_PAE:
		p.cr4 = FG_CR4_PAE;
		break;
	case FG_4LEVEL:
		p.cr4 = FG_CR4_PAE;
		p.efer = FG_EFER_LME | FG_EFER_LMA;
		break;
	case FG_5LEVEL:
		p.cr4 = FG_CR4_PAE | FG_CR4_LA57;
		p.efer = FG_EFER_LME | FG_EFER_LMA;
		break;
	}
	return p;
}

int fg_read_gpa(void *ctx, uint64_t gpa, void *dst, size_t len)
{
	struct fake_guest *g = ctx;
	int i = find_page(g, gpa);

	if (g->nreads < FG_MAX_LOG)
		g->log[g->nreads] = (struct fg_read){ gpa, len };
	g->nreads++;
	if (i < 0 || len == 0 || (gpa & 0xfff) + len > 0x1000) {
		g->stray_reads++;
		return -1;
	}
	/* A paging structure is read one naturally aligned entry at a time. */
	if (g->page_is_table[i] && ((len != 4 && len != 8) || (gpa & (len - 1)))) {
		g->stray_reads++;
		return -1;
	}
	memcpy(dst, &g->page[i][gpa & 0xfff], len);
	return 0;
}

struct fake_guest fg_mem;

int fg_setup(void **state)
{
	(void)state;
	fg_reset(&fg_mem);
	return 0;
}

int fg_teardown(void **state)
{
	(void)state;
	assert_int_equal(fg_mem.stray_reads, 0);
	return 0;
}

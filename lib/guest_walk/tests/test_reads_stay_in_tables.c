/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * The walker asks read_gpa for exactly one naturally aligned entry per level, top to bottom, at
 * the address the SDM's translation process gives, and for nothing else (fg_read_gpa refuses and
 * counts any other request, and every test's teardown requires that count to be 0). A failed
 * read is -HV_EIO at the level being read, and no walk changes guest memory.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>
#include <cmocka.h>

#include <hvkit/errno.h>
#include <guest_walk/guest_walk.h>

#include "fake_guest.h"

struct mode_case {
	enum fg_mode mode;
	unsigned top;        /* highest level read from memory */
	unsigned entry_size;
	uint64_t linear;
};

static const struct mode_case modes[] = {
	{ FG_32BIT, 2, 4, 0x8badf123 },
	{ FG_PAE, 3, 8, 0x8badf123 },
	{ FG_4LEVEL, 4, 8, 0xffffba9876543123ull },
	{ FG_5LEVEL, 5, 8, 0xff5a9876543ff123ull },
};

static void each_mode_reads_one_entry_per_level_in_order(void **state)
{
	(void)state;
	for (size_t i = 0; i < sizeof(modes) / sizeof(modes[0]); i++) {
		const struct mode_case *k = &modes[i];
		struct fg_chain c;
		uint64_t gpa = 0;
		fg_reset(G);
		uint64_t root = fg_new_root(G);
		fg_map(G, k->mode, root, k->linear, 0x3000, 1, FG_URW, &c);
		struct guest_paging p = fg_paging(G, k->mode, root, 3);
		assert_int_equal(guest_walk(&p, k->linear, GUEST_ACCESS_FETCH, &gpa, NULL), 0);
		assert_int_equal(gpa, 0x3123);
		assert_int_equal(G->nreads, k->top);
		for (unsigned n = 0; n < k->top; n++) {
			assert_int_equal(G->log[n].gpa, c.entry_gpa[k->top - n]);
			assert_int_equal(G->log[n].len, k->entry_size);
		}
		assert_int_equal(G->stray_reads, 0);
	}
}

static void unbacked_table_is_eio_at_the_level_read(void **state)
{
	(void)state;
	for (size_t i = 0; i < sizeof(modes) / sizeof(modes[0]); i++) {
		const struct mode_case *k = &modes[i];
		struct fg_chain c;
		struct guest_walk_result r;
		fg_reset(G);
		uint64_t root = fg_new_root(G);
		fg_map(G, k->mode, root, k->linear, 0x3000, 1, FG_URW, &c);
		struct guest_paging p = fg_paging(G, k->mode, root, 0);
		/* Point the top entry at a page that is not guest RAM. */
		uint64_t top = fg_get(G, c.entry_gpa[k->top], k->entry_size);
		fg_set(G, c.entry_gpa[k->top], (top & 0xfff) | 0x7fff000, k->entry_size);
		assert_int_equal(guest_walk_info(&p, k->linear, GUEST_ACCESS_READ, &r), -HV_EIO);
		assert_int_equal(r.level, k->top - 1);
		assert_false(r.page_fault);
		assert_int_equal(G->stray_reads, 1);
		G->stray_reads = 0;
	}
}

static void unbacked_pae_pdpt_is_eio_at_level_3(void **state)
{
	(void)state;
	struct guest_walk_result r;
	struct guest_paging p = fg_paging(G, FG_PAE, 0x7fff000, 0);

	assert_int_equal(guest_walk_info(&p, 0x1000, GUEST_ACCESS_READ, &r), -HV_EIO);
	assert_int_equal(r.level, 3);
	assert_int_equal(G->log[0].gpa, 0x7fff000);
	assert_int_equal(G->log[0].len, 8);
	G->stray_reads = 0;
}

static void pae_pdpt_is_read_at_cr3_bits_31_to_5(void **state)
{
	(void)state;
	struct fg_chain c;
	uint64_t gpa = 0;
	uint64_t root = fg_new_root(G);
	/* A PDPT 32-byte aligned inside a page, as PAE allows. */
	fg_map(G, FG_PAE, root + 0x60, 0x40000000, 0x3000, 1, FG_URW, &c);
	struct guest_paging p = fg_paging(G, FG_PAE, root + 0x60, 0);

	p.cr3 |= 0x1f | 0xabcd00000000ull; /* bits 4:0 and 63:32 are ignored */
	assert_int_equal(guest_walk(&p, 0x40000000, GUEST_ACCESS_READ, &gpa, NULL), 0);
	assert_int_equal(gpa, 0x3000);
	assert_int_equal(G->log[0].gpa, root + 0x60 + 8);
}

static void walks_never_write_guest_memory(void **state)
{
	(void)state;
	static uint8_t before[FG_MAX_PAGES][4096];

	for (size_t i = 0; i < sizeof(modes) / sizeof(modes[0]); i++) {
		const struct mode_case *k = &modes[i];
		struct fg_chain c;
		struct guest_walk_result r;
		uint8_t buf[15];
		size_t got;
		fg_reset(G);
		uint64_t root = fg_new_root(G);
		fg_map(G, k->mode, root, k->linear, 0x3000, 1, FG_URW, &c);
		fg_add_data(G, 0x3000);
		struct guest_paging p = fg_paging(G, k->mode, root, 3);
		memcpy(before, G->page, sizeof(before));
		assert_int_equal(guest_walk_info(&p, k->linear, GUEST_ACCESS_WRITE, &r), 0);
		assert_int_equal(guest_fetch(&p, k->linear, buf, 15, &got), 0);
		assert_int_equal(got, 15);
		fg_entry_clear(G, k->mode, &c, 1, FG_RW);
		memcpy(before, G->page, sizeof(before));
		assert_int_equal(guest_walk_info(&p, k->linear, GUEST_ACCESS_WRITE, &r), -HV_EPERM);
		assert_memory_equal(before, G->page, sizeof(before));
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		FG_TEST(each_mode_reads_one_entry_per_level_in_order),
		FG_TEST(unbacked_table_is_eio_at_the_level_read),
		FG_TEST(unbacked_pae_pdpt_is_eio_at_level_3),
		FG_TEST(pae_pdpt_is_read_at_cr3_bits_31_to_5),
		FG_TEST(walks_never_write_guest_memory),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}

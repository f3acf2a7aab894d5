/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * guest_fetch: up to 15 instruction bytes at CS.base + RIP, through the guest's page tables,
 * across at most one page boundary; a second page that does not translate for a fetch ends the
 * fetch early (the guest faults there only if the instruction needs those bytes).
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

#define LIN 0x0000000000401000ull
#define F1 0x0000000000a07000ull /* the first page's frame */
#define F2 0x0000000000503000ull /* the second page's: below the first, not adjacent */

static const uint8_t insn[15] = { 0x67, 0x66, 0x2e, 0x48, 0xc7, 0x84, 0x88, 0x11, 0x22,
				  0x33, 0x44, 0x55, 0x66, 0x77, 0x88 };

static uint64_t root;

/* Two 4 KiB pages at LIN and LIN + 4 KiB, mapped to F1 and F2, in 4-level paging. */
static struct guest_paging two_pages(enum fg_mode m, uint64_t lin, struct fg_chain *c2)
{
	struct fg_chain c1;
	root = fg_new_root(G);
	fg_map(G, m, root, lin, F1, 1, FG_URW, &c1);
	fg_map(G, m, root, lin + 0x1000, F2, 1, FG_URW, c2);
	fg_add_data(G, F1);
	fg_add_data(G, F2);
	return fg_paging(G, m, root, 3);
}

/* Place insn so that `first` bytes end page F1 and the rest start page F2. */
static void split_insn(size_t first)
{
	memcpy(&G->page[G->npages - 2][0x1000 - first], insn, first);
	memcpy(&G->page[G->npages - 1][0], insn + first, sizeof(insn) - first);
}

static void fetch_within_one_page_reads_it_once(void **state)
{
	(void)state;
	struct fg_chain c2;
	struct guest_paging p = two_pages(FG_4LEVEL, LIN, &c2);
	uint8_t buf[15];
	size_t got = 0;

	memcpy(&G->page[G->npages - 2][0x100], insn, sizeof(insn));
	assert_int_equal(guest_fetch(&p, LIN + 0x100, buf, 15, &got), 0);
	assert_int_equal(got, 15);
	assert_memory_equal(buf, insn, 15);
	assert_int_equal(G->nreads, 5); /* four entries, then the bytes */
	assert_int_equal(G->log[4].gpa, F1 + 0x100);
	assert_int_equal(G->log[4].len, 15);
}

static void fetch_crossing_a_page_boundary_walks_both_pages(void **state)
{
	(void)state;
	struct fg_chain c2;
	struct guest_paging p = two_pages(FG_4LEVEL, LIN, &c2);
	uint8_t buf[15];
	size_t got = 0;

	split_insn(6);
	assert_int_equal(guest_fetch(&p, LIN + 0xffa, buf, 15, &got), 0);
	assert_int_equal(got, 15);
	assert_memory_equal(buf, insn, 15);
	assert_int_equal(G->nreads, 10);
	assert_int_equal(G->log[4].gpa, F1 + 0xffa);
	assert_int_equal(G->log[4].len, 6);
	assert_int_equal(G->log[9].gpa, F2);
	assert_int_equal(G->log[9].len, 9);
}

static void fetch_stops_early_at_a_not_present_second_page(void **state)
{
	(void)state;
	struct fg_chain c2;
	struct guest_paging p = two_pages(FG_4LEVEL, LIN, &c2);
	uint8_t buf[15];
	size_t got = 99;

	split_insn(6);
	fg_entry_clear(G, FG_4LEVEL, &c2, 1, FG_P);
	assert_int_equal(guest_fetch(&p, LIN + 0xffa, buf, 15, &got), 0);
	assert_int_equal(got, 6);
	assert_memory_equal(buf, insn, 6);
}

static void fetch_stops_early_at_a_second_page_that_forbids_the_fetch(void **state)
{
	(void)state;
	struct fg_chain c2;
	struct guest_paging p = two_pages(FG_4LEVEL, LIN, &c2);
	uint8_t buf[15];
	size_t got = 0;

	split_insn(1);
	p.efer |= FG_EFER_NXE;
	fg_entry_or(G, FG_4LEVEL, &c2, 1, FG_XD);
	assert_int_equal(guest_fetch(&p, LIN + 0xfff, buf, 15, &got), 0);
	assert_int_equal(got, 1);
	fg_entry_clear(G, FG_4LEVEL, &c2, 1, FG_XD);
	fg_entry_clear(G, FG_4LEVEL, &c2, 1, FG_US); /* CPL 3 fetch from a supervisor page */
	assert_int_equal(guest_fetch(&p, LIN + 0xfff, buf, 15, &got), 0);
	assert_int_equal(got, 1);
	fg_entry_or(G, FG_4LEVEL, &c2, 1, FG_US | (1ull << 51)); /* reserved with M = 48 */
	p.maxphyaddr = 48;
	assert_int_equal(guest_fetch(&p, LIN + 0xfff, buf, 15, &got), 0);
	assert_int_equal(got, 1);
	assert_int_equal(buf[0], insn[0]);
}

static void fetch_fails_when_the_first_page_does_not_translate(void **state)
{
	(void)state;
	struct fg_chain c2;
	struct guest_paging p = two_pages(FG_4LEVEL, LIN, &c2);
	uint8_t buf[15];
	size_t got = 99;

	assert_int_equal(guest_fetch(&p, LIN - 1, buf, 15, &got), -HV_ENOENT);
	assert_int_equal(got, 0);
	p.cpl = 0;
	p.cr4 |= FG_CR4_SMEP;
	assert_int_equal(guest_fetch(&p, LIN, buf, 15, &got), -HV_EPERM);
	assert_int_equal(got, 0);
}

static void fetch_wraps_at_4gib_outside_long_mode(void **state)
{
	(void)state;
	struct fg_chain c2;
	/* 0xfffff000 -> F1; its successor 0x1_0000_0000 is linear 0 in 32-bit paging -> F2. */
	struct guest_paging p = two_pages(FG_32BIT, 0xfffff000, &c2);
	uint8_t buf[15];
	size_t got = 0;

	assert_int_equal(c2.entry_gpa[2], root); /* PDE 0 */
	split_insn(3);
	assert_int_equal(guest_fetch(&p, 0xfffffffd, buf, 15, &got), 0);
	assert_int_equal(got, 15);
	assert_memory_equal(buf, insn, 15);
}

static void fetch_stops_early_at_a_noncanonical_second_page(void **state)
{
	(void)state;
	struct fg_chain c;
	uint8_t buf[15];
	size_t got = 0;

	root = fg_new_root(G);
	fg_map(G, FG_4LEVEL, root, 0x00007ffffffff000ull, F1, 1, FG_URW, &c);
	fg_add_data(G, F1);
	struct guest_paging p = fg_paging(G, FG_4LEVEL, root, 3);
	assert_int_equal(guest_fetch(&p, 0x00007ffffffffff8ull, buf, 15, &got), 0);
	assert_int_equal(got, 8);
}

static void fetch_inside_a_large_page_crosses_4k_in_one_read(void **state)
{
	(void)state;
	struct fg_chain c;
	uint8_t buf[15];
	size_t got = 0;

	root = fg_new_root(G);
	fg_map(G, FG_4LEVEL, root, 0x200000, 0x400000, 2, FG_URW, &c);
	fg_add_data(G, 0x401000);
	fg_add_data(G, 0x402000);
	struct guest_paging p = fg_paging(G, FG_4LEVEL, root, 0);
	/* fg_read_gpa takes a read within one 4 KiB page only: a stray read fails the test. */
	assert_int_equal(guest_fetch(&p, 0x201100, buf, 15, &got), 0);
	assert_int_equal(got, 15);
	assert_int_equal(G->log[3].gpa, 0x401100);
}

static void fetch_with_paging_off_continues_in_the_next_physical_page(void **state)
{
	(void)state;
	struct guest_paging p = { .cr0 = FG_CR0_PE, .read_gpa = fg_read_gpa, .ctx = G };
	uint8_t buf[15];
	size_t got = 0;

	fg_add_data(G, 0x5000);
	fg_add_data(G, 0x6000);
	split_insn(2);
	assert_int_equal(guest_fetch(&p, 0x5ffe, buf, 15, &got), 0);
	assert_int_equal(got, 15);
	assert_memory_equal(buf, insn, 15);
	assert_int_equal(G->nreads, 2);
}

static void fetch_reports_eio_when_the_bytes_are_not_guest_ram(void **state)
{
	(void)state;
	struct fg_chain c;
	uint8_t buf[15];
	size_t got = 0;

	root = fg_new_root(G);
	fg_map(G, FG_4LEVEL, root, LIN, 0xfee00000, 1, FG_URW, &c); /* no data page there */
	struct guest_paging p = fg_paging(G, FG_4LEVEL, root, 0);
	assert_int_equal(guest_fetch(&p, LIN, buf, 15, &got), -HV_EIO);
	assert_int_equal(got, 0);
	assert_int_equal(G->stray_reads, 1);
	G->stray_reads = 0;
}

static void fetch_reports_eio_when_the_second_page_table_is_not_guest_ram(void **state)
{
	(void)state;
	struct fg_chain c2;
	/* 0x5ff000 and 0x600000 use different page tables (PDE 2 and PDE 3). */
	struct guest_paging p = two_pages(FG_4LEVEL, 0x5ff000, &c2);
	uint8_t buf[15];
	size_t got = 0;

	split_insn(4);
	fg_set(G, c2.entry_gpa[2], 0x7fff000 | FG_URW, 8);
	assert_int_equal(guest_fetch(&p, 0x5ffffc, buf, 15, &got), -HV_EIO);
	assert_int_equal(got, 4); /* what was fetched before the failed read */
	assert_int_equal(G->stray_reads, 1);
	G->stray_reads = 0;
}

static void fetch_of_more_than_15_bytes_is_refused(void **state)
{
	(void)state;
	struct guest_paging p = { .cr0 = 0, .read_gpa = fg_read_gpa, .ctx = G };
	uint8_t buf[16];
	size_t got = 99;

	assert_int_equal(guest_fetch(&p, 0x1000, buf, 16, &got), -HV_ERANGE);
	assert_int_equal(got, 0);
	assert_int_equal(guest_fetch(&p, 0x1000, buf, 0, &got), 0);
	assert_int_equal(got, 0);
	assert_int_equal(G->nreads, 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		FG_TEST(fetch_within_one_page_reads_it_once),
		FG_TEST(fetch_crossing_a_page_boundary_walks_both_pages),
		FG_TEST(fetch_stops_early_at_a_not_present_second_page),
		FG_TEST(fetch_stops_early_at_a_second_page_that_forbids_the_fetch),
		FG_TEST(fetch_fails_when_the_first_page_does_not_translate),
		FG_TEST(fetch_wraps_at_4gib_outside_long_mode),
		FG_TEST(fetch_stops_early_at_a_noncanonical_second_page),
		FG_TEST(fetch_inside_a_large_page_crosses_4k_in_one_read),
		FG_TEST(fetch_with_paging_off_continues_in_the_next_physical_page),
		FG_TEST(fetch_reports_eio_when_the_bytes_are_not_guest_ram),
		FG_TEST(fetch_reports_eio_when_the_second_page_table_is_not_guest_ram),
		FG_TEST(fetch_of_more_than_15_bytes_is_refused),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}

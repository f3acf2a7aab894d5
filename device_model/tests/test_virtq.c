/* SPDX-License-Identifier: BSD-3-Clause */
/* Split virtqueues against fake guest memory: valid chains, every rule a driver can break, the used ring. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "virtq.h"

#define RAM (64u * 1024)
#define DESC 0x1000u
#define AVAIL 0x2000u
#define USED 0x3000u
#define IND 0x4000u
#define BUF 0x8000u
#define QS 8u

static uint8_t *ram;
static struct gmem m;
static struct virtq q;
static struct virtq_chain c;
static const char *why;

struct d {
	uint64_t addr;
	uint32_t len;
	uint16_t flags, next;
};

static void set_desc(uint64_t table, unsigned i, uint64_t addr, uint32_t len, uint16_t flags, uint16_t next)
{
	struct d x = { addr, len, flags, next };
	memcpy(ram + table + 16 * i, &x, 16);
}

static uint16_t avail_idx;
static void make_available(uint16_t head)
{
	memcpy(ram + AVAIL + 4 + 2 * (avail_idx % QS), &head, 2);
	avail_idx++;
	memcpy(ram + AVAIL + 2, &avail_idx, 2);
}

static int setup(void **state)
{
	(void)state;
	free(ram); /* tests that start over call setup again */
	ram = calloc(1, RAM);
	m = (struct gmem){ ram, RAM };
	virtq_reset(&q);
	q.size = QS;
	q.desc = DESC;
	q.avail = AVAIL;
	q.used = USED;
	q.enabled = true;
	avail_idx = 0;
	why = NULL;
	return 0;
}

static int teardown(void **state)
{
	(void)state;
	free(ram);
	ram = NULL;
	return 0;
}

static void expect_violation(const char *reason)
{
	assert_int_equal(virtq_pop(&q, &m, &c, &why), -1);
	assert_non_null(why);
	assert_string_equal(why, reason);
}

static void valid_chain(void **state)
{
	(void)state;
	assert_int_equal(virtq_pop(&q, &m, &c, &why), 0); /* nothing available */
	set_desc(DESC, 2, BUF, 16, VIRTQ_DESC_F_NEXT, 5);
	set_desc(DESC, 5, BUF + 16, 100, VIRTQ_DESC_F_NEXT, 7);
	set_desc(DESC, 7, BUF + 200, 1, VIRTQ_DESC_F_WRITE, 0);
	make_available(2);
	assert_int_equal(virtq_pop(&q, &m, &c, &why), 1);
	assert_int_equal(c.head, 2);
	assert_int_equal(c.nr, 2);
	assert_int_equal(c.nw, 1);
	assert_int_equal(c.rlen, 116);
	assert_int_equal(c.wlen, 1);
	assert_int_equal(c.seg[1].gpa, BUF + 16);
	assert_int_equal(c.seg[2].gpa, BUF + 200);
	assert_int_equal(virtq_pop(&q, &m, &c, &why), 0);
	assert_int_equal(q.last_avail, 1);
}

static void push_used(void **state)
{
	(void)state;
	assert_int_equal(virtq_push(&q, &m, 5, 513, &why), 0);
	uint16_t idx;
	uint32_t id, len;
	memcpy(&idx, ram + USED + 2, 2);
	memcpy(&id, ram + USED + 4, 4);
	memcpy(&len, ram + USED + 8, 4);
	assert_int_equal(idx, 1);
	assert_int_equal(id, 5);
	assert_int_equal(len, 513);
	/* the index wraps at 65536, the ring at the queue size */
	q.used_idx = 0xffff;
	assert_int_equal(virtq_push(&q, &m, 3, 7, &why), 0);
	memcpy(&idx, ram + USED + 2, 2);
	memcpy(&id, ram + USED + 4 + 8 * (0xffff % QS), 4);
	assert_int_equal(idx, 0);
	assert_int_equal(id, 3);
}

static void rings_checked(void **state)
{
	(void)state;
	q.desc = RAM - 64; /* the table runs past the end */
	expect_violation("ring outside the VM's RAM");
	assert_int_equal(virtq_push(&q, &m, 0, 0, &why), -1);
	q.desc = DESC + 8;
	expect_violation("ring address misaligned");
	q.desc = DESC;
	q.used = ~0ull - 3;
	expect_violation("ring outside the VM's RAM");
	q.used = USED;
	q.size = 6;
	expect_violation("queue size not a power of two up to 256");
	q.size = 512;
	expect_violation("queue size not a power of two up to 256");
}

static void avail_far_ahead(void **state)
{
	(void)state;
	uint16_t idx = QS + 1;
	memcpy(ram + AVAIL + 2, &idx, 2);
	expect_violation("available index more than the queue size ahead");
}

static void head_out_of_table(void **state)
{
	(void)state;
	make_available(QS);
	expect_violation("head index outside the descriptor table");
}

static void next_out_of_table(void **state)
{
	(void)state;
	set_desc(DESC, 0, BUF, 16, VIRTQ_DESC_F_NEXT, 200);
	make_available(0);
	expect_violation("next index outside the descriptor table");
}

static void chain_loop(void **state)
{
	(void)state;
	set_desc(DESC, 0, BUF, 16, VIRTQ_DESC_F_NEXT, 1);
	set_desc(DESC, 1, BUF, 16, VIRTQ_DESC_F_NEXT, 0);
	make_available(0);
	expect_violation("descriptor chain longer than the queue (a loop?)");
	/* a self-loop too */
	setup(NULL);
	set_desc(DESC, 3, BUF, 16, VIRTQ_DESC_F_NEXT, 3);
	make_available(3);
	expect_violation("descriptor chain longer than the queue (a loop?)");
}

static void buffer_outside_ram(void **state)
{
	(void)state;
	set_desc(DESC, 0, RAM - 8, 16, 0, 0); /* straddles the end */
	make_available(0);
	expect_violation("buffer outside the VM's RAM");
	setup(NULL);
	set_desc(DESC, 0, ~0ull - 4, 16, VIRTQ_DESC_F_WRITE, 0); /* wraps */
	make_available(0);
	expect_violation("buffer outside the VM's RAM");
	setup(NULL);
	set_desc(DESC, 0, 0x7ff00000, 512, VIRTQ_DESC_F_WRITE, 0);
	make_available(0);
	expect_violation("buffer outside the VM's RAM");
}

static void readable_after_writable(void **state)
{
	(void)state;
	set_desc(DESC, 0, BUF, 16, VIRTQ_DESC_F_NEXT | VIRTQ_DESC_F_WRITE, 1);
	set_desc(DESC, 1, BUF, 16, 0, 0);
	make_available(0);
	expect_violation("device-readable buffer after a device-writable one");
}

static void indirect_valid(void **state)
{
	(void)state;
	set_desc(IND, 0, BUF, 16, VIRTQ_DESC_F_NEXT, 2);
	set_desc(IND, 2, BUF + 16, 512, VIRTQ_DESC_F_NEXT | VIRTQ_DESC_F_WRITE, 1);
	set_desc(IND, 1, BUF + 600, 1, VIRTQ_DESC_F_WRITE, 0);
	set_desc(DESC, 4, IND, 48, VIRTQ_DESC_F_INDIRECT, 0);
	make_available(4);
	assert_int_equal(virtq_pop(&q, &m, &c, &why), 1);
	assert_int_equal(c.head, 4);
	assert_int_equal(c.nr, 1);
	assert_int_equal(c.nw, 2);
	assert_int_equal(c.wlen, 513);
	/* a direct descriptor may lead to an indirect one */
	set_desc(DESC, 0, BUF, 16, VIRTQ_DESC_F_NEXT, 4);
	make_available(0);
	assert_int_equal(virtq_pop(&q, &m, &c, &why), 1);
	assert_int_equal(c.nr, 2);
	assert_int_equal(c.nw, 2);
}

static void indirect_bad(void **state)
{
	(void)state;
	static const struct {
		uint64_t addr;
		uint32_t len;
		uint16_t flags;
		const char *why;
	} cases[] = {
		{ IND, 20, VIRTQ_DESC_F_INDIRECT, "indirect table length not a non-zero multiple of 16" },
		{ IND, 0, VIRTQ_DESC_F_INDIRECT, "indirect table length not a non-zero multiple of 16" },
		{ IND + 8, 32, VIRTQ_DESC_F_INDIRECT, "indirect table misaligned" },
		{ RAM - 16, 32, VIRTQ_DESC_F_INDIRECT, "indirect table outside the VM's RAM" },
		{ IND, 32, VIRTQ_DESC_F_INDIRECT | VIRTQ_DESC_F_NEXT, "indirect descriptor with NEXT" },
	};
	for (unsigned i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		setup(NULL);
		set_desc(IND, 0, BUF, 16, 0, 0);
		set_desc(DESC, 1, cases[i].addr, cases[i].len, cases[i].flags, 2);
		make_available(1);
		expect_violation(cases[i].why);
	}
	setup(NULL);
	set_desc(IND, 0, IND, 32, VIRTQ_DESC_F_INDIRECT, 0);
	set_desc(DESC, 1, IND, 32, VIRTQ_DESC_F_INDIRECT, 0);
	make_available(1);
	expect_violation("nested indirect table");
	setup(NULL);
	set_desc(IND, 0, BUF, 16, VIRTQ_DESC_F_NEXT, 1);
	set_desc(IND, 1, BUF, 16, VIRTQ_DESC_F_NEXT, 0);
	set_desc(DESC, 1, IND, 32, VIRTQ_DESC_F_INDIRECT, 0);
	make_available(1);
	expect_violation("indirect chain longer than its table (a loop?)");
	setup(NULL);
	set_desc(IND, 0, BUF, 16, VIRTQ_DESC_F_NEXT, 2);
	set_desc(DESC, 1, IND, 32, VIRTQ_DESC_F_INDIRECT, 0);
	make_available(1);
	expect_violation("indirect next index outside its table");
	/* an indirect chain longer than the queue (16 entries, queue of 8) */
	setup(NULL);
	for (unsigned i = 0; i < 16; i++)
		set_desc(IND, i, BUF, 4, i < 15 ? VIRTQ_DESC_F_NEXT : 0, (uint16_t)(i + 1));
	set_desc(DESC, 1, IND, 256, VIRTQ_DESC_F_INDIRECT, 0);
	make_available(1);
	expect_violation("descriptor chain longer than the queue (a loop?)");
}

static void copy_across_segments(void **state)
{
	(void)state;
	memcpy(ram + BUF, "hello, ", 7);
	memcpy(ram + BUF + 100, "world", 5);
	set_desc(DESC, 0, BUF, 7, VIRTQ_DESC_F_NEXT, 1);
	set_desc(DESC, 1, BUF + 100, 5, VIRTQ_DESC_F_NEXT, 2);
	set_desc(DESC, 2, BUF + 200, 3, VIRTQ_DESC_F_NEXT | VIRTQ_DESC_F_WRITE, 3);
	set_desc(DESC, 3, BUF + 300, 4, VIRTQ_DESC_F_WRITE, 0);
	make_available(0);
	assert_int_equal(virtq_pop(&q, &m, &c, &why), 1);
	char buf[32] = { 0 };
	assert_int_equal(virtq_read(&m, &c, 0, buf, sizeof(buf)), 12);
	assert_string_equal(buf, "hello, world");
	memset(buf, 0, sizeof(buf));
	assert_int_equal(virtq_read(&m, &c, 5, buf, 4), 4);
	assert_string_equal(buf, ", wo");
	assert_int_equal(virtq_write(&m, &c, 1, "abcdefgh", 8), 6); /* 7 writable bytes from offset 1 */
	assert_memory_equal(ram + BUF + 201, "ab", 2);
	assert_memory_equal(ram + BUF + 300, "cdef", 4);
}

static void no_interrupt_flag(void **state)
{
	(void)state;
	assert_false(virtq_no_interrupt(&q, &m));
	ram[AVAIL] = 1;
	assert_true(virtq_no_interrupt(&q, &m));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(valid_chain, setup, teardown),
		cmocka_unit_test_setup_teardown(push_used, setup, teardown),
		cmocka_unit_test_setup_teardown(rings_checked, setup, teardown),
		cmocka_unit_test_setup_teardown(avail_far_ahead, setup, teardown),
		cmocka_unit_test_setup_teardown(head_out_of_table, setup, teardown),
		cmocka_unit_test_setup_teardown(next_out_of_table, setup, teardown),
		cmocka_unit_test_setup_teardown(chain_loop, setup, teardown),
		cmocka_unit_test_setup_teardown(buffer_outside_ram, setup, teardown),
		cmocka_unit_test_setup_teardown(readable_after_writable, setup, teardown),
		cmocka_unit_test_setup_teardown(indirect_valid, setup, teardown),
		cmocka_unit_test_setup_teardown(indirect_bad, setup, teardown),
		cmocka_unit_test_setup_teardown(copy_across_segments, setup, teardown),
		cmocka_unit_test_setup_teardown(no_interrupt_flag, setup, teardown),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}

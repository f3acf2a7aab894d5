/* SPDX-License-Identifier: BSD-3-Clause */
/* The range table: registration rules, dispatch by space and address, unclaimed and malformed requests. */
#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>
#include <cmocka.h>

#include "capture.h"
#include "io_bus.h"

static struct io_bus bus;

struct probe {
	unsigned reads, writes;
	uint64_t offset, value;
	unsigned size;
	uint64_t answer;
};

static uint64_t p_read(void *ctx, uint64_t offset, unsigned size)
{
	struct probe *p = ctx;
	p->reads++;
	p->offset = offset;
	p->size = size;
	return p->answer;
}

static void p_write(void *ctx, uint64_t offset, unsigned size, uint64_t value)
{
	struct probe *p = ctx;
	p->writes++;
	p->offset = offset;
	p->size = size;
	p->value = value;
}

static const struct io_ops probe_ops = { p_read, p_write };
static struct probe a, b, m;

static int setup(void **state)
{
	(void)state;
	io_bus_init(&bus, "vm1");
	memset(&a, 0, sizeof(a));
	memset(&b, 0, sizeof(b));
	memset(&m, 0, sizeof(m));
	log_capture_start();
	return 0;
}

static int teardown(void **state)
{
	(void)state;
	log_capture_stop();
	return 0;
}

static struct hvkit_ioreq rq(uint32_t type, uint32_t dir, uint64_t addr, uint32_t size, uint64_t value)
{
	return (struct hvkit_ioreq){ .state = HVKIT_IOREQ_PROCESSING, .type = type, .direction = dir,
				     .size = size, .address = addr, .value = value };
}

static void registration_rules(void **state)
{
	(void)state;
	assert_int_equal(io_bus_register(&bus, HVKIT_IOREQ_PIO, 0x3f8, 8, "a", &probe_ops, &a), 0);
	assert_int_equal(io_bus_register(&bus, HVKIT_IOREQ_PIO, 0x3ff, 1, "x", &probe_ops, &b), -EEXIST);
	assert_int_equal(io_bus_register(&bus, HVKIT_IOREQ_PIO, 0x3f0, 9, "x", &probe_ops, &b), -EEXIST);
	assert_int_equal(io_bus_register(&bus, HVKIT_IOREQ_PIO, 0x3f0, 0x20, "x", &probe_ops, &b), -EEXIST);
	assert_int_equal(io_bus_register(&bus, HVKIT_IOREQ_PIO, 0x3f0, 8, "b", &probe_ops, &b), 0);
	assert_int_equal(io_bus_register(&bus, HVKIT_IOREQ_PIO, 0x400, 0, "x", &probe_ops, &b), -EINVAL);
	assert_int_equal(io_bus_register(&bus, HVKIT_IOREQ_PIO, 0xfffc, 8, "x", &probe_ops, &b), -EINVAL);
	assert_int_equal(io_bus_register(&bus, HVKIT_IOREQ_PIO, 0xfffc, 4, "top", &probe_ops, &b), 0);
	assert_int_equal(io_bus_register(&bus, 2, 0, 1, "x", &probe_ops, &b), -EINVAL);
	/* the same addresses in the other space do not overlap */
	assert_int_equal(io_bus_register(&bus, HVKIT_IOREQ_MMIO, 0x3f8, 8, "m", &probe_ops, &m), 0);
	assert_int_equal(io_bus_register(&bus, HVKIT_IOREQ_MMIO, ~0ull - 0xfff, 0x1000, "end", &probe_ops, &m), 0);
	assert_int_equal(io_bus_register(&bus, HVKIT_IOREQ_MMIO, ~0ull - 0xfff, 0x1001, "x", &probe_ops, &m), -EINVAL);
	assert_int_equal(io_bus_register(&bus, HVKIT_IOREQ_MMIO, 0xfee00000, ~0ull, "x", &probe_ops, &m), -EINVAL);
	while (bus.count < IO_BUS_RANGES)
		assert_int_equal(io_bus_register(&bus, HVKIT_IOREQ_MMIO, 0x100000ull * bus.count, 16, "f", &probe_ops, &m), 0);
	assert_int_equal(io_bus_register(&bus, HVKIT_IOREQ_MMIO, 0xc0000000, 16, "x", &probe_ops, &m), -ENOSPC);
}

static void find_by_space_and_address(void **state)
{
	(void)state;
	io_bus_register(&bus, HVKIT_IOREQ_PIO, 0x3f8, 8, "a", &probe_ops, &a);
	io_bus_register(&bus, HVKIT_IOREQ_MMIO, 0xfed00000, 0x1000, "m", &probe_ops, &m);
	assert_null(io_bus_find(&bus, HVKIT_IOREQ_PIO, 0x3f7));
	assert_string_equal(io_bus_find(&bus, HVKIT_IOREQ_PIO, 0x3f8)->name, "a");
	assert_string_equal(io_bus_find(&bus, HVKIT_IOREQ_PIO, 0x3ff)->name, "a");
	assert_null(io_bus_find(&bus, HVKIT_IOREQ_PIO, 0x400));
	assert_null(io_bus_find(&bus, HVKIT_IOREQ_MMIO, 0x3f8));
	assert_string_equal(io_bus_find(&bus, HVKIT_IOREQ_MMIO, 0xfed00fff)->name, "m");
	assert_null(io_bus_find(&bus, HVKIT_IOREQ_MMIO, 0xfed01000));
}

static void dispatch_to_device_with_offset(void **state)
{
	(void)state;
	io_bus_register(&bus, HVKIT_IOREQ_PIO, 0x3f8, 8, "a", &probe_ops, &a);
	io_bus_register(&bus, HVKIT_IOREQ_MMIO, 0xfed00000, 0x1000, "m", &probe_ops, &m);
	a.answer = 0x1234567890;
	struct hvkit_ioreq q = rq(HVKIT_IOREQ_PIO, HVKIT_IOREQ_READ, 0x3fd, 2, 0);
	io_bus_dispatch(&bus, &q);
	assert_int_equal(a.reads, 1);
	assert_int_equal(a.offset, 5);
	assert_int_equal(a.size, 2);
	assert_int_equal(q.value, 0x7890); /* masked to the access size */
	q = rq(HVKIT_IOREQ_PIO, HVKIT_IOREQ_WRITE, 0x3f8, 1, 0xabcd);
	io_bus_dispatch(&bus, &q);
	assert_int_equal(a.writes, 1);
	assert_int_equal(a.value, 0xcd);
	assert_int_equal(q.value, 0xabcd); /* a write's value is left alone */
	m.answer = 0x1122334455667788ull;
	q = rq(HVKIT_IOREQ_MMIO, HVKIT_IOREQ_READ, 0xfed00ff8, 8, 0);
	io_bus_dispatch(&bus, &q);
	assert_int_equal(m.offset, 0xff8);
	assert_int_equal(q.value, 0x1122334455667788ull);
	assert_int_equal(bus.unclaimed[0].reads + bus.unclaimed[1].reads, 0);
	assert_string_equal(log_captured(), "");
}

static void unclaimed_reads_all_ones_writes_dropped(void **state)
{
	(void)state;
	static const uint32_t sizes[] = { 1, 2, 4 };
	static const uint64_t ones[] = { 0xff, 0xffff, 0xffffffff };
	for (unsigned i = 0; i < 3; i++) {
		struct hvkit_ioreq q = rq(HVKIT_IOREQ_PIO, HVKIT_IOREQ_READ, 0x250, sizes[i], 0x42);
		io_bus_dispatch(&bus, &q);
		assert_int_equal(q.value, ones[i]);
	}
	struct hvkit_ioreq q = rq(HVKIT_IOREQ_MMIO, HVKIT_IOREQ_READ, 0xc0000000, 8, 0);
	io_bus_dispatch(&bus, &q);
	assert_int_equal(q.value, ~0ull);
	q = rq(HVKIT_IOREQ_MMIO, HVKIT_IOREQ_WRITE, 0xc0000000, 4, 7);
	io_bus_dispatch(&bus, &q);
	assert_int_equal(q.value, 7);
	assert_int_equal(bus.unclaimed[HVKIT_IOREQ_PIO].reads, 3);
	assert_int_equal(bus.unclaimed[HVKIT_IOREQ_PIO].writes, 0);
	assert_int_equal(bus.unclaimed[HVKIT_IOREQ_MMIO].reads, 1);
	assert_int_equal(bus.unclaimed[HVKIT_IOREQ_MMIO].writes, 1);
	const char *log = log_captured();
	assert_non_null(strstr(log, "hvkit-dm: vm1: unclaimed port read at 0x250 (2 bytes): all ones\n"));
	assert_non_null(strstr(log, "hvkit-dm: vm1: unclaimed MMIO write at 0xc0000000 (4 bytes, 0x7): dropped\n"));
}

static void only_the_first_few_are_logged(void **state)
{
	(void)state;
	for (unsigned i = 0; i < 100; i++) {
		struct hvkit_ioreq q = rq(HVKIT_IOREQ_PIO, HVKIT_IOREQ_WRITE, 0x80, 1, i);
		io_bus_dispatch(&bus, &q);
		q = rq(HVKIT_IOREQ_PIO, HVKIT_IOREQ_READ, 0x61, 1, 0);
		io_bus_dispatch(&bus, &q);
	}
	const char *log = log_captured();
	assert_int_equal(count_of(log, "unclaimed port write at 0x80"), IO_BUS_LOG_FIRST);
	assert_int_equal(count_of(log, "unclaimed port read at 0x61"), IO_BUS_LOG_FIRST);
	assert_int_equal(count_of(log, "(no more such lines)"), 2);
	assert_int_equal(bus.unclaimed[HVKIT_IOREQ_PIO].writes, 100);
	io_bus_report(&bus);
	assert_non_null(strstr(log_captured(), "hvkit-dm: vm1: unclaimed accesses: 100 port reads, 100 port writes, "
					       "0 MMIO reads, 0 MMIO writes; 0 malformed requests\n"));
}

static void nothing_to_report(void **state)
{
	(void)state;
	io_bus_report(&bus);
	assert_string_equal(log_captured(), "");
}

static void malformed_requests(void **state)
{
	(void)state;
	io_bus_register(&bus, HVKIT_IOREQ_PIO, 0x3f8, 8, "a", &probe_ops, &a);
	struct hvkit_ioreq bad[] = {
		rq(HVKIT_IOREQ_PIO, HVKIT_IOREQ_READ, 0x3f8, 3, 0),      /* size 3 */
		rq(HVKIT_IOREQ_PIO, HVKIT_IOREQ_READ, 0x3f8, 8, 0),      /* 8-byte port access */
		rq(HVKIT_IOREQ_PIO, HVKIT_IOREQ_READ, 0x3f8, 0, 0),
		rq(HVKIT_IOREQ_PIO, 2, 0x3f8, 1, 0),                     /* direction */
		rq(7, HVKIT_IOREQ_READ, 0x3f8, 1, 0),                    /* type */
		rq(HVKIT_IOREQ_PIO, HVKIT_IOREQ_READ, 0x103f8, 1, 0),    /* port beyond 0xffff */
		rq(HVKIT_IOREQ_PIO, HVKIT_IOREQ_WRITE, 0x3f8, 16, 0x41), /* a write: dropped */
	};
	for (unsigned i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		io_bus_dispatch(&bus, &bad[i]);
		if (bad[i].direction == HVKIT_IOREQ_READ)
			assert_int_equal(bad[i].value, ~0ull);
	}
	assert_int_equal(a.reads + a.writes, 0); /* the device never saw them */
	assert_int_equal(bus.malformed, 7);
	assert_int_equal(bad[6].value, 0x41);
	assert_int_equal(count_of(log_captured(), "malformed request"), IO_BUS_LOG_FIRST);
}

static void device_without_handlers(void **state)
{
	(void)state;
	static const struct io_ops none = { NULL, NULL };
	io_bus_register(&bus, HVKIT_IOREQ_PIO, 0x70, 2, "rtc", &none, NULL);
	struct hvkit_ioreq q = rq(HVKIT_IOREQ_PIO, HVKIT_IOREQ_READ, 0x71, 1, 0);
	io_bus_dispatch(&bus, &q);
	assert_int_equal(q.value, 0xff);
	q = rq(HVKIT_IOREQ_PIO, HVKIT_IOREQ_WRITE, 0x70, 1, 0x8f);
	io_bus_dispatch(&bus, &q);
	assert_int_equal(bus.unclaimed[HVKIT_IOREQ_PIO].reads + bus.unclaimed[HVKIT_IOREQ_PIO].writes, 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(registration_rules, setup, teardown),
		cmocka_unit_test_setup_teardown(find_by_space_and_address, setup, teardown),
		cmocka_unit_test_setup_teardown(dispatch_to_device_with_offset, setup, teardown),
		cmocka_unit_test_setup_teardown(unclaimed_reads_all_ones_writes_dropped, setup, teardown),
		cmocka_unit_test_setup_teardown(only_the_first_few_are_logged, setup, teardown),
		cmocka_unit_test_setup_teardown(nothing_to_report, setup, teardown),
		cmocka_unit_test_setup_teardown(malformed_requests, setup, teardown),
		cmocka_unit_test_setup_teardown(device_without_handlers, setup, teardown),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}

/* SPDX-License-Identifier: BSD-3-Clause */
/* The port-I/O table: registration, whole and split accesses, the unclaimed default and its log-once bitmap. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>
#include <cmocka.h>

#include <hvkit/errno.h>
#include <vdev/vdev.h>

#include "host_platform.h"

/* A recording device: reads give port-derived bytes, writes are logged. */
struct rec {
	unsigned reads, writes;
	uint16_t last_port;
	unsigned last_size;
	uint32_t last_val;
	int fail;
};

static int rec_read(void *dev, uint16_t port, unsigned size, uint32_t *val)
{
	struct rec *r = dev;
	r->reads++;
	r->last_port = port;
	r->last_size = size;
	uint32_t v = 0;
	for (unsigned i = 0; i < size; i++)
		v |= (uint32_t)(uint8_t)(port + i + 0x40) << (8 * i);
	*val = v | 0xdead0000u; /* junk above size: the dispatcher must mask it */
	return r->fail;
}

static int rec_write(void *dev, uint16_t port, unsigned size, uint32_t val)
{
	struct rec *r = dev;
	r->writes++;
	r->last_port = port;
	r->last_size = size;
	r->last_val = val;
	return r->fail;
}

static struct vdev_table t;
static struct rec a, b;

static int setup(void **state)
{
	(void)state;
	host_platform_reset();
	vdev_table_init(&t, "vm0");
	memset(&a, 0, sizeof(a));
	memset(&b, 0, sizeof(b));
	return 0;
}

static struct vdev_io_range range(uint16_t base, uint16_t len, bool bytes, struct rec *r)
{
	return (struct vdev_io_range){ .base = base, .len = len, .byte_access = bytes, .name = "rec", .dev = r,
				       .read = rec_read, .write = rec_write };
}

static void register_refuses_overlap_with_any_registered_range(void **state)
{
	(void)state;
	struct vdev_io_range r = range(0x100, 8, false, &a);
	assert_int_equal(vdev_register(&t, &r), 0);
	r = range(0x107, 1, false, &b);
	assert_int_equal(vdev_register(&t, &r), -HV_EBUSY);
	r = range(0xf8, 9, false, &b);
	assert_int_equal(vdev_register(&t, &r), -HV_EBUSY);
	r = range(0xf0, 0x20, false, &b); /* covers it entirely */
	assert_int_equal(vdev_register(&t, &r), -HV_EBUSY);
	assert_int_equal(t.count, 1);
	r = range(0x108, 1, false, &b); /* adjacent is fine */
	assert_int_equal(vdev_register(&t, &r), 0);
	r = range(0xf8, 8, false, &b);
	assert_int_equal(vdev_register(&t, &r), 0);
	assert_int_equal(t.count, 3);
}

static void register_refuses_empty_and_past_0xffff_ranges(void **state)
{
	(void)state;
	struct vdev_io_range r = range(0x100, 0, false, &a);
	assert_int_equal(vdev_register(&t, &r), -HV_EINVAL);
	r = range(0xfffe, 3, false, &a);
	assert_int_equal(vdev_register(&t, &r), -HV_EINVAL);
	r = range(0xfffe, 2, false, &a);
	assert_int_equal(vdev_register(&t, &r), 0);
	assert_int_equal(t.count, 1);
}

static void register_refuses_when_table_is_full(void **state)
{
	(void)state;
	for (uint16_t i = 0; i < VDEV_MAX_RANGES; i++) {
		struct vdev_io_range r = range((uint16_t)(0x1000 + 4 * i), 4, false, &a);
		assert_int_equal(vdev_register(&t, &r), 0);
	}
	struct vdev_io_range r = range(0x2000, 1, false, &a);
	assert_int_equal(vdev_register(&t, &r), -HV_ENOMEM);
	assert_int_equal(t.count, VDEV_MAX_RANGES);
}

static void access_inside_one_range_reaches_device_whole(void **state)
{
	(void)state;
	struct vdev_io_range r = range(0x100, 8, false, &a);
	vdev_register(&t, &r);
	uint32_t v = 0;
	assert_int_equal(vdev_io(&t, 0x102, 2, false, &v), VDEV_HANDLED);
	assert_int_equal(v, 0x4342); /* masked to 16 bits */
	assert_int_equal(a.reads, 1);
	assert_int_equal(a.last_size, 2);
	v = 0xcafebabe;
	assert_int_equal(vdev_io(&t, 0x104, 4, true, &v), VDEV_HANDLED);
	assert_int_equal(a.last_port, 0x104);
	assert_int_equal(a.last_val, 0xcafebabe);
	v = 0xcafebabe;
	assert_int_equal(vdev_io(&t, 0x100, 1, true, &v), VDEV_HANDLED);
	assert_int_equal(a.last_val, 0xbe); /* a byte write carries one byte */
}

static void wide_access_to_byte_device_is_split_into_bytes(void **state)
{
	(void)state;
	struct vdev_io_range r = range(0x100, 8, true, &a);
	vdev_register(&t, &r);
	uint32_t v = 0;
	assert_int_equal(vdev_io(&t, 0x100, 4, false, &v), VDEV_HANDLED);
	assert_int_equal(v, 0x43424140);
	assert_int_equal(a.reads, 4);
	assert_int_equal(a.last_size, 1);
	v = 0x11223344;
	assert_int_equal(vdev_io(&t, 0x104, 2, true, &v), VDEV_HANDLED);
	assert_int_equal(a.writes, 2);
	assert_int_equal(a.last_port, 0x105);
	assert_int_equal(a.last_val, 0x33);
}

static void access_spanning_two_devices_goes_byte_by_byte(void **state)
{
	(void)state;
	struct vdev_io_range r = range(0x100, 2, false, &a);
	vdev_register(&t, &r);
	r = range(0x102, 2, false, &b);
	vdev_register(&t, &r);
	uint32_t v = 0;
	assert_int_equal(vdev_io(&t, 0x101, 2, false, &v), VDEV_HANDLED);
	assert_int_equal(v, 0x4241);
	assert_int_equal(a.reads, 1);
	assert_int_equal(b.reads, 1);
	v = 0xa1b2c3d4;
	assert_int_equal(vdev_io(&t, 0x100, 4, true, &v), VDEV_HANDLED);
	assert_int_equal(a.writes, 2);
	assert_int_equal(b.writes, 2);
	assert_int_equal(a.last_val, 0xc3);
	assert_int_equal(b.last_val, 0xa1);
}

static void partly_claimed_access_reads_ones_for_unclaimed_bytes(void **state)
{
	(void)state;
	struct vdev_io_range r = range(0x101, 1, false, &a);
	vdev_register(&t, &r);
	uint32_t v = 0;
	assert_int_equal(vdev_io(&t, 0x100, 4, false, &v), VDEV_HANDLED);
	assert_int_equal(v, 0xffff41ffu);
	assert_int_equal(host_platform_log_count[PLAT_LOG_WARN], 3); /* ports 0x100, 0x102, 0x103 */
	v = 0x12345678;
	assert_int_equal(vdev_io(&t, 0x100, 2, true, &v), VDEV_HANDLED);
	assert_int_equal(a.writes, 1);
	assert_int_equal(a.last_val, 0x56);
}

static void unclaimed_access_is_left_to_the_core(void **state)
{
	(void)state;
	struct vdev_io_range r = range(0x100, 1, false, &a);
	vdev_register(&t, &r);
	uint32_t v = 0x1234;
	assert_int_equal(vdev_io(&t, 0x101, 4, false, &v), VDEV_UNCLAIMED);
	assert_int_equal(v, 0x1234);
	assert_int_equal(vdev_io(&t, 0xfc, 4, true, &v), VDEV_UNCLAIMED); /* 0xfc..0xff */
	assert_int_equal(a.reads + a.writes, 0);
	assert_int_equal(host_platform_log_count[PLAT_LOG_WARN], 0); /* the core's default logs, not dispatch */
}

static void access_past_port_0xffff_reads_ones_there(void **state)
{
	(void)state;
	struct vdev_io_range r = range(0xffff, 1, false, &a);
	vdev_register(&t, &r);
	uint32_t v = 0;
	assert_int_equal(vdev_io(&t, 0xffff, 2, false, &v), VDEV_HANDLED);
	assert_int_equal(v, 0xff3f); /* 0xffff + 0x40 truncated to a byte; the next byte is past the space */
}

static void bad_access_size_is_refused(void **state)
{
	(void)state;
	struct vdev_io_range r = range(0x100, 8, false, &a);
	vdev_register(&t, &r);
	uint32_t v = 0;
	assert_int_equal(vdev_io(&t, 0x100, 3, false, &v), -HV_EINVAL);
	assert_int_equal(vdev_io(&t, 0x100, 0, true, &v), -HV_EINVAL);
	assert_int_equal(a.reads + a.writes, 0);
}

static void handler_error_is_returned(void **state)
{
	(void)state;
	struct vdev_io_range r = range(0x100, 8, true, &a);
	vdev_register(&t, &r);
	a.fail = -HV_EIO;
	uint32_t v = 0;
	assert_int_equal(vdev_io(&t, 0x100, 1, false, &v), -HV_EIO);
	assert_int_equal(vdev_io(&t, 0x100, 2, true, &v), -HV_EIO);
}

static void missing_handlers_read_ones_and_ignore_writes(void **state)
{
	(void)state;
	struct vdev_io_range r = { .base = 0x80, .len = 1, .name = "sink" };
	vdev_register(&t, &r);
	uint32_t v = 0;
	assert_int_equal(vdev_io(&t, 0x80, 1, false, &v), VDEV_HANDLED);
	assert_int_equal(v, 0xff);
	assert_int_equal(vdev_io(&t, 0x80, 1, true, &v), VDEV_HANDLED);
}

static void unclaimed_default_reads_all_ones_and_logs_once_per_port(void **state)
{
	(void)state;
	uint32_t v = 0;
	vdev_unclaimed(&t, 0x60, 1, false, &v);
	assert_int_equal(v, 0xff);
	vdev_unclaimed(&t, 0x60, 2, false, &v);
	assert_int_equal(v, 0xffff);
	vdev_unclaimed(&t, 0x60, 4, false, &v);
	assert_int_equal(v, 0xffffffffu);
	assert_int_equal(host_platform_log_count[PLAT_LOG_WARN], 1);
	assert_non_null(strstr(host_platform_last_log, "vm0"));
	assert_non_null(strstr(host_platform_last_log, "0x60"));
	v = 0x5a;
	vdev_unclaimed(&t, 0x61, 1, true, &v);
	assert_int_equal(v, 0x5a); /* a write leaves the value alone */
	assert_int_equal(host_platform_log_count[PLAT_LOG_WARN], 2);
	vdev_unclaimed(&t, 0x61, 1, false, &v);
	assert_int_equal(host_platform_log_count[PLAT_LOG_WARN], 2);
}

static void a_port_sweep_logs_a_bounded_number_of_lines(void **state)
{
	(void)state;
	uint32_t v = 0;
	for (uint32_t port = 0; port <= 0xffff; port++)
		vdev_unclaimed(&t, (uint16_t)port, 1, false, &v);
	assert_int_equal(host_platform_log_count[PLAT_LOG_WARN], VDEV_UNCLAIMED_LOG_MAX + 1);
	assert_non_null(strstr(host_platform_last_log, "no longer logged"));
}

/* Each table logs its own ports once. */
static void log_once_bitmap_is_per_table(void **state)
{
	(void)state;
	struct vdev_table other;
	uint32_t v = 0;
	vdev_table_init(&other, "vm1");
	unsigned int before = host_platform_log_count[PLAT_LOG_WARN];
	vdev_unclaimed(&t, 0xffff, 1, false, &v);
	vdev_unclaimed(&t, 0xffff, 1, false, &v);
	assert_int_equal(host_platform_log_count[PLAT_LOG_WARN], before + 1);
	vdev_unclaimed(&t, 0xfffe, 1, false, &v);
	vdev_unclaimed(&other, 0xffff, 1, false, &v);
	vdev_unclaimed(&t, 0, 1, false, &v);
	vdev_unclaimed(&t, 0, 1, false, &v);
	assert_int_equal(host_platform_log_count[PLAT_LOG_WARN], before + 4);
}

#define T(fn) cmocka_unit_test_setup(fn, setup)

int main(void)
{
	const struct CMUnitTest tests[] = {
		T(register_refuses_overlap_with_any_registered_range),
		T(register_refuses_empty_and_past_0xffff_ranges),
		T(register_refuses_when_table_is_full),
		T(access_inside_one_range_reaches_device_whole),
		T(wide_access_to_byte_device_is_split_into_bytes),
		T(access_spanning_two_devices_goes_byte_by_byte),
		T(partly_claimed_access_reads_ones_for_unclaimed_bytes),
		T(unclaimed_access_is_left_to_the_core),
		T(access_past_port_0xffff_reads_ones_there),
		T(bad_access_size_is_refused),
		T(handler_error_is_returned),
		T(missing_handlers_read_ones_and_ignore_writes),
		T(unclaimed_default_reads_all_ones_and_logs_once_per_port),
		T(a_port_sweep_logs_a_bounded_number_of_lines),
		T(log_once_bitmap_is_per_table),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}

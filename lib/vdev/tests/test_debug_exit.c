/* SPDX-License-Identifier: BSD-3-Clause */
/* The debug-exit device: any write ends the VM with the value written. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <hvkit/errno.h>
#include <vdev/debug_exit.h>

static unsigned exits;
static uint32_t status;
static void *seen_ctx;

static void on_exit_cb(void *ctx, uint32_t st)
{
	exits++;
	status = st;
	seen_ctx = ctx;
}

static struct vdev_table t;
static struct vdebug_exit d;
static int marker;

static int setup(void **state)
{
	(void)state;
	exits = 0;
	status = 0xdead;
	seen_ctx = NULL;
	vdev_table_init(&t, "vm0");
	d = (struct vdebug_exit){ .ctx = &marker, .exit = on_exit_cb };
	return vdebug_exit_register(&d, &t, 0xf4);
}

static void write_of_any_size_exits_with_its_value(void **state)
{
	(void)state;
	uint32_t v = 0x12345678;
	assert_int_equal(vdev_io(&t, 0xf4, 4, true, &v), VDEV_HANDLED);
	assert_int_equal(exits, 1);
	assert_int_equal(status, 0x12345678);
	assert_ptr_equal(seen_ctx, &marker);
	v = 0xabcd;
	assert_int_equal(vdev_io(&t, 0xf4, 2, true, &v), VDEV_HANDLED);
	assert_int_equal(status, 0xabcd);
	v = 0x301;
	assert_int_equal(vdev_io(&t, 0xf4, 1, true, &v), VDEV_HANDLED);
	assert_int_equal(status, 0x01); /* a byte write carries one byte */
	assert_int_equal(exits, 3);
}

static void reads_do_not_exit(void **state)
{
	(void)state;
	uint32_t v = 0xffffffff;
	assert_int_equal(vdev_io(&t, 0xf4, 4, false, &v), VDEV_HANDLED);
	assert_int_equal(v, 0);
	assert_int_equal(exits, 0);
}

static void neighbouring_ports_are_not_claimed(void **state)
{
	(void)state;
	uint32_t v = 1;
	assert_int_equal(vdev_io(&t, 0xf3, 1, true, &v), VDEV_UNCLAIMED);
	assert_int_equal(vdev_io(&t, 0xf8, 1, true, &v), VDEV_UNCLAIMED);
	assert_int_equal(exits, 0);
}

static void overlapping_registration_is_refused(void **state)
{
	(void)state;
	struct vdebug_exit d2 = { .exit = on_exit_cb };
	assert_int_equal(vdebug_exit_register(&d2, &t, 0xf6), -HV_EBUSY);
	assert_int_equal(vdebug_exit_register(&d2, &t, 0xf8), 0);
}

static void missing_callback_is_allowed(void **state)
{
	(void)state;
	struct vdebug_exit quiet = { 0 };
	assert_int_equal(vdebug_exit_write(&quiet, 0xf4, 4, 7), 0);
}

#define T(fn) cmocka_unit_test_setup(fn, setup)

int main(void)
{
	const struct CMUnitTest tests[] = {
		T(write_of_any_size_exits_with_its_value),
		T(reads_do_not_exit),
		T(neighbouring_ports_are_not_claimed),
		T(overlapping_registration_is_refused),
		T(missing_callback_is_allowed),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}

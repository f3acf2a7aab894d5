/* SPDX-License-Identifier: BSD-3-Clause */
/* The read-only CMOS RTC of the small images (src/rtc_readonly.c): the time reads as the full RTC's, writes to
 * the data port change nothing. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <vdev/rtc.h>

#define HZ 1000u
static uint64_t fake_tsc;
static uint64_t now(void *ctx) { (void)ctx; return fake_tsc; }

static uint8_t rd(struct vdev_table *t, uint8_t reg)
{
	uint32_t v = reg;
	assert_int_equal(vdev_io(t, 0x70, 1, true, &v), VDEV_HANDLED);
	assert_int_equal(vdev_io(t, 0x71, 1, false, &v), VDEV_HANDLED);
	return (uint8_t)v;
}

static void wr(struct vdev_table *t, uint8_t reg, uint8_t val)
{
	uint32_t v = reg;
	assert_int_equal(vdev_io(t, 0x70, 1, true, &v), VDEV_HANDLED);
	v = val;
	assert_int_equal(vdev_io(t, 0x71, 1, true, &v), VDEV_HANDLED);
}

static void setup_rtc(struct vrtc *d, struct vdev_table *t, uint64_t epoch)
{
	vdev_table_init(t, "vm0");
	*d = (struct vrtc){ .tsc_hz = HZ, .now = now, .ctx = NULL };
	fake_tsc = 5000;
	assert_int_equal(vrtc_register(d, t, epoch), 0);
}

static void reads_the_time_in_bcd_never_updating(void **state)
{
	(void)state;
	struct vrtc d;
	struct vdev_table t;
	setup_rtc(&d, &t, 1767225599); /* 2025-12-31 23:59:59, a Wednesday */
	assert_int_equal(rd(&t, 0x0a), 0x26);      /* UIP clear: never an update in progress */
	assert_int_equal(rd(&t, 0x0b), 0x02);      /* 24-hour, BCD */
	assert_int_equal(rd(&t, 0x0c), 0);         /* no interrupt flags */
	assert_int_equal(rd(&t, 0x0d), 0x80);      /* valid RAM and time */
	assert_int_equal(rd(&t, 0x00), 0x59);
	assert_int_equal(rd(&t, 0x02), 0x59);
	assert_int_equal(rd(&t, 0x04), 0x23);
	assert_int_equal(rd(&t, 0x06), 0x04);      /* Wednesday: 1 = Sunday */
	assert_int_equal(rd(&t, 0x07), 0x31);
	assert_int_equal(rd(&t, 0x08), 0x12);
	assert_int_equal(rd(&t, 0x09), 0x25);
	assert_int_equal(rd(&t, 0x32), 0x20);
	assert_int_equal(rd(&t, 0x01), 0);         /* alarm bytes */
	assert_int_equal(rd(&t, 0x05), 0);
	fake_tsc += 3 * HZ + HZ / 2;               /* 3.5 s later: 2026-01-01 00:00:02 */
	assert_int_equal(rd(&t, 0x00), 0x02);
	assert_int_equal(rd(&t, 0x04), 0x00);
	assert_int_equal(rd(&t, 0x07), 0x01);
	assert_int_equal(rd(&t, 0x08), 0x01);
	assert_int_equal(rd(&t, 0x09), 0x26);
}

static void writes_change_nothing(void **state)
{
	(void)state;
	struct vrtc d;
	struct vdev_table t;
	setup_rtc(&d, &t, 1764723723); /* 2025-12-03 01:02:03 */
	/* what Linux's mc146818_set_time would write: SET, the fields, SET cleared */
	wr(&t, 0x0b, 0x86);
	wr(&t, 0x00, 0x15);
	wr(&t, 0x04, 0x13);
	wr(&t, 0x0b, 0x06);
	assert_int_equal(rd(&t, 0x0b), 0x02);
	assert_int_equal(rd(&t, 0x00), 0x03);
	assert_int_equal(rd(&t, 0x04), 0x01);
	wr(&t, 0x0a, 0xa0);
	assert_int_equal(rd(&t, 0x0a), 0x26);
	wr(&t, 0x0e, 0xab);            /* CMOS RAM: reads 0 */
	assert_int_equal(rd(&t, 0x0e), 0);
	assert_int_equal(rd(&t, 0x7f), 0);
}

static void index_port(void **state)
{
	(void)state;
	struct vrtc d;
	struct vdev_table t;
	setup_rtc(&d, &t, 1764723723);
	uint32_t v = 0x89;             /* bit 7 (NMI mask on a PC) is not part of the index */
	assert_int_equal(vdev_io(&t, 0x70, 1, true, &v), VDEV_HANDLED);
	assert_int_equal(vdev_io(&t, 0x71, 1, false, &v), VDEV_HANDLED);
	assert_int_equal(v, 0x25);
	assert_int_equal(vdev_io(&t, 0x70, 1, false, &v), VDEV_HANDLED);
	assert_int_equal(v, 0x09);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(reads_the_time_in_bcd_never_updating),
		cmocka_unit_test(writes_change_nothing),
		cmocka_unit_test(index_port),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}

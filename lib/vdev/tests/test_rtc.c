/* SPDX-License-Identifier: BSD-3-Clause */
/* The virtual CMOS RTC: the calendar, the registers a guest reads, and setting the time. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <vdev/rtc.h>

#define HZ 1000u
static uint64_t fake_tsc;
static uint64_t now(void *ctx) { (void)ctx; return fake_tsc; }

static void date_is(uint64_t secs, unsigned int y, unsigned int mo, unsigned int d, unsigned int h, unsigned int mi,
		    unsigned int s, unsigned int wday)
{
	struct vrtc_date t;
	vrtc_date_from_seconds(secs, &t);
	assert_int_equal(t.year, y);
	assert_int_equal(t.month, mo);
	assert_int_equal(t.day, d);
	assert_int_equal(t.hour, h);
	assert_int_equal(t.min, mi);
	assert_int_equal(t.sec, s);
	assert_int_equal(t.wday, wday);
	assert_int_equal(vrtc_seconds_from_date(&t), secs);
}

static void calendar_round_trips(void **state)
{
	(void)state;
	date_is(0, 1970, 1, 1, 0, 0, 0, 4);
	date_is(951782400, 2000, 2, 29, 0, 0, 0, 2);      /* 2000 is a leap year (divisible by 400) */
	date_is(1709164800, 2024, 2, 29, 0, 0, 0, 4);
	date_is(4107542400ull, 2100, 3, 1, 0, 0, 0, 1);   /* 2100 is not */
	date_is(1767225599, 2025, 12, 31, 23, 59, 59, 3);
	date_is(1764723723, 2025, 12, 3, 1, 2, 3, 3);
	/* a day past the month's end counts on */
	struct vrtc_date feb30 = { .year = 2025, .month = 2, .day = 30 };
	date_is(vrtc_seconds_from_date(&feb30), 2025, 3, 2, 0, 0, 0, 0);
}

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
	setup_rtc(&d, &t, 1764723723); /* 2025-12-03 01:02:03, a Wednesday */
	assert_int_equal(rd(&t, 0x0a) & 0x80, 0);  /* UIP: never an update in progress */
	assert_int_equal(rd(&t, 0x0b), 0x02);      /* 24-hour, BCD */
	assert_int_equal(rd(&t, 0x0d), 0x80);      /* valid RAM and time */
	assert_int_equal(rd(&t, 0x0c), 0);         /* no interrupt flags */
	assert_int_equal(rd(&t, 0x00), 0x03);
	assert_int_equal(rd(&t, 0x02), 0x02);
	assert_int_equal(rd(&t, 0x04), 0x01);
	assert_int_equal(rd(&t, 0x06), 0x04);      /* Wednesday: 1 = Sunday */
	assert_int_equal(rd(&t, 0x07), 0x03);
	assert_int_equal(rd(&t, 0x08), 0x12);
	assert_int_equal(rd(&t, 0x09), 0x25);
	assert_int_equal(rd(&t, 0x32), 0x20);
	fake_tsc += 58 * HZ + HZ / 2; /* 58.5 s later: 01:03:01 */
	assert_int_equal(rd(&t, 0x00), 0x01);
	assert_int_equal(rd(&t, 0x02), 0x03);
}

static void binary_and_12_hour_modes(void **state)
{
	(void)state;
	struct vrtc d;
	struct vdev_table t;
	setup_rtc(&d, &t, 1767225599); /* 2025-12-31 23:59:59 */
	wr(&t, 0x0b, 0x06);            /* binary, 24-hour */
	assert_int_equal(rd(&t, 0x04), 23);
	assert_int_equal(rd(&t, 0x00), 59);
	wr(&t, 0x0b, 0x04);            /* binary, 12-hour: 11 PM */
	assert_int_equal(rd(&t, 0x04), 0x80 | 11);
	wr(&t, 0x0b, 0x00);            /* BCD, 12-hour */
	assert_int_equal(rd(&t, 0x04), 0x80 | 0x11);
}

static void time_set_with_set_bit_takes_effect_when_it_clears(void **state)
{
	(void)state;
	struct vrtc d;
	struct vdev_table t;
	setup_rtc(&d, &t, 1764723723);
	/* as Linux's mc146818_set_time: SET, the fields, then SET cleared; the month before the day */
	wr(&t, 0x0b, 0x82);
	wr(&t, 0x08, 0x02); /* February ... */
	wr(&t, 0x07, 0x29); /* ... 29th: 2025-02-29 would not exist, but nothing counts on while SET is 1 */
	wr(&t, 0x09, 0x24);
	wr(&t, 0x04, 0x13);
	wr(&t, 0x02, 0x14);
	wr(&t, 0x00, 0x15);
	fake_tsc += 10 * HZ; /* the clock stands while SET is 1 */
	assert_int_equal(rd(&t, 0x00), 0x15);
	wr(&t, 0x0b, 0x02);
	assert_int_equal(rd(&t, 0x09), 0x24);
	assert_int_equal(rd(&t, 0x08), 0x02);
	assert_int_equal(rd(&t, 0x07), 0x29);
	assert_int_equal(rd(&t, 0x04), 0x13);
	fake_tsc += 2 * HZ; /* and runs again from there */
	assert_int_equal(rd(&t, 0x00), 0x17);
	/* without SET, a field moves the clock at once */
	wr(&t, 0x02, 0x45);
	assert_int_equal(rd(&t, 0x02), 0x45);
	assert_int_equal(rd(&t, 0x04), 0x13);
}

static void cmos_ram_and_index_port(void **state)
{
	(void)state;
	struct vrtc d;
	struct vdev_table t;
	setup_rtc(&d, &t, 0);
	wr(&t, 0x0e, 0xab);
	wr(&t, 0x7f, 0xcd);
	wr(&t, 0x01, 0x30);          /* an alarm byte: kept, never fires */
	assert_int_equal(rd(&t, 0x0e), 0xab);
	assert_int_equal(rd(&t, 0x7f), 0xcd);
	assert_int_equal(rd(&t, 0x01), 0x30);
	wr(&t, 0x0d, 0x00);          /* read-only */
	assert_int_equal(rd(&t, 0x0d), 0x80);
	uint32_t v = 0x8e;           /* bit 7 (NMI mask on a PC) is not part of the index */
	assert_int_equal(vdev_io(&t, 0x70, 1, true, &v), VDEV_HANDLED);
	assert_int_equal(vdev_io(&t, 0x71, 1, false, &v), VDEV_HANDLED);
	assert_int_equal(v, 0xab);
	assert_int_equal(vdev_io(&t, 0x70, 1, false, &v), VDEV_HANDLED);
	assert_int_equal(v, 0x0e);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(calendar_round_trips),
		cmocka_unit_test(reads_the_time_in_bcd_never_updating),
		cmocka_unit_test(binary_and_12_hour_modes),
		cmocka_unit_test(time_set_with_set_bit_takes_effect_when_it_clears),
		cmocka_unit_test(cmos_ram_and_index_port),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}

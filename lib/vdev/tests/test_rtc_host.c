/* SPDX-License-Identifier: BSD-3-Clause */
/* The small images' CMOS RTC (src/rtc_host.c): a read-only window onto the host's registers. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>
#include <cmocka.h>

#include <vdev/rtc_host.h>

/* A fake host CMOS: register i holds 0x80 | i, and each read is counted. */
static unsigned int host_reads[128];
static uint8_t host_read(void *ctx, uint8_t reg)
{
	assert_ptr_equal(ctx, host_reads);
	assert_true(reg < 128);
	host_reads[reg]++;
	return (uint8_t)(0x80u | reg);
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

static void setup_rtc(struct vrtc_host *d, struct vdev_table *t)
{
	memset(host_reads, 0, sizeof(host_reads));
	vdev_table_init(t, "vm0");
	*d = (struct vrtc_host){ .read = host_read, .ctx = host_reads, .index = 0x55 };
	assert_int_equal(vrtc_host_register(d, t), 0);
}

static void time_and_status_are_the_hosts(void **state)
{
	(void)state;
	struct vrtc_host d;
	struct vdev_table t;
	setup_rtc(&d, &t);
	for (uint8_t reg = 0; reg <= 0x0b; reg++)
		assert_int_equal(rd(&t, reg), 0x80 | reg);
	assert_int_equal(rd(&t, 0x0d), 0x8d);
	assert_int_equal(rd(&t, 0x32), 0xb2);
	assert_int_equal(host_reads[0x00], 1);  /* read at each guest read, not kept */
	assert_int_equal(rd(&t, 0x00), 0x80);
	assert_int_equal(host_reads[0x00], 2);
}

static void register_c_and_ram_are_not_read(void **state)
{
	(void)state;
	struct vrtc_host d;
	struct vdev_table t;
	setup_rtc(&d, &t);
	assert_int_equal(rd(&t, 0x0c), 0);     /* reading the host's C would clear its interrupt flags */
	assert_int_equal(rd(&t, 0x0e), 0);     /* CMOS RAM */
	assert_int_equal(rd(&t, 0x31), 0);
	assert_int_equal(rd(&t, 0x7f), 0);
	assert_int_equal(host_reads[0x0c] + host_reads[0x0e] + host_reads[0x31] + host_reads[0x7f], 0);
}

static void writes_change_nothing(void **state)
{
	(void)state;
	struct vrtc_host d;
	struct vdev_table t;
	setup_rtc(&d, &t);
	/* what Linux's mc146818_set_time would write: SET, the fields, SET cleared */
	wr(&t, 0x0b, 0x86);
	wr(&t, 0x00, 0x15);
	wr(&t, 0x0b, 0x06);
	wr(&t, 0x0e, 0xab);
	assert_int_equal(rd(&t, 0x0b), 0x8b);
	assert_int_equal(rd(&t, 0x00), 0x80);
	assert_int_equal(rd(&t, 0x0e), 0);
}

static void index_port(void **state)
{
	(void)state;
	struct vrtc_host d;
	struct vdev_table t;
	setup_rtc(&d, &t);
	uint32_t v = 0;
	assert_int_equal(vdev_io(&t, 0x70, 1, false, &v), VDEV_HANDLED);
	assert_int_equal(v, 0);                /* registering starts at register 0 */
	v = 0x89;                              /* bit 7 (NMI mask on a PC) is not part of the index */
	assert_int_equal(vdev_io(&t, 0x70, 1, true, &v), VDEV_HANDLED);
	assert_int_equal(vdev_io(&t, 0x71, 1, false, &v), VDEV_HANDLED);
	assert_int_equal(v, 0x89);
	assert_int_equal(vdev_io(&t, 0x70, 1, false, &v), VDEV_HANDLED);
	assert_int_equal(v, 0x09);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(time_and_status_are_the_hosts),
		cmocka_unit_test(register_c_and_ram_are_not_read),
		cmocka_unit_test(writes_change_nothing),
		cmocka_unit_test(index_port),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}

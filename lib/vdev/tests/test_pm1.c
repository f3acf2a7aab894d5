/* SPDX-License-Identifier: BSD-3-Clause */
/* The ACPI PM1a blocks: always in ACPI mode, enable bits kept, status write-1-to-clear, S5 = power-off. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <hvkit/errno.h>
#include <vdev/pm1.h>

static unsigned int offs, refused, refused_typ;
static void *seen_ctx;
static int marker;
static struct vdev_table t;
static struct vpm1 d;

static void power_off(void *ctx)
{
	offs++;
	seen_ctx = ctx;
}

static void sleep_refused(void *ctx, unsigned int typ)
{
	(void)ctx;
	refused++;
	refused_typ = typ;
}

static int setup(void **state)
{
	(void)state;
	offs = refused = refused_typ = 0;
	seen_ctx = NULL;
	vdev_table_init(&t, "vm0");
	d = (struct vpm1){ .ctx = &marker, .s5_type = 5, .power_off = power_off, .sleep_refused = sleep_refused };
	return vpm1_register(&d, &t, 0x600);
}

static uint32_t in(uint16_t port, unsigned int size)
{
	uint32_t v = 0xdeadbeef;
	assert_int_equal(vdev_io(&t, port, size, false, &v), VDEV_HANDLED);
	return v;
}

static void out(uint16_t port, unsigned int size, uint32_t v)
{
	assert_int_equal(vdev_io(&t, port, size, true, &v), VDEV_HANDLED);
}

static void sci_en_always_reads_set(void **state)
{
	(void)state;
	assert_int_equal(in(0x604, 2), VPM1_CNT_SCI_EN);
	out(0x604, 2, 0); /* an OS leaving ACPI mode: not possible without an SMI command port */
	assert_int_equal(in(0x604, 2) & VPM1_CNT_SCI_EN, VPM1_CNT_SCI_EN);
	assert_int_equal(in(0x600, 2), 0); /* no status */
	assert_int_equal(offs + refused, 0);
}

static void enable_bits_are_kept_status_is_write_one_to_clear(void **state)
{
	(void)state;
	out(0x602, 2, 0x0121); /* TMR_EN, GBL_EN, PWRBTN_EN */
	assert_int_equal(in(0x602, 2), 0x0121);
	assert_int_equal(in(0x600, 4), 0x01210000u); /* one dword over STS and EN */
	out(0x603, 1, 0);
	assert_int_equal(in(0x602, 2), 0x0021);
	d.sts = 0x8021;
	out(0x600, 2, 0x0001);
	assert_int_equal(in(0x600, 2), 0x8020);
	out(0x601, 1, 0x80);
	assert_int_equal(in(0x600, 2), 0x0020);
}

static void slp_en_with_the_s5_type_powers_off(void **state)
{
	(void)state;
	out(0x604, 2, (5u << VPM1_CNT_SLP_TYP_SHIFT)); /* the type alone: nothing yet */
	assert_int_equal(offs, 0);
	assert_int_equal(in(0x604, 2), (5u << VPM1_CNT_SLP_TYP_SHIFT) | VPM1_CNT_SCI_EN);
	out(0x604, 2, (5u << VPM1_CNT_SLP_TYP_SHIFT) | VPM1_CNT_SLP_EN);
	assert_int_equal(offs, 1);
	assert_ptr_equal(seen_ctx, &marker);
	assert_int_equal(in(0x604, 2) & VPM1_CNT_SLP_EN, 0); /* SLP_EN is write-only */
	/* The high byte alone, as a byte write (Linux writes the type, then type and SLP_EN). */
	out(0x605, 1, (uint8_t)(((5u << VPM1_CNT_SLP_TYP_SHIFT) | VPM1_CNT_SLP_EN) >> 8));
	assert_int_equal(offs, 2);
}

static void another_sleep_type_is_refused_and_wakes_at_once(void **state)
{
	(void)state;
	out(0x604, 2, (3u << VPM1_CNT_SLP_TYP_SHIFT) | VPM1_CNT_SLP_EN);
	assert_int_equal(offs, 0);
	assert_int_equal(refused, 1);
	assert_int_equal(refused_typ, 3);
	assert_int_equal(in(0x600, 2) & VPM1_STS_WAK, VPM1_STS_WAK);
}

static void the_ports_around_are_not_claimed(void **state)
{
	(void)state;
	uint32_t v = 0;
	assert_int_equal(vdev_io(&t, 0x5ff, 1, false, &v), VDEV_UNCLAIMED);
	assert_int_equal(vdev_io(&t, 0x606, 1, false, &v), VDEV_UNCLAIMED);
}

#define T(f) cmocka_unit_test_setup_teardown(f, setup, NULL)
int main(void)
{
	const struct CMUnitTest tests[] = {
		T(sci_en_always_reads_set),
		T(enable_bits_are_kept_status_is_write_one_to_clear),
		T(slp_en_with_the_s5_type_powers_off),
		T(another_sleep_type_is_refused_and_wakes_at_once),
		T(the_ports_around_are_not_claimed),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}

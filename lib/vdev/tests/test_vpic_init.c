/* SPDX-License-Identifier: BSD-3-Clause */
/* vPIC programming through its ports: power-up state, the ICW1-ICW4 sequence, IMR, ELCR, registration. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <hvkit/errno.h>
#include <vdev/vpic.h>

#include "host_platform.h"

static struct vdev_table t;
static struct vpic pic;

static int setup(void **state)
{
	(void)state;
	host_platform_reset();
	vdev_table_init(&t, "vm0");
	vpic_init(&pic, NULL);
	return vpic_register(&pic, &t);
}

static uint8_t in8(uint16_t port)
{
	uint32_t v = 0xdeadbeef;
	assert_int_equal(vdev_io(&t, port, 1, false, &v), VDEV_HANDLED);
	return (uint8_t)v;
}

static void out8(uint16_t port, uint8_t val)
{
	uint32_t v = val;
	assert_int_equal(vdev_io(&t, port, 1, true, &v), VDEV_HANDLED);
}

/* Linux's init_8259A: ICW1 0x11, ICW2 base, ICW3 cascade, ICW4 8086. */
static void linux_init(uint8_t master_base, uint8_t slave_base)
{
	out8(0x20, 0x11);
	out8(0x21, master_base);
	out8(0x21, 0x04);
	out8(0x21, 0x01);
	out8(0xA0, 0x11);
	out8(0xA1, slave_base);
	out8(0xA1, 0x02);
	out8(0xA1, 0x01);
}

static void power_up_state_is_all_masked_with_bios_vector_bases(void **state)
{
	(void)state;
	assert_int_equal(in8(0x21), 0xFF);
	assert_int_equal(in8(0xA1), 0xFF);
	assert_int_equal(pic.chip[0].vector_base, 0x08);
	assert_int_equal(pic.chip[1].vector_base, 0x70);
	assert_int_equal(in8(0x4D0), 0);
	assert_int_equal(in8(0x4D1), 0);
}

static void linux_probe_reads_back_the_imr_it_wrote(void **state)
{
	(void)state;
	/* probe_8259A: mask all, read back 0xff; then the IMR holds any value written. */
	out8(0xA1, 0xFF);
	out8(0x21, 0xFF);
	assert_int_equal(in8(0x21), 0xFF);
	out8(0x21, 0x5A);
	out8(0xA1, 0xA5);
	assert_int_equal(in8(0x21), 0x5A);
	assert_int_equal(in8(0xA1), 0xA5);
}

static void init_sequence_takes_icw2_to_icw4_then_port_b_is_the_imr(void **state)
{
	(void)state;
	out8(0x21, 0x3C);
	linux_init(0x30, 0x38);
	assert_int_equal(pic.chip[0].vector_base, 0x30);
	assert_int_equal(pic.chip[1].vector_base, 0x38);
	assert_int_equal(pic.chip[0].icw3, 0x04);
	assert_int_equal(pic.chip[1].icw3, 0x02);
	assert_int_equal(pic.chip[0].icw4, PIC_ICW4_8086);
	assert_int_equal(pic.chip[0].init_step, 0);
	assert_int_equal(in8(0x21), 0x00); /* ICW1 cleared the IMR */
	out8(0x21, 0xFB);
	assert_int_equal(in8(0x21), 0xFB); /* OCW1 now, not another ICW */
	assert_int_equal(pic.chip[0].vector_base, 0x30);
}

static void icw2_keeps_only_bits_7_3_of_the_vector_base(void **state)
{
	(void)state;
	linux_init(0x37, 0x7F);
	assert_int_equal(pic.chip[0].vector_base, 0x30);
	assert_int_equal(pic.chip[1].vector_base, 0x78);
}

static void single_mode_skips_icw3(void **state)
{
	(void)state;
	out8(0x20, PIC_ICW1 | PIC_ICW1_SNGL | PIC_ICW1_IC4);
	out8(0x21, 0x40);
	out8(0x21, PIC_ICW4_8086 | PIC_ICW4_AEOI); /* taken as ICW4 */
	assert_int_equal(pic.chip[0].icw4, PIC_ICW4_8086 | PIC_ICW4_AEOI);
	out8(0x21, 0x12);
	assert_int_equal(in8(0x21), 0x12);
}

static void without_ic4_the_sequence_ends_at_icw3_and_icw4_is_zero(void **state)
{
	(void)state;
	out8(0x20, PIC_ICW1);
	out8(0x21, 0x20);
	out8(0x21, 0x04);
	assert_int_equal(pic.chip[0].init_step, 0);
	assert_int_equal(pic.chip[0].icw4, 0);
	out8(0x21, 0x77);
	assert_int_equal(in8(0x21), 0x77);
}

static void icw1_resets_priority_special_mask_and_read_select(void **state)
{
	(void)state;
	linux_init(0x20, 0x28);
	out8(0x20, PIC_OCW2_SET_PRIORITY | 3);
	out8(0x20, PIC_OCW3 | PIC_OCW3_ESMM | PIC_OCW3_SMM | PIC_OCW3_RR | PIC_OCW3_RIS);
	assert_true(pic.chip[0].special_mask);
	assert_true(pic.chip[0].read_isr);
	out8(0x20, 0x11);
	assert_int_equal(pic.chip[0].lowest, 7);
	assert_false(pic.chip[0].special_mask);
	assert_false(pic.chip[0].read_isr);
	assert_int_equal(pic.chip[0].init_step, 2);
}

static void elcr_keeps_only_the_lines_that_may_be_level(void **state)
{
	(void)state;
	out8(0x4D0, 0xFF);
	out8(0x4D1, 0xFF);
	assert_int_equal(in8(0x4D0), 0xF8); /* IRQ 0, 1, 2 stay edge */
	assert_int_equal(in8(0x4D1), 0xDE); /* IRQ 8 and 13 stay edge */
	uint32_t v = 0;
	assert_int_equal(vdev_io(&t, 0x4D0, 2, false, &v), VDEV_HANDLED); /* wide access: byte by byte */
	assert_int_equal(v, 0xDEF8);
}

static void wide_access_reaches_command_and_mask_ports_byte_by_byte(void **state)
{
	(void)state;
	uint32_t v = 0;
	out8(0x21, 0x12);
	assert_int_equal(vdev_io(&t, 0x20, 2, false, &v), VDEV_HANDLED);
	assert_int_equal(v >> 8, 0x12);
}

static void handlers_refuse_other_sizes_and_foreign_ports(void **state)
{
	(void)state;
	uint32_t v = 0x55;
	assert_int_equal(vpic_read(&pic, 0x21, 2, &v), -HV_EINVAL);
	assert_int_equal(vpic_write(&pic, 0x21, 4, 0), -HV_EINVAL);
	assert_int_equal(vpic_read(&pic, 0x22, 1, &v), -HV_ENOENT);
	assert_int_equal(vpic_write(&pic, 0x4D2, 1, 0), -HV_ENOENT);
	assert_int_equal(v, 0x55);
	assert_int_equal(in8(0x21), 0xFF);
}

static void registration_claims_three_ranges_or_none(void **state)
{
	(void)state;
	assert_int_equal(t.count, 3);
	struct vdev_table t2;
	vdev_table_init(&t2, "vm1");
	const struct vdev_io_range busy = { .base = 0x4D1, .len = 1, .name = "other" };
	assert_int_equal(vdev_register(&t2, &busy), 0);
	assert_int_equal(vpic_register(&pic, &t2), -HV_EBUSY);
	assert_int_equal(t2.count, 1);
	uint32_t v = 0;
	assert_int_equal(vdev_io(&t2, 0x21, 1, false, &v), VDEV_UNCLAIMED);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup(power_up_state_is_all_masked_with_bios_vector_bases, setup),
		cmocka_unit_test_setup(linux_probe_reads_back_the_imr_it_wrote, setup),
		cmocka_unit_test_setup(init_sequence_takes_icw2_to_icw4_then_port_b_is_the_imr, setup),
		cmocka_unit_test_setup(icw2_keeps_only_bits_7_3_of_the_vector_base, setup),
		cmocka_unit_test_setup(single_mode_skips_icw3, setup),
		cmocka_unit_test_setup(without_ic4_the_sequence_ends_at_icw3_and_icw4_is_zero, setup),
		cmocka_unit_test_setup(icw1_resets_priority_special_mask_and_read_select, setup),
		cmocka_unit_test_setup(elcr_keeps_only_the_lines_that_may_be_level, setup),
		cmocka_unit_test_setup(wide_access_reaches_command_and_mask_ports_byte_by_byte, setup),
		cmocka_unit_test_setup(handlers_refuse_other_sizes_and_foreign_ports, setup),
		cmocka_unit_test_setup(registration_claims_three_ranges_or_none, setup),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}

/* SPDX-License-Identifier: BSD-3-Clause */
/* vPIC interrupts: the INT line, priority, EOI forms, rotation, cascade, poll, edge/level sensing, spurious IR7. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <hvkit/errno.h>
#include <vdev/vpic.h>

static struct vpic pic;
static unsigned out_changes;
static bool out_now;
static int marker;

static void cap_out(void *ctx, bool level)
{
	assert_ptr_equal(ctx, &marker);
	out_changes++;
	out_now = level;
}

static void out8(uint16_t port, uint8_t val)
{
	assert_int_equal(vpic_write(&pic, port, 1, val), 0);
}

static uint8_t in8(uint16_t port)
{
	uint32_t v = 0xdeadbeef;
	assert_int_equal(vpic_read(&pic, port, 1, &v), 0);
	return (uint8_t)v;
}

/* Linux's init_8259A with vectors 0x20 and 0x28, all unmasked, edge. */
static int setup(void **state)
{
	(void)state;
	out_changes = 0;
	out_now = false;
	const struct vpic_ops ops = { .ctx = &marker, .output_level = cap_out };
	vpic_init(&pic, &ops);
	const uint8_t seq[2][4] = { { 0x11, 0x20, 0x04, 0x01 }, { 0x11, 0x28, 0x02, 0x01 } };
	for (unsigned c = 0; c < 2; c++) {
		uint16_t base = c ? VPIC_SLAVE_PORT : VPIC_MASTER_PORT;
		out8(base, seq[c][0]);
		for (unsigned i = 1; i < 4; i++)
			out8((uint16_t)(base + 1), seq[c][i]);
		out8((uint16_t)(base + 1), 0x00);
	}
	return 0;
}

static void eoi_master(void) { out8(0x20, PIC_OCW2_EOI); }
static void eoi_slave(void) { out8(0xA0, PIC_OCW2_EOI); }

static void request_raises_int_and_ack_returns_base_plus_irq(void **state)
{
	(void)state;
	assert_int_equal(vpic_pending_vector(&pic), -HV_ENOENT);
	vpic_set_irq(&pic, 4, true);
	assert_true(out_now);
	assert_int_equal(out_changes, 1);
	assert_int_equal(vpic_pending_vector(&pic), 0x24);
	assert_int_equal(vpic_ack(&pic), 0x24);
	assert_false(out_now);
	assert_int_equal(pic.chip[0].isr, 1u << 4);
	assert_int_equal(pic.chip[0].irr_edge, 0);
}

static void masked_irq_is_held_in_irr_and_raised_on_unmask(void **state)
{
	(void)state;
	out8(0x21, 1u << 4);
	vpic_set_irq(&pic, 4, true);
	assert_false(out_now);
	assert_int_equal(in8(0x20), 1u << 4); /* IRR read (the default after ICW1) */
	out8(0x21, 0);
	assert_true(out_now);
	assert_int_equal(vpic_ack(&pic), 0x24);
}

static void lower_irq_number_has_higher_priority(void **state)
{
	(void)state;
	vpic_set_irq(&pic, 6, true);
	vpic_set_irq(&pic, 3, true);
	assert_int_equal(vpic_ack(&pic), 0x23);
	eoi_master();
	assert_int_equal(vpic_ack(&pic), 0x26);
}

static void lower_priority_waits_for_eoi_of_the_one_in_service(void **state)
{
	(void)state;
	vpic_set_irq(&pic, 3, true);
	assert_int_equal(vpic_ack(&pic), 0x23);
	vpic_set_irq(&pic, 6, true);
	assert_false(out_now);
	vpic_set_irq(&pic, 1, true); /* higher: nests */
	assert_true(out_now);
	assert_int_equal(vpic_ack(&pic), 0x21);
	eoi_master();                 /* non-specific: the highest in service, IR1 */
	assert_int_equal(pic.chip[0].isr, 1u << 3);
	assert_false(out_now);
	eoi_master();
	assert_true(out_now);
	assert_int_equal(vpic_ack(&pic), 0x26);
}

static void specific_eoi_clears_only_the_named_level(void **state)
{
	(void)state;
	vpic_set_irq(&pic, 3, true);
	vpic_ack(&pic);
	vpic_set_irq(&pic, 1, true);
	vpic_ack(&pic);
	out8(0x20, PIC_OCW2_SEOI | 3);
	assert_int_equal(pic.chip[0].isr, 1u << 1);
	out8(0x20, PIC_OCW3 | PIC_OCW3_RR | PIC_OCW3_RIS);
	assert_int_equal(in8(0x20), 1u << 1); /* ISR read */
	out8(0x20, PIC_OCW3 | PIC_OCW3_RR);
	assert_int_equal(in8(0x20), 0);       /* IRR read again */
}

static void rotate_on_eoi_makes_the_served_level_lowest(void **state)
{
	(void)state;
	vpic_set_irq(&pic, 1, true);
	assert_int_equal(vpic_ack(&pic), 0x21);
	out8(0x20, PIC_OCW2_ROTATE_EOI);
	assert_int_equal(pic.chip[0].lowest, 1);
	vpic_set_irq(&pic, 0, true);
	vpic_set_irq(&pic, 3, true);
	assert_int_equal(vpic_ack(&pic), 0x23); /* IR2 is now highest, then IR3 ... IR0 */
}

static void set_priority_and_rotate_on_specific_eoi_move_the_lowest(void **state)
{
	(void)state;
	out8(0x20, PIC_OCW2_SET_PRIORITY | 4);
	vpic_set_irq(&pic, 3, true);
	vpic_set_irq(&pic, 5, true);
	assert_int_equal(vpic_ack(&pic), 0x25);
	out8(0x20, PIC_OCW2_ROTATE_SEOI | 5);
	assert_int_equal(pic.chip[0].isr, 0);
	assert_int_equal(pic.chip[0].lowest, 5);
	assert_int_equal(vpic_ack(&pic), 0x23);
}

static void automatic_eoi_sets_no_isr_bit(void **state)
{
	(void)state;
	out8(0x20, 0x11);
	out8(0x21, 0x20);
	out8(0x21, 0x04);
	out8(0x21, PIC_ICW4_8086 | PIC_ICW4_AEOI);
	vpic_set_irq(&pic, 5, true);
	assert_int_equal(vpic_ack(&pic), 0x25);
	assert_int_equal(pic.chip[0].isr, 0);
	out8(0x20, PIC_OCW2_ROTATE_AEOI_SET);
	vpic_set_irq(&pic, 6, true);
	assert_int_equal(vpic_ack(&pic), 0x26);
	assert_int_equal(pic.chip[0].lowest, 6);
}

static void slave_irq_cascades_through_master_ir2(void **state)
{
	(void)state;
	vpic_set_irq(&pic, 12, true);
	assert_true(out_now);
	assert_int_equal(vpic_pending_vector(&pic), 0x2C);
	assert_int_equal(vpic_ack(&pic), 0x2C);
	assert_int_equal(pic.chip[0].isr, 1u << 2);
	assert_int_equal(pic.chip[1].isr, 1u << 4);
	vpic_set_irq(&pic, 9, true); /* higher on the slave, but master IR2 is in service */
	assert_false(out_now);
	eoi_slave();
	eoi_master();
	assert_true(out_now);
	assert_int_equal(vpic_ack(&pic), 0x29);
}

static void masking_master_ir2_blocks_every_slave_irq(void **state)
{
	(void)state;
	out8(0x21, 1u << 2);
	vpic_set_irq(&pic, 12, true);
	assert_false(out_now);
	assert_int_equal(in8(0xA0), 1u << 4);
	out8(0x21, 0);
	assert_true(out_now);
}

static void special_fully_nested_lets_a_higher_slave_irq_through(void **state)
{
	(void)state;
	out8(0x20, 0x11);
	out8(0x21, 0x20);
	out8(0x21, 0x04);
	out8(0x21, PIC_ICW4_8086 | PIC_ICW4_SFNM);
	vpic_set_irq(&pic, 12, true);
	assert_int_equal(vpic_ack(&pic), 0x2C);
	vpic_set_irq(&pic, 9, true);
	assert_true(out_now);
	assert_int_equal(vpic_ack(&pic), 0x29);
}

static void poll_acknowledges_and_returns_the_level(void **state)
{
	(void)state;
	vpic_set_irq(&pic, 5, true);
	out8(0x20, PIC_OCW3 | PIC_OCW3_POLL);
	assert_int_equal(in8(0x20), PIC_POLL_INT | 5);
	assert_int_equal(pic.chip[0].isr, 1u << 5);
	assert_false(out_now);
	out8(0x20, PIC_OCW3 | PIC_OCW3_POLL);
	assert_int_equal(in8(0x20), 0); /* nothing requesting */
	assert_int_equal(in8(0x20), 0); /* poll is one read only: IRR now */
}

static void poll_of_the_slave_gives_its_own_level(void **state)
{
	(void)state;
	vpic_set_irq(&pic, 14, true);
	out8(0xA0, PIC_OCW3 | PIC_OCW3_POLL);
	assert_int_equal(in8(0xA0), PIC_POLL_INT | 6);
	assert_false(out_now);
}

static void edge_irq_is_latched_until_ack_even_if_the_line_drops(void **state)
{
	(void)state;
	vpic_set_irq(&pic, 4, true);
	vpic_set_irq(&pic, 4, false);
	assert_true(out_now);
	assert_int_equal(vpic_ack(&pic), 0x24);
	eoi_master();
	vpic_set_irq(&pic, 4, true);
	vpic_set_irq(&pic, 4, true); /* no new edge */
	assert_int_equal(vpic_ack(&pic), 0x24);
	eoi_master();
	assert_false(out_now);
}

static void elcr_level_irq_follows_the_line_and_recurs_after_eoi(void **state)
{
	(void)state;
	out8(VPIC_ELCR_PORT + 1, 1u << 3); /* IRQ 11 level */
	vpic_set_irq(&pic, 11, true);
	assert_int_equal(vpic_ack(&pic), 0x2B);
	eoi_slave();
	eoi_master();
	assert_true(out_now); /* still asserted: requested again */
	assert_int_equal(vpic_ack(&pic), 0x2B);
	vpic_set_irq(&pic, 11, false);
	eoi_slave();
	eoi_master();
	assert_false(out_now);
	vpic_set_irq(&pic, 11, true);
	vpic_set_irq(&pic, 11, false); /* a level request gone before INTA leaves nothing */
	assert_false(out_now);
	assert_int_equal(in8(0xA0), 0);
}

static void ltim_makes_every_input_level_sensed(void **state)
{
	(void)state;
	out8(0x20, 0x19); /* ICW1 with LTIM */
	out8(0x21, 0x20);
	out8(0x21, 0x04);
	out8(0x21, 0x01);
	vpic_set_irq(&pic, 1, true);
	vpic_set_irq(&pic, 1, false);
	assert_false(out_now);
}

static void icw1_resets_edge_sense_so_a_held_line_needs_a_new_edge(void **state)
{
	(void)state;
	out8(0x21, 0xFF);
	vpic_set_irq(&pic, 4, true);
	out8(0x20, 0x11);
	out8(0x21, 0x20);
	out8(0x21, 0x04);
	out8(0x21, 0x01);
	assert_false(out_now); /* IMR is clear, but the latched edge is gone */
	vpic_set_irq(&pic, 4, false);
	vpic_set_irq(&pic, 4, true);
	assert_true(out_now);
}

static void special_mask_mode_enables_lower_levels(void **state)
{
	(void)state;
	vpic_set_irq(&pic, 3, true);
	assert_int_equal(vpic_ack(&pic), 0x23);
	out8(0x21, 1u << 3);
	out8(0x20, PIC_OCW3 | PIC_OCW3_ESMM | PIC_OCW3_SMM);
	vpic_set_irq(&pic, 6, true);
	assert_true(out_now);
	assert_int_equal(vpic_ack(&pic), 0x26);
	out8(0x20, PIC_OCW3 | PIC_OCW3_ESMM); /* reset special mask */
	vpic_set_irq(&pic, 7, true);
	assert_false(out_now);
}

static void ack_without_request_is_the_spurious_ir7(void **state)
{
	(void)state;
	assert_int_equal(vpic_ack(&pic), 0x27);
	assert_int_equal(pic.chip[0].isr, 0);
}

static void cascade_and_out_of_range_irqs_are_refused(void **state)
{
	(void)state;
	assert_int_equal(vpic_set_irq(&pic, 2, true), -HV_EINVAL);
	assert_int_equal(vpic_set_irq(&pic, 16, true), -HV_ERANGE);
	assert_false(out_now);
	assert_int_equal(out_changes, 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup(request_raises_int_and_ack_returns_base_plus_irq, setup),
		cmocka_unit_test_setup(masked_irq_is_held_in_irr_and_raised_on_unmask, setup),
		cmocka_unit_test_setup(lower_irq_number_has_higher_priority, setup),
		cmocka_unit_test_setup(lower_priority_waits_for_eoi_of_the_one_in_service, setup),
		cmocka_unit_test_setup(specific_eoi_clears_only_the_named_level, setup),
		cmocka_unit_test_setup(rotate_on_eoi_makes_the_served_level_lowest, setup),
		cmocka_unit_test_setup(set_priority_and_rotate_on_specific_eoi_move_the_lowest, setup),
		cmocka_unit_test_setup(automatic_eoi_sets_no_isr_bit, setup),
		cmocka_unit_test_setup(slave_irq_cascades_through_master_ir2, setup),
		cmocka_unit_test_setup(masking_master_ir2_blocks_every_slave_irq, setup),
		cmocka_unit_test_setup(special_fully_nested_lets_a_higher_slave_irq_through, setup),
		cmocka_unit_test_setup(poll_acknowledges_and_returns_the_level, setup),
		cmocka_unit_test_setup(poll_of_the_slave_gives_its_own_level, setup),
		cmocka_unit_test_setup(edge_irq_is_latched_until_ack_even_if_the_line_drops, setup),
		cmocka_unit_test_setup(elcr_level_irq_follows_the_line_and_recurs_after_eoi, setup),
		cmocka_unit_test_setup(ltim_makes_every_input_level_sensed, setup),
		cmocka_unit_test_setup(icw1_resets_edge_sense_so_a_held_line_needs_a_new_edge, setup),
		cmocka_unit_test_setup(special_mask_mode_enables_lower_levels, setup),
		cmocka_unit_test_setup(ack_without_request_is_the_spurious_ir7, setup),
		cmocka_unit_test_setup(cascade_and_out_of_range_irqs_are_refused, setup),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}

/* SPDX-License-Identifier: BSD-3-Clause */
/* vIOAPIC pins: edge vs level, masking, remote IRR, EOI and re-delivery, the message fields. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <hvkit/errno.h>
#include <vdev/vioapic.h>

static struct vioapic io;
static unsigned delivered;
static struct vioapic_msg last;
static int deliver_rc;
static unsigned eoi_calls, eoi_pin;
static bool drop_line_on_eoi;
static int marker;

static int cap_deliver(void *ctx, const struct vioapic_msg *m)
{
	assert_ptr_equal(ctx, &marker);
	delivered++;
	last = *m;
	return deliver_rc;
}

static void cap_eoi(void *ctx, unsigned int pin)
{
	assert_ptr_equal(ctx, &marker);
	eoi_calls++;
	eoi_pin = pin;
	if (drop_line_on_eoi)
		vioapic_set_irq(&io, pin, false);
}

static int setup(void **state)
{
	(void)state;
	delivered = 0;
	deliver_rc = 1;
	eoi_calls = 0;
	eoi_pin = 99;
	drop_line_on_eoi = false;
	last = (struct vioapic_msg){ 0 };
	const struct vioapic_ops ops = { .ctx = &marker, .deliver = cap_deliver, .eoi = cap_eoi };
	vioapic_init(&io, VIOAPIC_DEFAULT_BASE, &ops);
	return 0;
}

static void program(unsigned pin, uint32_t lo, uint32_t hi)
{
	assert_int_equal(vioapic_mmio_write(&io, VIOAPIC_REGSEL, 4, IOAPIC_REDTBL + 2 * pin + 1), 0);
	assert_int_equal(vioapic_mmio_write(&io, VIOAPIC_WIN, 4, hi), 0);
	assert_int_equal(vioapic_mmio_write(&io, VIOAPIC_REGSEL, 4, IOAPIC_REDTBL + 2 * pin), 0);
	assert_int_equal(vioapic_mmio_write(&io, VIOAPIC_WIN, 4, lo), 0);
}

static uint32_t low_half(unsigned pin)
{
	uint32_t v = 0;
	assert_int_equal(vioapic_mmio_write(&io, VIOAPIC_REGSEL, 4, IOAPIC_REDTBL + 2 * pin), 0);
	assert_int_equal(vioapic_mmio_read(&io, VIOAPIC_WIN, 4, &v), 0);
	return v;
}

#define LEVEL ((uint32_t)IOAPIC_RTE_LEVEL)
#define MASKED ((uint32_t)IOAPIC_RTE_MASKED)
#define RIRR ((uint32_t)IOAPIC_RTE_REMOTE_IRR)

static void message_carries_the_entry_fields(void **state)
{
	(void)state;
	program(4, 0x41u | (VIOAPIC_DM_LOWEST << 8) | (uint32_t)IOAPIC_RTE_DEST_LOGICAL, 0x03000000u);
	assert_int_equal(vioapic_set_irq(&io, 4, true), 0);
	assert_int_equal(delivered, 1);
	assert_int_equal(last.pin, 4);
	assert_int_equal(last.vector, 0x41);
	assert_int_equal(last.delivery_mode, VIOAPIC_DM_LOWEST);
	assert_true(last.dest_logical);
	assert_int_equal(last.dest, 3);
	assert_false(last.level);
}

static void edge_pin_delivers_on_each_rising_edge_only(void **state)
{
	(void)state;
	program(4, 0x41u, 0);
	vioapic_set_irq(&io, 4, true);
	vioapic_set_irq(&io, 4, true); /* still high: no edge */
	assert_int_equal(delivered, 1);
	vioapic_set_irq(&io, 4, false);
	assert_int_equal(delivered, 1);
	vioapic_set_irq(&io, 4, true);
	assert_int_equal(delivered, 2);
	assert_int_equal(low_half(4) & RIRR, 0); /* edge entries never set remote IRR */
}

static void masked_edge_is_lost_and_not_delivered_on_unmask(void **state)
{
	(void)state;
	program(4, 0x41u | MASKED, 0);
	vioapic_set_irq(&io, 4, true);
	assert_int_equal(delivered, 0);
	program(4, 0x41u, 0);
	assert_int_equal(delivered, 0);
}

static void level_pin_sets_remote_irr_and_is_not_sent_again_before_eoi(void **state)
{
	(void)state;
	program(9, 0x51u | LEVEL, 0);
	vioapic_set_irq(&io, 9, true);
	assert_int_equal(delivered, 1);
	assert_true(last.level);
	assert_true(low_half(9) & RIRR);
	vioapic_set_irq(&io, 9, true);
	vioapic_set_irq(&io, 9, false);
	vioapic_set_irq(&io, 9, true);
	assert_int_equal(delivered, 1);
}

static void eoi_clears_remote_irr_and_redelivers_a_line_still_asserted(void **state)
{
	(void)state;
	program(9, 0x51u | LEVEL, 0);
	vioapic_set_irq(&io, 9, true);
	vioapic_eoi(&io, 0x51);
	assert_int_equal(delivered, 2);
	assert_true(low_half(9) & RIRR); /* set again by the re-delivery */
	assert_int_equal(eoi_calls, 1);
	assert_int_equal(eoi_pin, 9);
	vioapic_set_irq(&io, 9, false);
	vioapic_eoi(&io, 0x51);
	assert_int_equal(delivered, 2);
	assert_int_equal(low_half(9) & RIRR, 0);
}

static void eoi_of_another_vector_changes_nothing(void **state)
{
	(void)state;
	program(9, 0x51u | LEVEL, 0);
	vioapic_set_irq(&io, 9, true);
	vioapic_eoi(&io, 0x52);
	assert_int_equal(delivered, 1);
	assert_true(low_half(9) & RIRR);
	assert_int_equal(eoi_calls, 0);
}

static void eoi_clears_every_entry_sharing_the_vector(void **state)
{
	(void)state;
	program(10, 0x60u | LEVEL, 0);
	program(11, 0x60u | LEVEL, 0);
	vioapic_set_irq(&io, 10, true);
	vioapic_set_irq(&io, 11, true);
	vioapic_set_irq(&io, 10, false);
	vioapic_set_irq(&io, 11, false);
	vioapic_eoi(&io, 0x60);
	assert_int_equal(low_half(10) & RIRR, 0);
	assert_int_equal(low_half(11) & RIRR, 0);
	assert_int_equal(eoi_calls, 2);
}

static void eoi_register_write_is_an_eoi(void **state)
{
	(void)state;
	program(9, 0x51u | LEVEL, 0);
	vioapic_set_irq(&io, 9, true);
	assert_int_equal(vioapic_mmio_write(&io, VIOAPIC_EOI, 4, 0xFFFFFF51u), 0);
	assert_int_equal(delivered, 2);
}

static void eoi_callback_may_deassert_the_line_and_then_nothing_is_resent(void **state)
{
	(void)state;
	drop_line_on_eoi = true; /* a pass-through line the core found idle */
	program(9, 0x51u | LEVEL, 0);
	vioapic_set_irq(&io, 9, true);
	vioapic_eoi(&io, 0x51);
	assert_int_equal(delivered, 1);
	assert_int_equal(low_half(9) & RIRR, 0);
}

static void masked_level_line_is_held_and_unmasking_delivers_it(void **state)
{
	(void)state;
	program(9, 0x51u | LEVEL | MASKED, 0);
	vioapic_set_irq(&io, 9, true);
	assert_int_equal(delivered, 0);
	assert_int_equal(low_half(9) & RIRR, 0);
	program(9, 0x51u | LEVEL, 0);
	assert_int_equal(delivered, 1);
	assert_true(low_half(9) & RIRR);
}

static void unmasking_a_deasserted_level_line_delivers_nothing(void **state)
{
	(void)state;
	program(9, 0x51u | LEVEL | MASKED, 0);
	vioapic_set_irq(&io, 9, true);
	vioapic_set_irq(&io, 9, false);
	program(9, 0x51u | LEVEL, 0);
	assert_int_equal(delivered, 0);
}

static void masking_with_remote_irr_set_keeps_it_until_eoi(void **state)
{
	(void)state;
	program(9, 0x51u | LEVEL, 0);
	vioapic_set_irq(&io, 9, true);
	program(9, 0x51u | LEVEL | MASKED, 0);
	assert_true(low_half(9) & RIRR);
	vioapic_eoi(&io, 0x51);
	assert_int_equal(low_half(9) & RIRR, 0);
	assert_int_equal(delivered, 1); /* masked: not re-sent */
}

static void unaccepted_level_message_leaves_remote_irr_clear(void **state)
{
	(void)state;
	deliver_rc = -HV_ENOENT;
	program(9, 0x51u | LEVEL, 0);
	vioapic_set_irq(&io, 9, true);
	assert_int_equal(delivered, 1);
	assert_int_equal(low_half(9) & RIRR, 0);
	deliver_rc = 1;
	vioapic_set_irq(&io, 9, true); /* still asserted: tried again */
	assert_int_equal(delivered, 2);
	assert_true(low_half(9) & RIRR);
}

static void switching_an_entry_to_edge_clears_remote_irr(void **state)
{
	(void)state;
	program(9, 0x51u | LEVEL, 0);
	vioapic_set_irq(&io, 9, true);
	program(9, 0x51u | MASKED, 0);
	assert_int_equal(low_half(9) & RIRR, 0);
}

static void level_nmi_entry_is_sent_on_edges_without_remote_irr(void **state)
{
	(void)state;
	program(3, 0x02u | (VIOAPIC_DM_NMI << 8) | LEVEL, 0);
	vioapic_set_irq(&io, 3, true);
	assert_int_equal(delivered, 1);
	assert_int_equal(last.delivery_mode, VIOAPIC_DM_NMI);
	assert_false(last.level);
	assert_int_equal(low_half(3) & RIRR, 0);
	vioapic_set_irq(&io, 3, true);
	assert_int_equal(delivered, 1);
}

static void polarity_bit_is_kept_and_does_not_invert_the_line(void **state)
{
	(void)state;
	program(16, 0x70u | LEVEL | (uint32_t)IOAPIC_RTE_POLARITY_LOW, 0);
	assert_true(low_half(16) & (uint32_t)IOAPIC_RTE_POLARITY_LOW);
	assert_int_equal(delivered, 0); /* a low-active pin not asserted is not delivered */
	vioapic_set_irq(&io, 16, true);
	assert_int_equal(delivered, 1);
	assert_int_equal(last.vector, 0x70);
}

static void pin_out_of_range_is_refused(void **state)
{
	(void)state;
	assert_int_equal(vioapic_set_irq(&io, VIOAPIC_PINS, true), -HV_ERANGE);
	assert_int_equal(io.lines, 0);
	assert_int_equal(vioapic_rte(&io, VIOAPIC_PINS), 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup(message_carries_the_entry_fields, setup),
		cmocka_unit_test_setup(edge_pin_delivers_on_each_rising_edge_only, setup),
		cmocka_unit_test_setup(masked_edge_is_lost_and_not_delivered_on_unmask, setup),
		cmocka_unit_test_setup(level_pin_sets_remote_irr_and_is_not_sent_again_before_eoi, setup),
		cmocka_unit_test_setup(eoi_clears_remote_irr_and_redelivers_a_line_still_asserted, setup),
		cmocka_unit_test_setup(eoi_of_another_vector_changes_nothing, setup),
		cmocka_unit_test_setup(eoi_clears_every_entry_sharing_the_vector, setup),
		cmocka_unit_test_setup(eoi_register_write_is_an_eoi, setup),
		cmocka_unit_test_setup(eoi_callback_may_deassert_the_line_and_then_nothing_is_resent, setup),
		cmocka_unit_test_setup(masked_level_line_is_held_and_unmasking_delivers_it, setup),
		cmocka_unit_test_setup(unmasking_a_deasserted_level_line_delivers_nothing, setup),
		cmocka_unit_test_setup(masking_with_remote_irr_set_keeps_it_until_eoi, setup),
		cmocka_unit_test_setup(unaccepted_level_message_leaves_remote_irr_clear, setup),
		cmocka_unit_test_setup(switching_an_entry_to_edge_clears_remote_irr, setup),
		cmocka_unit_test_setup(level_nmi_entry_is_sent_on_edges_without_remote_irr, setup),
		cmocka_unit_test_setup(polarity_bit_is_kept_and_does_not_invert_the_line, setup),
		cmocka_unit_test_setup(pin_out_of_range_is_refused, setup),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}

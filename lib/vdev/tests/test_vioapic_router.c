/* SPDX-License-Identifier: BSD-3-Clause */
/* Interrupt routing: one GSI reaches the vPIC and the vIOAPIC as PC hardware wires them; the vUART's IRQ 4. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <hvkit/errno.h>
#include <vdev/uart16550.h>
#include <vdev/vioapic.h>
#include <vdev/virq_router.h>
#include <vdev/vpic.h>

#include "host_platform.h"

static struct vpic pic;
static struct vioapic io;
static struct virq_router r;
static unsigned delivered;
static struct vioapic_msg last;
static bool pic_int;

static int cap_deliver(void *ctx, const struct vioapic_msg *m)
{
	(void)ctx;
	delivered++;
	last = *m;
	return 1;
}

static void cap_pic(void *ctx, bool level)
{
	(void)ctx;
	pic_int = level;
}

static void pic_out(uint16_t port, uint8_t v)
{
	assert_int_equal(vpic_write(&pic, port, 1, v), 0);
}

static void ioapic_program(unsigned pin, uint32_t lo)
{
	assert_int_equal(vioapic_mmio_write(&io, VIOAPIC_REGSEL, 4, IOAPIC_REDTBL + 2 * pin), 0);
	assert_int_equal(vioapic_mmio_write(&io, VIOAPIC_WIN, 4, lo), 0);
}

static int setup(void **state)
{
	(void)state;
	host_platform_reset();
	delivered = 0;
	pic_int = false;
	const struct vpic_ops pops = { .output_level = cap_pic };
	const struct vioapic_ops iops = { .deliver = cap_deliver };
	vpic_init(&pic, &pops);
	vioapic_init(&io, VIOAPIC_DEFAULT_BASE, &iops);
	virq_router_init(&r, &pic, &io);
	/* Both chips programmed and unmasked, vectors 0x20+ on the vPIC, 0x40+pin on the vIOAPIC. */
	const uint8_t seq[2][4] = { { 0x11, 0x20, 0x04, 0x01 }, { 0x11, 0x28, 0x02, 0x01 } };
	for (unsigned c = 0; c < 2; c++) {
		uint16_t base = c ? VPIC_SLAVE_PORT : VPIC_MASTER_PORT;
		pic_out(base, seq[c][0]);
		for (unsigned i = 1; i < 4; i++)
			pic_out((uint16_t)(base + 1), seq[c][i]);
	}
	for (unsigned p = 0; p < VIOAPIC_PINS; p++)
		ioapic_program(p, 0x40u + p);
	return 0;
}

static void default_route_is_identity_below_16_on_both_chips(void **state)
{
	(void)state;
	for (unsigned g = 0; g < VIRQ_LINES; g++) {
		assert_int_equal(r.route[g].ioapic_pin, (int)g);
		int want = (g < 16 && g != 2) ? (int)g : VIRQ_NONE;
		assert_int_equal(r.route[g].pic_irq, want);
	}
}

static void one_raise_of_irq_4_reaches_both_chips(void **state)
{
	(void)state;
	assert_int_equal(virq_router_set_irq(&r, 4, true), 0);
	assert_true(pic_int);
	assert_int_equal(vpic_pending_vector(&pic), 0x24);
	assert_int_equal(delivered, 1);
	assert_int_equal(last.vector, 0x44);
	assert_int_equal(virq_router_set_irq(&r, 4, false), 0);
	assert_true(io.lines == 0);
}

static void gsi_above_15_reaches_only_the_ioapic(void **state)
{
	(void)state;
	virq_router_set_irq(&r, 20, true);
	assert_false(pic_int);
	assert_int_equal(delivered, 1);
	assert_int_equal(last.pin, 20);
}

static void gsi_2_reaches_no_pic_input_by_default(void **state)
{
	(void)state;
	virq_router_set_irq(&r, 2, true);
	assert_false(pic_int);
	assert_int_equal(pic.chip[0].irr_edge, 0);
	assert_int_equal(last.pin, 2);
}

static void interrupt_source_override_sends_the_pit_to_pin_2(void **state)
{
	(void)state;
	/* MADT override ISA IRQ 0 -> GSI 2, as lib/vacpi reports it. */
	assert_int_equal(virq_router_set_route(&r, 2, 0, 2), 0);
	assert_int_equal(virq_router_set_route(&r, 0, VIRQ_NONE, VIRQ_NONE), 0);
	assert_int_equal(virq_router_pulse(&r, 2), 0);
	assert_int_equal(vpic_pending_vector(&pic), 0x20);
	assert_int_equal(delivered, 1);
	assert_int_equal(last.pin, 2);
	assert_int_equal(virq_router_pulse(&r, 0), 0);
	assert_int_equal(delivered, 1);
}

static void pulse_is_one_edge_on_each_chip(void **state)
{
	(void)state;
	virq_router_pulse(&r, 4);
	assert_int_equal(delivered, 1);
	assert_int_equal(io.lines, 0);
	assert_int_equal(vpic_ack(&pic), 0x24); /* latched by the edge */
	virq_router_pulse(&r, 4);
	assert_int_equal(delivered, 2);
}

static void bad_routes_and_lines_are_refused_and_change_nothing(void **state)
{
	(void)state;
	assert_int_equal(virq_router_set_route(&r, VIRQ_LINES, 1, 1), -HV_ERANGE);
	assert_int_equal(virq_router_set_route(&r, 5, 2, 5), -HV_ERANGE);  /* the cascade */
	assert_int_equal(virq_router_set_route(&r, 5, 16, 5), -HV_ERANGE);
	assert_int_equal(virq_router_set_route(&r, 5, 5, 24), -HV_ERANGE);
	assert_int_equal(virq_router_set_route(&r, 5, -2, 5), -HV_ERANGE);
	assert_int_equal(r.route[5].pic_irq, 5);
	assert_int_equal(r.route[5].ioapic_pin, 5);
	assert_int_equal(virq_router_set_irq(&r, VIRQ_LINES, true), -HV_ERANGE);
	assert_int_equal(virq_router_pulse(&r, VIRQ_LINES), -HV_ERANGE);
	assert_int_equal(delivered, 0);
}

static void router_without_a_pic_drives_the_ioapic_alone(void **state)
{
	(void)state;
	virq_router_init(&r, NULL, &io);
	virq_router_set_irq(&r, 4, true);
	assert_false(pic_int);
	assert_int_equal(delivered, 1);
}

/* The core's glue for the vUART: its interrupt line is GSI 4. */
static void route_gsi4(void *ctx, bool level)
{
	virq_router_set_irq(ctx, 4, level);
}

static void drop_line(void *ctx, const char *line, size_t len)
{
	(void)ctx;
	(void)line;
	(void)len;
}

static void vuart_line_reaches_both_chips_through_the_router(void **state)
{
	(void)state;
	struct vuart u;
	struct vdev_table t;
	const struct vuart_ops uops = { .ctx = &r, .output = drop_line, .irq_level = route_gsi4 };
	vuart_init(&u, "vm0", &uops);
	vdev_table_init(&t, "vm0");
	assert_int_equal(vuart_register(&u, &t, 0x3f8), 0);
	uint32_t v = UART_IER_THRI; /* THR-empty interrupt: the line rises at once */
	assert_int_equal(vdev_io(&t, 0x3f8 + UART_IER, 1, true, &v), VDEV_HANDLED);
	assert_true(pic_int);
	assert_int_equal(vpic_ack(&pic), 0x24);
	assert_int_equal(delivered, 1);
	assert_int_equal(last.vector, 0x44);
	assert_int_equal(vdev_io(&t, 0x3f8 + UART_IIR, 1, false, &v), VDEV_HANDLED); /* acknowledges THRE */
	assert_int_equal(io.lines, 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup(default_route_is_identity_below_16_on_both_chips, setup),
		cmocka_unit_test_setup(one_raise_of_irq_4_reaches_both_chips, setup),
		cmocka_unit_test_setup(gsi_above_15_reaches_only_the_ioapic, setup),
		cmocka_unit_test_setup(gsi_2_reaches_no_pic_input_by_default, setup),
		cmocka_unit_test_setup(interrupt_source_override_sends_the_pit_to_pin_2, setup),
		cmocka_unit_test_setup(pulse_is_one_edge_on_each_chip, setup),
		cmocka_unit_test_setup(bad_routes_and_lines_are_refused_and_change_nothing, setup),
		cmocka_unit_test_setup(router_without_a_pic_drives_the_ioapic_alone, setup),
		cmocka_unit_test_setup(vuart_line_reaches_both_chips_through_the_router, setup),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}

/* SPDX-License-Identifier: BSD-3-Clause */
/* 16550 register semantics: reset values, DLAB and the divisor latch, LSR, FIFO control, scratch, loopback, MSR. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <hvkit/errno.h>

#include "uart_test.h"

static void reset_values_match_the_datasheet(void **state)
{
	(void)state;
	assert_int_equal(in8(UART_IER), 0);
	assert_int_equal(in8(UART_IIR), UART_IIR_NONE);
	assert_int_equal(in8(UART_LCR), 0);
	assert_int_equal(in8(UART_MCR), 0);
	assert_int_equal(in8(UART_LSR), UART_LSR_THRE | UART_LSR_TEMT);
	assert_int_equal(in8(UART_MSR), UART_MSR_CTS | UART_MSR_DSR | UART_MSR_DCD);
	assert_int_equal(in8(UART_SCR), 0);
}

static void uart_claims_eight_ports(void **state)
{
	(void)state;
	uint32_t v = 0;
	assert_int_equal(vdev_io(&t, COM1 + 7, 1, false, &v), VDEV_HANDLED);
	assert_int_equal(vdev_io(&t, COM1 + 8, 1, false, &v), VDEV_UNCLAIMED);
	assert_int_equal(vdev_io(&t, COM1 - 1, 1, false, &v), VDEV_UNCLAIMED);
	struct vuart other;
	vuart_init(&other, "vm0", NULL);
	assert_int_equal(vuart_register(&other, &t, COM1 + 4), -HV_EBUSY);
}

static void dlab_switches_ports_0_and_1_to_the_divisor_latch(void **state)
{
	(void)state;
	out8(UART_IER, 0x05);
	out8(UART_LCR, UART_LCR_DLAB | 0x03);
	assert_int_equal(in8(UART_DLL), 1); /* divisor reset value: 115200 baud */
	assert_int_equal(in8(UART_DLM), 0);
	out8(UART_DLL, 0x0c);
	out8(UART_DLM, 0x01);
	assert_int_equal(in8(UART_DLL), 0x0c);
	assert_int_equal(in8(UART_DLM), 0x01);
	assert_int_equal(nlines, 0);
	assert_int_equal(u.line_len, u.prefix_len); /* writing DLL transmitted nothing */
	out8(UART_LCR, 0x03);
	assert_int_equal(in8(UART_IER), 0x05); /* IER untouched by the DLM write */
	assert_int_equal(in8(UART_LCR), 0x03);
	out8(UART_LCR, UART_LCR_DLAB);
	assert_int_equal(in8(UART_DLL), 0x0c); /* the latch keeps its value */
	assert_int_equal(in8(UART_DLM), 0x01);
}

static void dlab_hides_rbr(void **state)
{
	(void)state;
	const uint8_t c = 'x';
	assert_int_equal(vuart_receive(&u, &c, 1), 1);
	out8(UART_LCR, UART_LCR_DLAB);
	assert_int_equal(in8(UART_RBR), 1); /* DLL, not the byte */
	assert_true(in8(UART_LSR) & UART_LSR_DR);
	out8(UART_LCR, 0);
	assert_int_equal(in8(UART_RBR), 'x');
}

static void ier_keeps_only_its_four_bits(void **state)
{
	(void)state;
	out8(UART_IER, 0xff);
	assert_int_equal(in8(UART_IER), 0x0f);
}

static void lsr_reports_data_ready_until_the_fifo_is_drained(void **state)
{
	(void)state;
	out8(UART_FCR, UART_FCR_ENABLE);
	const uint8_t in[] = { 'a', 'b' };
	assert_int_equal(vuart_receive(&u, in, 2), 2);
	assert_int_equal(in8(UART_LSR), UART_LSR_THRE | UART_LSR_TEMT | UART_LSR_DR);
	assert_int_equal(in8(UART_RBR), 'a');
	assert_true(in8(UART_LSR) & UART_LSR_DR);
	assert_int_equal(in8(UART_RBR), 'b');
	assert_int_equal(in8(UART_LSR), UART_LSR_THRE | UART_LSR_TEMT);
	assert_int_equal(in8(UART_RBR), 0); /* empty */
}

static void thre_and_temt_stay_set_while_transmitting(void **state)
{
	(void)state;
	for (int i = 0; i < 300; i++) {
		out8(UART_THR, 'z');
		assert_int_equal(in8(UART_LSR) & (UART_LSR_THRE | UART_LSR_TEMT), UART_LSR_THRE | UART_LSR_TEMT);
	}
}

static void receive_accepts_one_byte_without_fifo_and_sixteen_with(void **state)
{
	(void)state;
	uint8_t in[20];
	memset(in, 'q', sizeof(in));
	assert_int_equal(vuart_receive(&u, in, sizeof(in)), 1);
	assert_int_equal(vuart_receive(&u, in, sizeof(in)), 0);
	out8(UART_FCR, UART_FCR_ENABLE); /* turning FIFOs on clears them */
	assert_false(in8(UART_LSR) & UART_LSR_DR);
	assert_int_equal(vuart_receive(&u, in, sizeof(in)), VUART_FIFO);
	assert_int_equal(in8(UART_IIR) & UART_IIR_FIFOS, UART_IIR_FIFOS);
	out8(UART_FCR, UART_FCR_ENABLE | UART_FCR_CLEAR_RX);
	assert_false(in8(UART_LSR) & UART_LSR_DR);
	out8(UART_FCR, 0);
	assert_int_equal(in8(UART_IIR) & UART_IIR_FIFOS, 0);
}

static void scratch_register_holds_any_byte(void **state)
{
	(void)state;
	for (unsigned v = 0; v < 256; v += 51) {
		out8(UART_SCR, (uint8_t)v);
		assert_int_equal(in8(UART_SCR), v);
	}
}

static void lsr_and_msr_writes_are_ignored(void **state)
{
	(void)state;
	out8(UART_LSR, 0x00);
	out8(UART_MSR, 0x00);
	assert_int_equal(in8(UART_LSR), UART_LSR_THRE | UART_LSR_TEMT);
	assert_int_equal(in8(UART_MSR), UART_MSR_CTS | UART_MSR_DSR | UART_MSR_DCD);
}

static void loopback_returns_transmitted_bytes_and_prints_nothing(void **state)
{
	(void)state;
	out8(UART_FCR, UART_FCR_ENABLE);
	out8(UART_MCR, UART_MCR_LOOP);
	assert_int_equal(in8(UART_MCR), UART_MCR_LOOP);
	puts_uart("hi\n");
	assert_int_equal(in8(UART_RBR), 'h');
	assert_int_equal(in8(UART_RBR), 'i');
	assert_int_equal(in8(UART_RBR), '\n');
	assert_int_equal(nlines, 0);
	assert_int_equal(u.line_len, u.prefix_len);
	const uint8_t c = 'e';
	assert_int_equal(vuart_receive(&u, &c, 1), 0); /* serial input disconnected */
	out8(UART_MCR, 0);
	puts_uart("ok\n");
	assert_int_equal(nlines, 1);
	assert_string_equal(lines[0], "[vm0] ok");
}

static void loopback_overrun_sets_oe_until_lsr_is_read(void **state)
{
	(void)state;
	out8(UART_MCR, UART_MCR_LOOP); /* FIFOs off: one byte of room */
	out8(UART_THR, '1');
	out8(UART_THR, '2');
	assert_int_equal(in8(UART_LSR), UART_LSR_THRE | UART_LSR_TEMT | UART_LSR_DR | UART_LSR_OE);
	assert_int_equal(in8(UART_LSR), UART_LSR_THRE | UART_LSR_TEMT | UART_LSR_DR);
	assert_int_equal(in8(UART_RBR), '1'); /* the byte held is kept, the new one lost */
}

static void loopback_wires_modem_outputs_to_inputs(void **state)
{
	(void)state;
	out8(UART_MCR, UART_MCR_LOOP);
	assert_int_equal(in8(UART_MSR), UART_MSR_DCTS | UART_MSR_DDSR | UART_MSR_DDCD); /* all inputs fell */
	out8(UART_MCR, UART_MCR_LOOP | UART_MCR_RTS);
	assert_int_equal(in8(UART_MSR), UART_MSR_CTS | UART_MSR_DCTS);
	assert_int_equal(in8(UART_MSR), UART_MSR_CTS); /* reading clears the deltas */
	out8(UART_MCR, UART_MCR_LOOP | UART_MCR_DTR | UART_MCR_OUT1 | UART_MCR_OUT2);
	assert_int_equal(in8(UART_MSR), UART_MSR_DSR | UART_MSR_RI | UART_MSR_DCD | UART_MSR_DCTS | UART_MSR_DDSR |
						UART_MSR_DDCD);
	out8(UART_MCR, UART_MCR_LOOP | UART_MCR_DTR | UART_MCR_OUT2);
	assert_int_equal(in8(UART_MSR), UART_MSR_DSR | UART_MSR_DCD | UART_MSR_TERI); /* RI trailing edge */
	out8(UART_MCR, UART_MCR_LOOP | UART_MCR_DTR | UART_MCR_OUT1 | UART_MCR_OUT2);
	assert_int_equal(in8(UART_MSR), UART_MSR_DSR | UART_MSR_RI | UART_MSR_DCD); /* leading edge: no TERI */
}

static void mcr_keeps_only_five_bits(void **state)
{
	(void)state;
	out8(UART_MCR, 0xe3);
	assert_int_equal(in8(UART_MCR), 0x03);
}

static void wide_access_reads_registers_byte_by_byte(void **state)
{
	(void)state;
	out8(UART_SCR, 0x5a);
	out8(UART_LCR, 0x03);
	uint32_t v = 0;
	assert_int_equal(vdev_io(&t, COM1 + 4, 4, false, &v), VDEV_HANDLED); /* MCR, LSR, MSR, SCR */
	assert_int_equal(v, 0x5ab06000u);
	v = 0x0000a503; /* LCR = 0x03... from port 3; port 4 (MCR) gets 0xa5 & 0x1f */
	assert_int_equal(vdev_io(&t, COM1 + 3, 2, true, &v), VDEV_HANDLED);
	assert_int_equal(in8(UART_MCR), 0x05);
}

#define T(fn) cmocka_unit_test_setup(fn, uart_setup)

int main(void)
{
	const struct CMUnitTest tests[] = {
		T(reset_values_match_the_datasheet),
		T(uart_claims_eight_ports),
		T(dlab_switches_ports_0_and_1_to_the_divisor_latch),
		T(dlab_hides_rbr),
		T(ier_keeps_only_its_four_bits),
		T(lsr_reports_data_ready_until_the_fifo_is_drained),
		T(thre_and_temt_stay_set_while_transmitting),
		T(receive_accepts_one_byte_without_fifo_and_sixteen_with),
		T(scratch_register_holds_any_byte),
		T(lsr_and_msr_writes_are_ignored),
		T(loopback_returns_transmitted_bytes_and_prints_nothing),
		T(loopback_overrun_sets_oe_until_lsr_is_read),
		T(loopback_wires_modem_outputs_to_inputs),
		T(mcr_keeps_only_five_bits),
		T(wide_access_reads_registers_byte_by_byte),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}

/* SPDX-License-Identifier: BSD-3-Clause */
/* lapic_pt's polled 16550 (src/uart16550_polled.c): the registers a polling driver uses, no interrupt line, no
 * receiver. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

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
	out8(UART_SCR, 0xa5);
	assert_int_equal(in8(UART_SCR), 0xa5);
	out8(UART_IER, 0xff);
	assert_int_equal(in8(UART_IER), 0x0f); /* Linux's probe: IER keeps bits 3:0 */
}

static void thre_is_identified_and_acknowledged_by_reading_iir(void **state)
{
	(void)state;
	out8(UART_IER, UART_IER_THRI);
	assert_int_equal(in8(UART_IIR), UART_IIR_THRE);
	assert_int_equal(in8(UART_IIR), UART_IIR_NONE);
	puts_uart("hi\n");
	assert_int_equal(in8(UART_IIR), UART_IIR_THRE);
	assert_int_equal(in8(UART_IIR), UART_IIR_NONE);
	assert_int_equal(nlines, 1);
	assert_string_equal(lines[0], "[vm0] hi");
	assert_int_equal(irq_changes, 0); /* no interrupt line */
}

static void no_receiver(void **state)
{
	(void)state;
	out8(UART_FCR, UART_FCR_ENABLE | UART_FCR_CLEAR_RX | 0xc0);
	assert_int_equal(vuart_receive(&u, (const uint8_t *)"ab", 2), 0);
	out8(UART_IER, UART_IER_RDI | UART_IER_THRI);
	assert_int_equal(in8(UART_IIR), UART_IIR_FIFOS | UART_IIR_THRE); /* never received data */
	assert_int_equal(in8(UART_IIR), UART_IIR_FIFOS | UART_IIR_NONE);
	assert_int_equal(in8(UART_LSR), UART_LSR_THRE | UART_LSR_TEMT);
	assert_int_equal(in8(UART_RBR), 0);
	out8(UART_FCR, 0);
	assert_int_equal(in8(UART_IIR), UART_IIR_NONE);
	assert_int_equal(irq_changes, 0);
}

static void dlab_selects_the_divisor_latch(void **state)
{
	(void)state;
	out8(UART_IER, 0x05);
	out8(UART_LCR, UART_LCR_DLAB | 0x03);
	assert_int_equal(in8(UART_DLL), 1);
	out8(UART_DLL, 0x0c);
	out8(UART_DLM, 0x01);
	assert_int_equal(in8(UART_DLL), 0x0c);
	assert_int_equal(in8(UART_DLM), 0x01);
	out8(UART_LCR, 0x03);
	assert_int_equal(in8(UART_IER), 0x05);
	assert_int_equal(nlines, 0);
	assert_int_equal(u.line_len, u.prefix_len);
}

static void loopback_without_status_interrupts(void **state)
{
	(void)state;
	out8(UART_MCR, UART_MCR_LOOP | UART_MCR_OUT2 | UART_MCR_RTS);
	assert_int_equal(in8(UART_MSR), UART_MSR_DCD | UART_MSR_CTS); /* Linux's 8250 loopback probe */
	out8(UART_MCR, UART_MCR_LOOP | 0x0f);
	assert_int_equal(in8(UART_MSR), 0xf0);
	out8(UART_MCR, UART_MCR_LOOP | UART_MCR_DTR | UART_MCR_OUT1);
	assert_int_equal(in8(UART_MSR), UART_MSR_DSR | UART_MSR_RI); /* no delta bits */
	out8(UART_THR, 'x');                                         /* no receiver: dropped, not sent */
	assert_int_equal(in8(UART_LSR), UART_LSR_THRE | UART_LSR_TEMT);
	assert_int_equal(in8(UART_RBR), 0);
	out8(UART_MCR, 0);
	vuart_flush(&u);
	assert_int_equal(nlines, 0);
	assert_int_equal(in8(UART_MCR), 0);
}

#define T(fn) cmocka_unit_test_setup(fn, uart_setup)

int main(void)
{
	const struct CMUnitTest tests[] = {
		T(reset_values_match_the_datasheet),
		T(thre_is_identified_and_acknowledged_by_reading_iir),
		T(no_receiver),
		T(dlab_selects_the_divisor_latch),
		T(loopback_without_status_interrupts),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}

/* SPDX-License-Identifier: BSD-3-Clause */
/* 16550 interrupt identification, priorities, acknowledgement and the IRQ line callback. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "uart_test.h"

static void no_interrupt_without_ier(void **state)
{
	(void)state;
	const uint8_t c = 'a';
	vuart_receive(&u, &c, 1);
	out8(UART_THR, 'x');
	assert_int_equal(in8(UART_IIR), UART_IIR_NONE);
	assert_int_equal(irq_changes, 0);
}

static void enabling_thre_interrupt_raises_it_at_once(void **state)
{
	(void)state;
	out8(UART_IER, UART_IER_THRI);
	assert_true(irq_level_now);
	assert_int_equal(irq_changes, 1);
	assert_int_equal(in8(UART_IIR), UART_IIR_THRE);
	assert_false(irq_level_now); /* reading IIR acknowledged it */
	assert_int_equal(in8(UART_IIR), UART_IIR_NONE);
	out8(UART_IER, UART_IER_THRI); /* already enabled: no new interrupt */
	assert_int_equal(in8(UART_IIR), UART_IIR_NONE);
}

static void thr_write_raises_thre_again(void **state)
{
	(void)state;
	out8(UART_IER, UART_IER_THRI);
	in8(UART_IIR);
	out8(UART_THR, 'x');
	assert_true(irq_level_now);
	assert_int_equal(in8(UART_IIR), UART_IIR_THRE);
	assert_false(irq_level_now);
}

static void received_data_interrupt_lasts_until_fifo_is_empty(void **state)
{
	(void)state;
	out8(UART_FCR, UART_FCR_ENABLE);
	out8(UART_IER, UART_IER_RDI);
	assert_false(irq_level_now);
	const uint8_t in[] = { '1', '2' };
	vuart_receive(&u, in, 2);
	assert_true(irq_level_now);
	assert_int_equal(in8(UART_IIR), UART_IIR_RDA | UART_IIR_FIFOS);
	assert_int_equal(in8(UART_IIR), UART_IIR_RDA | UART_IIR_FIFOS); /* IIR reads do not clear it */
	in8(UART_RBR);
	assert_true(irq_level_now);
	in8(UART_RBR);
	assert_false(irq_level_now);
	assert_int_equal(in8(UART_IIR), UART_IIR_NONE | UART_IIR_FIFOS);
}

static void line_status_outranks_data_which_outranks_thre_and_modem(void **state)
{
	(void)state;
	out8(UART_IER, UART_IER_RDI | UART_IER_THRI | UART_IER_RLSI | UART_IER_MSI);
	out8(UART_MCR, UART_MCR_LOOP); /* modem deltas pending */
	out8(UART_THR, 'a');            /* data ready and THRE pending */
	out8(UART_THR, 'b');            /* overrun */
	assert_int_equal(in8(UART_IIR), UART_IIR_RLS);
	in8(UART_LSR); /* clears OE */
	assert_int_equal(in8(UART_IIR), UART_IIR_RDA);
	in8(UART_RBR);
	assert_int_equal(in8(UART_IIR), UART_IIR_THRE); /* and acknowledges it */
	assert_int_equal(in8(UART_IIR), UART_IIR_MSR);
	assert_true(irq_level_now);
	in8(UART_MSR);
	assert_int_equal(in8(UART_IIR), UART_IIR_NONE);
	assert_false(irq_level_now);
}

static void disabling_ier_drops_the_line(void **state)
{
	(void)state;
	out8(UART_IER, UART_IER_RDI);
	const uint8_t c = 'a';
	vuart_receive(&u, &c, 1);
	assert_true(irq_level_now);
	out8(UART_IER, 0);
	assert_false(irq_level_now);
	assert_int_equal(irq_changes, 2);
}

static void irq_callback_only_on_level_changes(void **state)
{
	(void)state;
	out8(UART_FCR, UART_FCR_ENABLE);
	out8(UART_IER, UART_IER_RDI);
	const uint8_t in[] = { '1', '2', '3' };
	vuart_receive(&u, in, 1);
	vuart_receive(&u, in + 1, 2);
	out8(UART_SCR, 1);
	assert_int_equal(irq_changes, 1);
}

static void missing_irq_callback_is_allowed(void **state)
{
	(void)state;
	struct vuart q;
	vuart_init(&q, "vm9", NULL);
	const uint8_t c = 'a';
	vuart_write(&q, COM1 + UART_IER, 1, UART_IER_RDI);
	assert_int_equal(vuart_receive(&q, &c, 1), 1);
	uint32_t v = 0;
	vuart_read(&q, COM1 + UART_IIR, 1, &v);
	assert_int_equal(v, UART_IIR_RDA);
	vuart_write(&q, COM1 + UART_THR, 1, '\n'); /* and no output callback either */
}

#define T(fn) cmocka_unit_test_setup(fn, uart_setup)

int main(void)
{
	const struct CMUnitTest tests[] = {
		T(no_interrupt_without_ier),
		T(enabling_thre_interrupt_raises_it_at_once),
		T(thr_write_raises_thre_again),
		T(received_data_interrupt_lasts_until_fifo_is_empty),
		T(line_status_outranks_data_which_outranks_thre_and_modem),
		T(disabling_ier_drops_the_line),
		T(irq_callback_only_on_level_changes),
		T(missing_irq_callback_is_allowed),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}

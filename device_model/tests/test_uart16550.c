/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * The 16550A model, register by register (PC16550D data sheet), and the probe sequences its users run:
 * the test guests' runtime (LCR 0x03, polled LSR.THRE) and Linux's 8250 autoconfig (IER read-back,
 * loopback MSR, FIFO bits in IIR, no EFR, no 64-byte FIFO, no UUE bit: a plain 16550A).
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>
#include <cmocka.h>

#include "uart16550.h"

static struct uart16550 u;
static uint8_t sent[64];
static unsigned nsent;

static void tx(void *ctx, uint8_t b)
{
	assert_ptr_equal(ctx, &nsent);
	if (nsent < sizeof(sent))
		sent[nsent] = b;
	nsent++;
}

static int setup(void **state)
{
	(void)state;
	nsent = 0;
	uart_init(&u, tx, &nsent);
	return 0;
}

static void reset_state(void **state)
{
	(void)state;
	assert_int_equal(uart_read(&u, UART_LSR), 0x60); /* what the basic guest checks */
	assert_int_equal(uart_read(&u, UART_IIR_FCR), 0x01);
	assert_int_equal(uart_read(&u, UART_IER_DLM), 0);
	assert_int_equal(uart_read(&u, UART_LCR), 0);
	assert_int_equal(uart_read(&u, UART_MCR), 0);
	assert_int_equal(uart_read(&u, UART_SCR), 0);
	assert_int_equal(uart_read(&u, UART_MSR), UART_MSR_CTS | UART_MSR_DSR | UART_MSR_DCD);
	assert_int_equal(uart_read(&u, UART_RBR_THR_DLL), 0); /* nothing received */
	assert_false(uart_irq_pending(&u));
}

static void thr_transmits(void **state)
{
	(void)state;
	uart_write(&u, UART_LCR, 0x03);
	uart_write(&u, UART_RBR_THR_DLL, 'h');
	uart_write(&u, UART_RBR_THR_DLL, 'i');
	assert_int_equal(nsent, 2);
	assert_memory_equal(sent, "hi", 2);
	assert_int_equal(uart_read(&u, UART_LSR), UART_LSR_THRE | UART_LSR_TEMT);
}

static void divisor_latch(void **state)
{
	(void)state;
	uart_write(&u, UART_IER_DLM, 0x05);
	uart_write(&u, UART_LCR, UART_LCR_DLAB | 0x03);
	assert_int_equal(uart_read(&u, UART_RBR_THR_DLL), 0x01); /* reset divisor: 115200 baud */
	uart_write(&u, UART_RBR_THR_DLL, 0x0c);
	uart_write(&u, UART_IER_DLM, 0x00);
	assert_int_equal(nsent, 0); /* a DLL write is not a character */
	assert_int_equal(uart_read(&u, UART_RBR_THR_DLL), 0x0c);
	assert_int_equal(uart_read(&u, UART_IER_DLM), 0x00);
	uart_write(&u, UART_IER_DLM, 0xab);
	assert_int_equal(uart_read(&u, UART_IER_DLM), 0xab);
	assert_int_equal(uart_read(&u, UART_LCR), 0x83);
	uart_write(&u, UART_LCR, 0x03);
	assert_int_equal(uart_read(&u, UART_IER_DLM), 0x05); /* IER untouched by the DLM writes */
	uart_write(&u, UART_RBR_THR_DLL, 'x');
	assert_int_equal(nsent, 1);
	uart_write(&u, UART_LCR, 0x83);
	assert_int_equal(uart_read(&u, UART_RBR_THR_DLL), 0x0c);
	assert_int_equal(uart_read(&u, UART_IER_DLM), 0xab);
}

static void ier_keeps_four_bits_and_scratch_everything(void **state)
{
	(void)state;
	uart_write(&u, UART_IER_DLM, 0xff);
	assert_int_equal(uart_read(&u, UART_IER_DLM), 0x0f);
	for (unsigned v = 0; v < 256; v += 0x55) {
		uart_write(&u, UART_SCR, (uint8_t)v);
		assert_int_equal(uart_read(&u, UART_SCR), v);
	}
	uart_write(&u, UART_MCR, 0xff);
	assert_int_equal(uart_read(&u, UART_MCR), 0x1f);
	uart_write(&u, UART_LCR, 0x5b);
	assert_int_equal(uart_read(&u, UART_LCR), 0x5b);
	uart_write(&u, UART_LSR, 0x00); /* read-only here */
	uart_write(&u, UART_MSR, 0x00);
	assert_int_equal(uart_read(&u, UART_LSR), 0x60);
}

static void fifo_bits_in_iir(void **state)
{
	(void)state;
	uart_write(&u, UART_IIR_FCR, UART_FCR_ENABLE | 0x06);
	assert_int_equal(uart_read(&u, UART_IIR_FCR), 0xc1);
	uart_write(&u, UART_IIR_FCR, 0);
	assert_int_equal(uart_read(&u, UART_IIR_FCR), 0x01);
}

static void receive_and_data_ready(void **state)
{
	(void)state;
	const uint8_t in[] = { 'a', 'b' };
	assert_int_equal(uart_receive(&u, in, 2), 2);
	assert_int_equal(uart_read(&u, UART_LSR), 0x61);
	assert_int_equal(uart_read(&u, UART_RBR_THR_DLL), 'a');
	assert_int_equal(uart_read(&u, UART_LSR), 0x61);
	assert_int_equal(uart_read(&u, UART_RBR_THR_DLL), 'b');
	assert_int_equal(uart_read(&u, UART_LSR), 0x60);
}

static void overrun_reported_once(void **state)
{
	(void)state;
	uint8_t in[UART_RX_FIFO + 3];
	memset(in, 'z', sizeof(in));
	assert_int_equal(uart_receive(&u, in, sizeof(in)), UART_RX_FIFO);
	assert_int_equal(uart_read(&u, UART_LSR), 0x60 | UART_LSR_OE | UART_LSR_DR);
	assert_int_equal(uart_read(&u, UART_LSR), 0x60 | UART_LSR_DR);
	/* FCR clears the receive FIFO */
	uart_write(&u, UART_IIR_FCR, UART_FCR_ENABLE | UART_FCR_CLEAR_RX);
	assert_int_equal(uart_read(&u, UART_LSR), 0x60);
}

static void thre_interrupt(void **state)
{
	(void)state;
	uart_write(&u, UART_MCR, UART_MCR_OUT2);
	/* enabling it with THR empty raises it; reading IIR while it shows clears it */
	uart_write(&u, UART_IER_DLM, UART_IER_THRI);
	assert_true(uart_irq_pending(&u));
	assert_int_equal(uart_read(&u, UART_IIR_FCR), 0x02);
	assert_false(uart_irq_pending(&u));
	assert_int_equal(uart_read(&u, UART_IIR_FCR), 0x01);
	/* each character sent makes THR empty again */
	uart_write(&u, UART_RBR_THR_DLL, 'x');
	assert_true(uart_irq_pending(&u));
	assert_int_equal(uart_read(&u, UART_IIR_FCR), 0x02);
	/* re-writing IER with the bit already set raises nothing new */
	uart_write(&u, UART_IER_DLM, UART_IER_THRI);
	assert_int_equal(uart_read(&u, UART_IIR_FCR), 0x01);
	/* without OUT2 the PC's interrupt line stays low */
	uart_write(&u, UART_RBR_THR_DLL, 'y');
	uart_write(&u, UART_MCR, 0);
	assert_false(uart_irq_pending(&u));
	assert_int_equal(uart_read(&u, UART_IIR_FCR), 0x02);
}

static void interrupt_priorities(void **state)
{
	(void)state;
	const uint8_t in = 'q';
	uart_write(&u, UART_IER_DLM, 0x0f);
	uart_write(&u, UART_MCR, UART_MCR_DTR);     /* no modem change outside loopback */
	assert_int_equal(uart_read(&u, UART_IIR_FCR) & 0x0f, 0x02);
	uart_write(&u, UART_RBR_THR_DLL, '!');      /* THRE pending again */
	uart_receive(&u, &in, 1);
	assert_int_equal(uart_read(&u, UART_IIR_FCR), 0x04); /* data before THRE */
	assert_int_equal(uart_read(&u, UART_IIR_FCR), 0x04); /* until the data is read */
	assert_int_equal(uart_read(&u, UART_RBR_THR_DLL), 'q');
	assert_int_equal(uart_read(&u, UART_IIR_FCR), 0x02);
	uint8_t lots[UART_RX_FIFO + 1] = { 0 };
	uart_receive(&u, lots, sizeof(lots));
	assert_int_equal(uart_read(&u, UART_IIR_FCR), 0x06); /* line status (overrun) first */
	uart_read(&u, UART_LSR);
	assert_int_equal(uart_read(&u, UART_IIR_FCR), 0x04);
	uart_write(&u, UART_IIR_FCR, UART_FCR_CLEAR_RX);
	/* modem status last: entering loopback changes the lines */
	uart_write(&u, UART_MCR, UART_MCR_LOOP | UART_MCR_OUT2);
	assert_int_equal(uart_read(&u, UART_IIR_FCR), 0x00);
	uart_read(&u, UART_MSR);
	assert_int_equal(uart_read(&u, UART_IIR_FCR), 0x01);
}

static void loopback(void **state)
{
	(void)state;
	/* Linux's 8250 check: LOOP | OUT2 | RTS must show DCD | CTS */
	uart_write(&u, UART_MCR, UART_MCR_LOOP | 0x0a);
	assert_int_equal(uart_read(&u, UART_MSR) & 0xf0, 0x90);
	uart_write(&u, UART_MCR, UART_MCR_LOOP | 0x0f);
	assert_int_equal(uart_read(&u, UART_MSR) & 0xf0, 0xf0);
	uart_write(&u, UART_MCR, UART_MCR_LOOP);
	uint8_t msr = uart_read(&u, UART_MSR);
	assert_int_equal(msr & 0xf0, 0x00);
	assert_int_equal(msr & 0x0f, UART_MSR_DCTS | UART_MSR_DDSR | UART_MSR_TERI | UART_MSR_DDCD);
	assert_int_equal(uart_read(&u, UART_MSR), 0x00); /* deltas cleared by the read */
	/* data sent in loopback comes back and is not transmitted */
	uart_write(&u, UART_RBR_THR_DLL, 'L');
	assert_int_equal(nsent, 0);
	assert_int_equal(uart_read(&u, UART_LSR), 0x61);
	assert_int_equal(uart_read(&u, UART_RBR_THR_DLL), 'L');
	assert_int_equal(uart_read(&u, UART_LSR), 0x60);
	uart_write(&u, UART_MCR, 0x03);
	assert_int_equal(uart_read(&u, UART_MSR), 0xb0 | UART_MSR_DCTS | UART_MSR_DDSR | UART_MSR_DDCD);
	uart_write(&u, UART_RBR_THR_DLL, 'T');
	assert_int_equal(nsent, 1);
}

static void ri_delta_is_trailing_edge_only(void **state)
{
	(void)state;
	uart_write(&u, UART_MCR, UART_MCR_LOOP);
	uart_read(&u, UART_MSR);
	uart_write(&u, UART_MCR, UART_MCR_LOOP | UART_MCR_OUT1);
	assert_int_equal(uart_read(&u, UART_MSR), UART_MSR_RI);
	uart_write(&u, UART_MCR, UART_MCR_LOOP);
	assert_int_equal(uart_read(&u, UART_MSR), UART_MSR_TERI);
}

/* Linux drivers/tty/serial/8250/8250_port.c autoconfig(), as a sequence of register accesses. */
static void linux_8250_autoconfig_finds_a_16550a(void **state)
{
	(void)state;
	/* IER test */
	uart_write(&u, UART_IER_DLM, 0);
	assert_int_equal(uart_read(&u, UART_IER_DLM) & 0x0f, 0);
	uart_write(&u, UART_IER_DLM, 0x0f);
	assert_int_equal(uart_read(&u, UART_IER_DLM) & 0x0f, 0x0f);
	uart_write(&u, UART_IER_DLM, 0);
	/* loopback test */
	uart_write(&u, UART_MCR, UART_MCR_LOOP | 0x0a);
	assert_int_equal(uart_read(&u, UART_MSR) & 0xf0, 0x90);
	uart_write(&u, UART_MCR, 0);
	/* EFR at LCR 0xbf, then FIFO enable and IIR bits 7:6 */
	uart_write(&u, UART_LCR, 0xbf);
	uart_write(&u, UART_IIR_FCR, 0); /* EFR = 0 on a 16650; FCR here */
	uart_write(&u, UART_LCR, 0);
	uart_write(&u, UART_IIR_FCR, UART_FCR_ENABLE);
	assert_int_equal(uart_read(&u, UART_IIR_FCR) >> 6, 3); /* 16550A family */
	/* autoconfig_16550a: no EFR readable as 0 at LCR 0x80 or 0xbf */
	uart_write(&u, UART_LCR, 0x80);
	assert_int_not_equal(uart_read(&u, UART_IIR_FCR), 0);
	uart_write(&u, UART_LCR, 0xbf);
	assert_int_not_equal(uart_read(&u, UART_IIR_FCR), 0);
	/* no 64-byte FIFO (16750): IIR bits 7:5 the same with and without DLAB */
	uart_write(&u, UART_LCR, 0);
	uart_write(&u, UART_IIR_FCR, UART_FCR_ENABLE | 0x20);
	unsigned s1 = uart_read(&u, UART_IIR_FCR) >> 5;
	uart_write(&u, UART_LCR, UART_LCR_DLAB);
	uart_write(&u, UART_IIR_FCR, UART_FCR_ENABLE | 0x20);
	uart_write(&u, UART_LCR, 0);
	unsigned s2 = uart_read(&u, UART_IIR_FCR) >> 5;
	assert_int_equal(s1, 6);
	assert_false(s1 == 6 && s2 == 7);
	/* no XScale UUE bit */
	uart_write(&u, UART_IER_DLM, 0x40);
	assert_int_equal(uart_read(&u, UART_IER_DLM) & 0x40, 0);
	/* the THRE test at startup: enabling ETBEI with TEMT set must show an interrupt */
	uart_write(&u, UART_IER_DLM, UART_IER_THRI);
	uint8_t lsr = uart_read(&u, UART_LSR), iir = uart_read(&u, UART_IIR_FCR);
	assert_true(lsr & UART_LSR_TEMT);
	assert_false(iir & UART_IIR_NO_INT);
	assert_int_equal(nsent, 0); /* nothing of the probe was printed */
}

static void bus_access_widths(void **state)
{
	(void)state;
	uint64_t (*rd)(void *, uint64_t, unsigned) = uart16550_io_ops.read;
	void (*wr)(void *, uint64_t, unsigned, uint64_t) = uart16550_io_ops.write;
	assert_int_equal(rd(&u, UART_LSR, 1), 0x60);
	/* inw at LSR: LSR, then MSR */
	assert_int_equal(rd(&u, UART_LSR, 2), 0xb060);
	/* past the eight ports: all ones */
	assert_int_equal(rd(&u, UART_SCR, 2), 0xff00);
	assert_int_equal(rd(&u, UART_MSR, 4), 0xffff00b0);
	/* outw at THR: THR then IER */
	wr(&u, 0, 2, 0x0241);
	assert_int_equal(nsent, 1);
	assert_int_equal(sent[0], 'A');
	assert_int_equal(uart_read(&u, UART_IER_DLM), 0x02);
	wr(&u, UART_SCR, 4, 0x11223344); /* only SCR is inside */
	assert_int_equal(uart_read(&u, UART_SCR), 0x44);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup(reset_state, setup),
		cmocka_unit_test_setup(thr_transmits, setup),
		cmocka_unit_test_setup(divisor_latch, setup),
		cmocka_unit_test_setup(ier_keeps_four_bits_and_scratch_everything, setup),
		cmocka_unit_test_setup(fifo_bits_in_iir, setup),
		cmocka_unit_test_setup(receive_and_data_ready, setup),
		cmocka_unit_test_setup(overrun_reported_once, setup),
		cmocka_unit_test_setup(thre_interrupt, setup),
		cmocka_unit_test_setup(interrupt_priorities, setup),
		cmocka_unit_test_setup(loopback, setup),
		cmocka_unit_test_setup(ri_delta_is_trailing_edge_only, setup),
		cmocka_unit_test_setup(linux_8250_autoconfig_finds_a_16550a, setup),
		cmocka_unit_test_setup(bus_access_widths, setup),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}

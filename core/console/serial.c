/* SPDX-License-Identifier: BSD-3-Clause */
/* Polled 16550 UART driver (COM1 by default, 115200 8N1). */
#include <core/console.h>
#include <core/x86.h>

enum {
	UART_THR = 0, UART_DLL = 0, UART_IER = 1, UART_DLM = 1, UART_FCR = 2,
	UART_LCR = 3, UART_MCR = 4, UART_LSR = 5,
	UART_LSR_THRE = 0x20,
	UART_LCR_DLAB = 0x80,
};

static uint16_t serial_port;

void serial_init(uint16_t port)
{
	serial_port = port;
	outb(port + UART_IER, 0x00);
	outb(port + UART_LCR, UART_LCR_DLAB);
	outb(port + UART_DLL, 1); /* 115200 baud */
	outb(port + UART_DLM, 0);
	outb(port + UART_LCR, 0x03); /* 8N1 */
	outb(port + UART_FCR, 0x07); /* FIFOs on and cleared */
	outb(port + UART_MCR, 0x03);
}

static void serial_putc(char c)
{
	/* Bounded wait: a missing UART must not hang the hypervisor. */
	for (unsigned int i = 0; i < 100000 && !(inb(serial_port + UART_LSR) & UART_LSR_THRE); i++)
		cpu_relax();
	outb(serial_port + UART_THR, (uint8_t)c);
}

void serial_write(const char *s, size_t len)
{
	if (serial_port == 0)
		return;
	for (size_t i = 0; i < len; i++) {
		if (s[i] == '\n')
			serial_putc('\r');
		serial_putc(s[i]);
	}
}

void serial_flush(void)
{
	/* LSR bit 6 (TEMT): transmitter and FIFO empty. Bounded like serial_putc. */
	for (unsigned int i = 0; serial_port && i < 1000000 && !(inb(serial_port + UART_LSR) & 0x40); i++)
		cpu_relax();
}

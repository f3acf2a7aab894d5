/* SPDX-License-Identifier: BSD-3-Clause */
/* A vUART at 0x3f8 in a VM table, with captured output lines and IRQ level changes. */
#ifndef UART_TEST_H
#define UART_TEST_H

#include <string.h>

#include <vdev/uart16550.h>

#include "host_platform.h"

#define COM1 0x3f8u

/* Register bits the tests name that <vdev/uart16550.h> leaves to the models (PC16550D data sheet). */
#define UART_IER_RDI 0x01u  /* received data available */
#define UART_IER_RLSI 0x04u /* receiver line status */
#define UART_IIR_RDA 0x04u
#define UART_FCR_CLEAR_RX 0x02u
#define UART_LSR_DR 0x01u
#define UART_IER_MSI 0x08u  /* modem status */
#define UART_IIR_RLS 0x06u
#define UART_IIR_MSR 0x00u
#define UART_LSR_OE 0x02u
#define UART_MSR_DCTS 0x01u
#define UART_MSR_DDSR 0x02u
#define UART_MSR_TERI 0x04u
#define UART_MSR_DDCD 0x08u
#define UART_MCR_DTR 0x01u
#define UART_MCR_RTS 0x02u
#define UART_MCR_OUT1 0x04u
#define UART_MCR_OUT2 0x08u

static struct vdev_table t;
static struct vuart u;
static char lines[16][VUART_LINE_MAX + 1];
static unsigned nlines;
static unsigned irq_changes;
static bool irq_level_now;

static void cap_output(void *ctx, const char *line, size_t len)
{
	(void)ctx;
	if (nlines < 16) {
		memcpy(lines[nlines], line, len);
		lines[nlines][len] = '\0';
	}
	nlines++;
}

static void cap_irq(void *ctx, bool level)
{
	(void)ctx;
	irq_changes++;
	irq_level_now = level;
}

static int uart_setup(void **state)
{
	(void)state;
	host_platform_reset();
	nlines = 0;
	irq_changes = 0;
	irq_level_now = false;
	memset(lines, 0, sizeof(lines));
	vdev_table_init(&t, "vm0");
	const struct vuart_ops ops = { .ctx = NULL, .output = cap_output, .irq_level = cap_irq };
	vuart_init(&u, "vm0", &ops);
	return vuart_register(&u, &t, COM1);
}

static inline uint8_t in8(unsigned reg)
{
	uint32_t v = 0xdeadbeef;
	int rc = vdev_io(&t, (uint16_t)(COM1 + reg), 1, false, &v);
	return rc == VDEV_HANDLED ? (uint8_t)v : 0xee;
}

static inline void out8(unsigned reg, uint8_t val)
{
	uint32_t v = val;
	vdev_io(&t, (uint16_t)(COM1 + reg), 1, true, &v);
}

static inline void puts_uart(const char *s)
{
	while (*s)
		out8(UART_THR, (uint8_t)*s++);
}

#endif

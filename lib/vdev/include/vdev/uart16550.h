/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * A virtual 16550A UART on 8 I/O ports (registers per the TI/NS PC16550D
 * datasheet, "Register Description"). Transmission is instant: LSR.THRE and
 * LSR.TEMT always read as set, so guests that poll never wait. Output bytes are
 * collected into lines, each passed to the output callback with the VM's name as
 * prefix ("[vm0] hello", without the newline); a line is passed on '\n' or when
 * the buffer fills ('\r' is dropped). Input comes from vuart_receive().
 *
 * Interrupts: IIR is computed from IER and the state (receiver line status >
 * received data > THR empty > modem status, datasheet Table IV). The received-data
 * interrupt fires whenever data is ready (a trigger level of 1; no character
 * timeout). The line level goes to irq_level() whenever it changes; MCR.OUT2 does
 * not gate it (the core routes the line).
 */
#ifndef VDEV_UART16550_H
#define VDEV_UART16550_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include <vdev/vdev.h>

#define VUART_PORTS 8u
#define VUART_LINE_MAX 160u /* prefix included */
#define VUART_NAME_MAX 32u  /* longest VM name kept for the prefix */
#define VUART_FIFO 16u

/* Register offsets. */
#define UART_RBR 0u /* read, DLAB 0 */
#define UART_THR 0u /* write, DLAB 0 */
#define UART_DLL 0u /* DLAB 1 */
#define UART_IER 1u /* DLAB 0 */
#define UART_DLM 1u /* DLAB 1 */
#define UART_IIR 2u /* read */
#define UART_FCR 2u /* write */
#define UART_LCR 3u
#define UART_MCR 4u
#define UART_LSR 5u
#define UART_MSR 6u
#define UART_SCR 7u

#define UART_IER_THRI 0x02u /* THR empty */

#define UART_IIR_NONE 0x01u
#define UART_IIR_THRE 0x02u
#define UART_IIR_FIFOS 0xc0u

#define UART_FCR_ENABLE 0x01u

#define UART_LCR_DLAB 0x80u

#define UART_MCR_LOOP 0x10u

#define UART_LSR_THRE 0x20u
#define UART_LSR_TEMT 0x40u

#define UART_MSR_CTS 0x10u
#define UART_MSR_DSR 0x20u
#define UART_MSR_RI 0x40u
#define UART_MSR_DCD 0x80u

struct vuart_ops {
	void *ctx;
	void (*output)(void *ctx, const char *line, size_t len); /* one line, prefix included, no newline, NUL-terminated */
	void (*irq_level)(void *ctx, bool asserted);             /* may be NULL */
};

struct vuart {
	struct vuart_ops ops;
	uint8_t ier, lcr, mcr, scr, dll, dlm, fcr;
	uint8_t lsr_errors;   /* OE until LSR is read */
	uint8_t msr_delta;    /* DCTS/DDSR/TERI/DDCD until MSR is read */
	bool thre_pending;    /* THR-empty interrupt not yet acknowledged */
	bool irq;             /* the level last reported */
	uint8_t rx[VUART_FIFO];
	uint8_t rx_head, rx_count;
	char line[VUART_LINE_MAX + 1]; /* NUL-terminated when passed on */
	size_t prefix_len, line_len;
};

/* Reset state (datasheet "Reset" table); the divisor latch starts at 1 (115200 baud). */
void vuart_init(struct vuart *u, const char *vm_name, const struct vuart_ops *ops);

/* Claim ports base..base+7 in t. */
int vuart_register(struct vuart *u, struct vdev_table *t, uint16_t base);

/* The port handlers (dev is the struct vuart; port is absolute, offset = port & 7). */
int vuart_read(void *dev, uint16_t port, unsigned int size, uint32_t *val);
int vuart_write(void *dev, uint16_t port, unsigned int size, uint32_t val);

/* Bytes for the guest (RBR, LSR.DR). Returns how many fit (FIFO 16, or 1 with FIFOs off); none in loopback. */
size_t vuart_receive(struct vuart *u, const uint8_t *data, size_t len);

/* Pass on a partial line (e.g. when the VM stops). */
void vuart_flush(struct vuart *u);

#endif

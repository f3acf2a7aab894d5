/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * A 16550A UART's registers (8 ports from the base; National Semiconductor PC16550D data sheet): enough for
 * polled output from the test guests and for Linux's 8250 driver to probe it as a 16550A. Transmission is
 * instant (THR and the transmitter are always empty again), there is no baud rate; the interrupt state is
 * kept (IIR, uart_irq_pending) for when the device model can raise the VM's IRQ line.
 */
#ifndef DM_UART16550_H
#define DM_UART16550_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "io_bus.h"

#define UART_PORTS 8u
#define UART_RX_FIFO 16u

/* Register offsets (DLAB = LCR bit 7 selects DLL/DLM at 0/1). */
enum {
	UART_RBR_THR_DLL = 0,
	UART_IER_DLM = 1,
	UART_IIR_FCR = 2,
	UART_LCR = 3,
	UART_MCR = 4,
	UART_LSR = 5,
	UART_MSR = 6,
	UART_SCR = 7,
};

#define UART_IER_RDI 0x01u   /* received data available */
#define UART_IER_THRI 0x02u  /* THR empty */
#define UART_IER_RLSI 0x04u  /* receiver line status */
#define UART_IER_MSI 0x08u   /* modem status */
#define UART_IIR_NO_INT 0x01u
#define UART_IIR_MSI 0x00u
#define UART_IIR_THRI 0x02u
#define UART_IIR_RDI 0x04u
#define UART_IIR_RLSI 0x06u
#define UART_IIR_FIFOS 0xc0u
#define UART_FCR_ENABLE 0x01u
#define UART_FCR_CLEAR_RX 0x02u
#define UART_LCR_DLAB 0x80u
#define UART_MCR_DTR 0x01u
#define UART_MCR_RTS 0x02u
#define UART_MCR_OUT1 0x04u
#define UART_MCR_OUT2 0x08u
#define UART_MCR_LOOP 0x10u
#define UART_LSR_DR 0x01u
#define UART_LSR_OE 0x02u
#define UART_LSR_THRE 0x20u
#define UART_LSR_TEMT 0x40u
#define UART_MSR_DCTS 0x01u
#define UART_MSR_DDSR 0x02u
#define UART_MSR_TERI 0x04u
#define UART_MSR_DDCD 0x08u
#define UART_MSR_CTS 0x10u
#define UART_MSR_DSR 0x20u
#define UART_MSR_RI 0x40u
#define UART_MSR_DCD 0x80u

struct uart16550 {
	uint8_t ier, lcr, mcr, scr, dll, dlm;
	uint8_t msr_delta;   /* MSR bits 3:0, cleared when MSR is read */
	bool fifo_enabled;
	bool thre_pending;   /* the THR-empty interrupt condition (cleared by reading IIR while it is the one shown) */
	bool overrun;        /* LSR.OE until LSR is read */
	uint8_t rx[UART_RX_FIFO];
	unsigned rx_head, rx_count;
	void (*tx)(void *ctx, uint8_t byte); /* a transmitted byte (not in loopback mode) */
	void *tx_ctx;
};

void uart_init(struct uart16550 *u, void (*tx)(void *ctx, uint8_t byte), void *tx_ctx);
uint8_t uart_read(struct uart16550 *u, unsigned reg);
void uart_write(struct uart16550 *u, unsigned reg, uint8_t value);

/* Bytes arriving on the line (host input); returns how many fit, the rest is an overrun. */
size_t uart_receive(struct uart16550 *u, const uint8_t *bytes, size_t n);
/* Whether the UART asserts its interrupt (an enabled condition, and OUT2 as on a PC). */
bool uart_irq_pending(const struct uart16550 *u);

/* Bus handlers (ctx: struct uart16550 *); a wider access is one byte access per port, all ones past the 8. */
extern const struct io_ops uart16550_io_ops;

#endif

/* SPDX-License-Identifier: BSD-3-Clause */
#include "uart16550.h"

#include <string.h>

void uart_init(struct uart16550 *u, void (*tx)(void *ctx, uint8_t byte), void *tx_ctx)
{
	memset(u, 0, sizeof(*u));
	u->dll = 0x01; /* 115200 baud at the PC's 1.8432 MHz clock; nothing depends on it */
	u->tx = tx;
	u->tx_ctx = tx_ctx;
}

/* The modem inputs: in loopback the MCR outputs (RTS->CTS, DTR->DSR, OUT1->RI, OUT2->DCD); otherwise a
 * terminal that is always there (CTS, DSR, DCD). */
static uint8_t modem_lines(const struct uart16550 *u)
{
	if (!(u->mcr & UART_MCR_LOOP))
		return UART_MSR_CTS | UART_MSR_DSR | UART_MSR_DCD;
	uint8_t m = 0;
	if (u->mcr & UART_MCR_RTS)
		m |= UART_MSR_CTS;
	if (u->mcr & UART_MCR_DTR)
		m |= UART_MSR_DSR;
	if (u->mcr & UART_MCR_OUT1)
		m |= UART_MSR_RI;
	if (u->mcr & UART_MCR_OUT2)
		m |= UART_MSR_DCD;
	return m;
}

static void set_mcr(struct uart16550 *u, uint8_t v)
{
	uint8_t before = modem_lines(u);
	u->mcr = v & 0x1f;
	uint8_t after = modem_lines(u), changed = before ^ after;
	if (changed & UART_MSR_CTS)
		u->msr_delta |= UART_MSR_DCTS;
	if (changed & UART_MSR_DSR)
		u->msr_delta |= UART_MSR_DDSR;
	if ((before & UART_MSR_RI) && !(after & UART_MSR_RI)) /* trailing edge only */
		u->msr_delta |= UART_MSR_TERI;
	if (changed & UART_MSR_DCD)
		u->msr_delta |= UART_MSR_DDCD;
}

static void rx_push(struct uart16550 *u, uint8_t byte)
{
	if (u->rx_count == UART_RX_FIFO) {
		u->overrun = true;
		return;
	}
	u->rx[(u->rx_head + u->rx_count++) % UART_RX_FIFO] = byte;
}

static uint8_t rx_pop(struct uart16550 *u)
{
	if (u->rx_count == 0)
		return 0;
	uint8_t b = u->rx[u->rx_head];
	u->rx_head = (u->rx_head + 1) % UART_RX_FIFO;
	u->rx_count--;
	return b;
}

/* The highest-priority pending interrupt (data sheet table 4). */
static uint8_t iir_id(const struct uart16550 *u)
{
	if ((u->ier & UART_IER_RLSI) && u->overrun)
		return UART_IIR_RLSI;
	if ((u->ier & UART_IER_RDI) && u->rx_count)
		return UART_IIR_RDI;
	if ((u->ier & UART_IER_THRI) && u->thre_pending)
		return UART_IIR_THRI;
	if ((u->ier & UART_IER_MSI) && u->msr_delta)
		return UART_IIR_MSI;
	return UART_IIR_NO_INT;
}

bool uart_irq_pending(const struct uart16550 *u)
{
	return iir_id(u) != UART_IIR_NO_INT && (u->mcr & UART_MCR_OUT2);
}

size_t uart_receive(struct uart16550 *u, const uint8_t *bytes, size_t n)
{
	size_t i = 0;
	for (; i < n && u->rx_count < UART_RX_FIFO; i++)
		rx_push(u, bytes[i]);
	if (i < n)
		u->overrun = true;
	return i;
}

uint8_t uart_read(struct uart16550 *u, unsigned reg)
{
	bool dlab = u->lcr & UART_LCR_DLAB;
	uint8_t v;

	switch (reg) {
	case UART_RBR_THR_DLL:
		return dlab ? u->dll : rx_pop(u);
	case UART_IER_DLM:
		return dlab ? u->dlm : u->ier;
	case UART_IIR_FCR:
		v = iir_id(u);
		if (v == UART_IIR_THRI)
			u->thre_pending = false; /* reading IIR while it shows THRE clears that interrupt */
		return v | (u->fifo_enabled ? UART_IIR_FIFOS : 0);
	case UART_LCR:
		return u->lcr;
	case UART_MCR:
		return u->mcr;
	case UART_LSR:
		v = UART_LSR_THRE | UART_LSR_TEMT | (u->rx_count ? UART_LSR_DR : 0) | (u->overrun ? UART_LSR_OE : 0);
		u->overrun = false;
		return v;
	case UART_MSR:
		v = modem_lines(u) | u->msr_delta;
		u->msr_delta = 0;
		return v;
	case UART_SCR:
		return u->scr;
	default:
		return 0xff;
	}
}

void uart_write(struct uart16550 *u, unsigned reg, uint8_t v)
{
	bool dlab = u->lcr & UART_LCR_DLAB;

	switch (reg) {
	case UART_RBR_THR_DLL:
		if (dlab) {
			u->dll = v;
		} else {
			if (u->mcr & UART_MCR_LOOP)
				rx_push(u, v);
			else if (u->tx)
				u->tx(u->tx_ctx, v);
			u->thre_pending = true; /* sent at once: THR is empty again */
		}
		break;
	case UART_IER_DLM:
		if (dlab) {
			u->dlm = v;
		} else {
			/* Enabling the THRE interrupt while THR is empty raises it (as the 16550 does). */
			if (!(u->ier & UART_IER_THRI) && (v & UART_IER_THRI))
				u->thre_pending = true;
			u->ier = v & 0x0f;
		}
		break;
	case UART_IIR_FCR:
		if ((bool)(v & UART_FCR_ENABLE) != u->fifo_enabled || (v & UART_FCR_CLEAR_RX))
			u->rx_count = 0; /* changing the FIFO mode clears the FIFOs */
		u->fifo_enabled = v & UART_FCR_ENABLE;
		break;
	case UART_LCR:
		u->lcr = v;
		break;
	case UART_MCR:
		set_mcr(u, v);
		break;
	case UART_SCR:
		u->scr = v;
		break;
	default: /* LSR and MSR: read-only here */
		break;
	}
}

static uint64_t io_read(void *ctx, uint64_t offset, unsigned size)
{
	uint64_t v = 0;
	for (unsigned i = 0; i < size; i++) {
		uint64_t b = offset + i < UART_PORTS ? uart_read(ctx, (unsigned)(offset + i)) : 0xff;
		v |= b << (8 * i);
	}
	return v;
}

static void io_write(void *ctx, uint64_t offset, unsigned size, uint64_t value)
{
	for (unsigned i = 0; i < size && offset + i < UART_PORTS; i++)
		uart_write(ctx, (unsigned)(offset + i), (uint8_t)(value >> (8 * i)));
}

const struct io_ops uart16550_io_ops = { io_read, io_write };

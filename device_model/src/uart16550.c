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
	/* In priority order: receiver line status, received data, THR empty, modem status. */
	const struct {
		uint8_t ier, id;
		bool pending;
	} source[] = {
		{ UART_IER_RLSI, UART_IIR_RLSI, u->overrun },
		{ UART_IER_RDI, UART_IIR_RDI, u->rx_count != 0 },
		{ UART_IER_THRI, UART_IIR_THRI, u->thre_pending },
		{ UART_IER_MSI, UART_IIR_MSI, u->msr_delta != 0 },
	};
	for (size_t i = 0; i < sizeof(source) / sizeof(source[0]); i++)
		if ((u->ier & source[i].ier) && source[i].pending)
			return source[i].id;
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

/* Registers by offset (data sheet table 2); DLAB in LCR switches offsets 0 and 1 to the divisor latch. */

static bool dlab(const struct uart16550 *u)
{
	return u->lcr & UART_LCR_DLAB;
}

static uint8_t rbr_read(struct uart16550 *u)
{
	return dlab(u) ? u->dll : rx_pop(u);
}

static uint8_t ier_read(struct uart16550 *u)
{
	return dlab(u) ? u->dlm : u->ier;
}

static uint8_t iir_read(struct uart16550 *u)
{
	uint8_t v = iir_id(u);
	if (v == UART_IIR_THRI)
		u->thre_pending = false; /* reading IIR while it shows THRE clears that interrupt */
	return v | (u->fifo_enabled ? UART_IIR_FIFOS : 0);
}

static uint8_t lcr_read(struct uart16550 *u)
{
	return u->lcr;
}

static uint8_t mcr_read(struct uart16550 *u)
{
	return u->mcr;
}

/* THR is always empty (bytes leave at once); reading LSR clears the overrun error. */
static uint8_t lsr_read(struct uart16550 *u)
{
	uint8_t v = UART_LSR_THRE | UART_LSR_TEMT | (u->rx_count ? UART_LSR_DR : 0) | (u->overrun ? UART_LSR_OE : 0);
	u->overrun = false;
	return v;
}

/* Reading MSR clears its delta bits. */
static uint8_t msr_read(struct uart16550 *u)
{
	uint8_t v = modem_lines(u) | u->msr_delta;
	u->msr_delta = 0;
	return v;
}

static uint8_t scr_read(struct uart16550 *u)
{
	return u->scr;
}

uint8_t uart_read(struct uart16550 *u, unsigned reg)
{
	static uint8_t (*const readers[])(struct uart16550 *u) = {
		[UART_RBR_THR_DLL] = rbr_read, [UART_IER_DLM] = ier_read, [UART_IIR_FCR] = iir_read,
		[UART_LCR] = lcr_read, [UART_MCR] = mcr_read, [UART_LSR] = lsr_read, [UART_MSR] = msr_read,
		[UART_SCR] = scr_read,
	};
	return reg < sizeof(readers) / sizeof(readers[0]) ? readers[reg](u) : 0xff;
}

static void thr_write(struct uart16550 *u, uint8_t v)
{
	if (dlab(u)) {
		u->dll = v;
		return;
	}
	if (u->mcr & UART_MCR_LOOP)
		rx_push(u, v);
	else if (u->tx)
		u->tx(u->tx_ctx, v);
	u->thre_pending = true; /* sent at once: THR is empty again */
}

static void ier_write(struct uart16550 *u, uint8_t v)
{
	if (dlab(u)) {
		u->dlm = v;
		return;
	}
	/* Enabling the THRE interrupt while THR is empty raises it (as the 16550 does). */
	if (!(u->ier & UART_IER_THRI) && (v & UART_IER_THRI))
		u->thre_pending = true;
	u->ier = v & 0x0f;
}

static void fcr_write(struct uart16550 *u, uint8_t v)
{
	if ((bool)(v & UART_FCR_ENABLE) != u->fifo_enabled || (v & UART_FCR_CLEAR_RX))
		u->rx_count = 0; /* changing the FIFO mode clears the FIFOs */
	u->fifo_enabled = v & UART_FCR_ENABLE;
}

static void lcr_write(struct uart16550 *u, uint8_t v)
{
	u->lcr = v;
}

static void scr_write(struct uart16550 *u, uint8_t v)
{
	u->scr = v;
}

void uart_write(struct uart16550 *u, unsigned reg, uint8_t v)
{
	/* LSR and MSR are read-only here. */
	static void (*const writers[])(struct uart16550 *u, uint8_t v) = {
		[UART_RBR_THR_DLL] = thr_write, [UART_IER_DLM] = ier_write, [UART_IIR_FCR] = fcr_write,
		[UART_LCR] = lcr_write, [UART_MCR] = set_mcr, [UART_SCR] = scr_write,
	};
	if (reg < sizeof(writers) / sizeof(writers[0]) && writers[reg] != NULL)
		writers[reg](u, v);
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

/* SPDX-License-Identifier: BSD-3-Clause */
/* The 16550A's register file, receiver FIFO and interrupt logic (PC16550D datasheet). */
#include <string.h>

#include <hvkit/platform.h>

#include "uart_internal.h"

/* MSR inputs of a connected terminal: clear to send, data set ready, carrier detect. */
#define MSR_CONNECTED (UART_MSR_CTS | UART_MSR_DSR | UART_MSR_DCD)

void vuart_init(struct vuart *u, const char *vm_name, const struct vuart_ops *ops)
{
	memset(u, 0, sizeof(*u));
	if (ops)
		u->ops = *ops;
	u->dll = 1;
	vuart_line_init(u, vm_name);
}

static unsigned int rx_depth(const struct vuart *u)
{
	return (u->fcr & UART_FCR_ENABLE) ? VUART_FIFO : 1u;
}

/* In loopback the modem inputs are the modem outputs: RTS->CTS, DTR->DSR, OUT1->RI, OUT2->DCD. */
static uint8_t msr_status(uint8_t mcr)
{
	if (!(mcr & UART_MCR_LOOP))
		return MSR_CONNECTED;
	uint8_t s = 0;
	s |= (mcr & UART_MCR_RTS) ? UART_MSR_CTS : 0;
	s |= (mcr & UART_MCR_DTR) ? UART_MSR_DSR : 0;
	s |= (mcr & UART_MCR_OUT1) ? UART_MSR_RI : 0;
	s |= (mcr & UART_MCR_OUT2) ? UART_MSR_DCD : 0;
	return s;
}

/* Highest-priority pending interrupt (datasheet Table IV). */
static uint8_t iir_id(const struct vuart *u)
{
	if ((u->ier & UART_IER_RLSI) && u->lsr_errors)
		return UART_IIR_RLS;
	if ((u->ier & UART_IER_RDI) && u->rx_count)
		return UART_IIR_RDA;
	if ((u->ier & UART_IER_THRI) && u->thre_pending)
		return UART_IIR_THRE;
	if ((u->ier & UART_IER_MSI) && u->msr_delta)
		return UART_IIR_MSR;
	return UART_IIR_NONE;
}

static void update_irq(struct vuart *u)
{
	bool level = iir_id(u) != UART_IIR_NONE;
	if (level != u->irq) {
		u->irq = level;
		if (u->ops.irq_level)
			u->ops.irq_level(u->ops.ctx, level);
	}
}

static bool rx_push(struct vuart *u, uint8_t c)
{
	if (u->rx_count >= rx_depth(u))
		return false;
	u->rx[(u->rx_head + u->rx_count) % VUART_FIFO] = c;
	u->rx_count++;
	return true;
}

static uint8_t rx_pop(struct vuart *u)
{
	if (u->rx_count == 0)
		return 0;
	uint8_t c = u->rx[u->rx_head];
	u->rx_head = (uint8_t)((u->rx_head + 1) % VUART_FIFO);
	u->rx_count--;
	return c;
}

static void transmit(struct vuart *u, uint8_t c)
{
	if (u->mcr & UART_MCR_LOOP) {
		if (!rx_push(u, c))
			u->lsr_errors |= UART_LSR_OE; /* the FIFO keeps its bytes; the new one is lost */
	} else {
		vuart_line_put(u, c);
	}
	/* Sent at once: THR is empty again, which raises THRE (datasheet: "THRE interrupt"). */
	u->thre_pending = true;
}

static void set_mcr(struct vuart *u, uint8_t v)
{
	uint8_t before = msr_status(u->mcr), after = msr_status(v & 0x1f);
	uint8_t changed = before ^ after;
	u->mcr = v & 0x1f;
	u->msr_delta |= (changed & UART_MSR_CTS) ? UART_MSR_DCTS : 0;
	u->msr_delta |= (changed & UART_MSR_DSR) ? UART_MSR_DDSR : 0;
	u->msr_delta |= ((before & UART_MSR_RI) && !(after & UART_MSR_RI)) ? UART_MSR_TERI : 0; /* trailing edge */
	u->msr_delta |= (changed & UART_MSR_DCD) ? UART_MSR_DDCD : 0;
}

static void set_fcr(struct vuart *u, uint8_t v)
{
	/* Changing FCR0 resets both FIFOs (datasheet, FCR bit 0). */
	if (((v ^ u->fcr) & UART_FCR_ENABLE) || (v & UART_FCR_CLEAR_RX))
		u->rx_head = u->rx_count = 0;
	u->fcr = v & 0xc9; /* enable, DMA mode, trigger level; the clear bits self-reset */
}

int vuart_write(void *dev, uint16_t port, unsigned int size, uint32_t val)
{
	struct vuart *u = dev;
	uint8_t v = (uint8_t)val;
	bool dlab = u->lcr & UART_LCR_DLAB;
	(void)size;
	switch (port & 7u) {
	case UART_THR:
		if (dlab)
			u->dll = v;
		else
			transmit(u, v);
		break;
	case UART_IER:
		if (dlab) {
			u->dlm = v;
		} else {
			/* Enabling the THRE interrupt while THR is empty raises it at once. */
			if ((v & UART_IER_THRI) && !(u->ier & UART_IER_THRI))
				u->thre_pending = true;
			u->ier = v & 0x0f;
		}
		break;
	case UART_FCR:
		set_fcr(u, v);
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
	default: /* LSR and MSR: factory test only, ignored */
		break;
	}
	update_irq(u);
	return 0;
}

int vuart_read(void *dev, uint16_t port, unsigned int size, uint32_t *val)
{
	struct vuart *u = dev;
	bool dlab = u->lcr & UART_LCR_DLAB;
	uint8_t v = 0;
	(void)size;
	switch (port & 7u) {
	case UART_RBR:
		v = dlab ? u->dll : rx_pop(u);
		break;
	case UART_IER:
		v = dlab ? u->dlm : u->ier;
		break;
	case UART_IIR:
		v = iir_id(u);
		if (v == UART_IIR_THRE)
			u->thre_pending = false; /* reading IIR acknowledges a THRE interrupt it reports */
		if (u->fcr & UART_FCR_ENABLE)
			v |= UART_IIR_FIFOS;
		break;
	case UART_LCR:
		v = u->lcr;
		break;
	case UART_MCR:
		v = u->mcr;
		break;
	case UART_LSR:
		v = UART_LSR_THRE | UART_LSR_TEMT | u->lsr_errors | (u->rx_count ? UART_LSR_DR : 0);
		u->lsr_errors = 0;
		break;
	case UART_MSR:
		v = msr_status(u->mcr) | u->msr_delta;
		u->msr_delta = 0;
		break;
	case UART_SCR:
		v = u->scr;
		break;
	}
	*val = v;
	update_irq(u);
	return 0;
}

size_t vuart_receive(struct vuart *u, const uint8_t *data, size_t len)
{
	size_t n = 0;
	/* In loopback the serial input is disconnected (datasheet, MCR bit 4). */
	while (!(u->mcr & UART_MCR_LOOP) && n < len && rx_push(u, data[n]))
		n++;
	update_irq(u);
	return n;
}

int vuart_register(struct vuart *u, struct vdev_table *t, uint16_t base)
{
	const struct vdev_io_range r = { .base = base, .len = VUART_PORTS, .byte_access = true, .name = "vuart",
					 .dev = u, .read = vuart_read, .write = vuart_write };
	return vdev_register(t, &r);
}

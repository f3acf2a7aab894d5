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

/* The interrupt sources with a condition pending, as IER bits. */
static uint8_t pending_sources(const struct vuart *u)
{
	uint8_t s = 0;
	s |= u->lsr_errors ? UART_IER_RLSI : 0;
	s |= u->rx_count ? UART_IER_RDI : 0;
	s |= u->thre_pending ? UART_IER_THRI : 0;
	s |= u->msr_delta ? UART_IER_MSI : 0;
	return s;
}

/* Interrupt identification in priority order, highest first (datasheet Table IV). */
static const struct {
	uint8_t ier_bit, iir_id;
} IIR_PRIORITY[] = {
	{ UART_IER_RLSI, UART_IIR_RLS },
	{ UART_IER_RDI, UART_IIR_RDA },
	{ UART_IER_THRI, UART_IIR_THRE },
	{ UART_IER_MSI, UART_IIR_MSR },
};

/* Highest-priority pending interrupt (datasheet Table IV). */
static uint8_t iir_id(const struct vuart *u)
{
	uint8_t active = u->ier & pending_sources(u);
	for (size_t i = 0; i < sizeof(IIR_PRIORITY) / sizeof(IIR_PRIORITY[0]); i++)
		if (active & IIR_PRIORITY[i].ier_bit)
			return IIR_PRIORITY[i].iir_id;
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

static void transmit(struct vuart *u, uint8_t c)
{
	if (u->mcr & UART_MCR_LOOP) {
		if (!vuart_rx_push(u, c))
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

/* Writes, one handler per register offset (DLAB selects the divisor latch at offsets 0 and 1). */
static void wr_thr(struct vuart *u, uint8_t v)
{
	if (u->lcr & UART_LCR_DLAB)
		u->dll = v;
	else
		transmit(u, v);
}

static void wr_lcr(struct vuart *u, uint8_t v)
{
	u->lcr = v;
}

static void wr_scr(struct vuart *u, uint8_t v)
{
	u->scr = v;
}

static void wr_ignored(struct vuart *u, uint8_t v)
{
	(void)u;
	(void)v;
}

static void (*const REG_WRITE[8])(struct vuart *u, uint8_t v) = {
	[UART_THR] = wr_thr, [UART_IER] = vuart_wr_ier, [UART_FCR] = vuart_wr_fcr, [UART_LCR] = wr_lcr,
	[UART_MCR] = set_mcr, [UART_SCR] = wr_scr,
	[UART_LSR] = wr_ignored, [UART_MSR] = wr_ignored, /* factory test only */
};

int vuart_write(void *dev, uint16_t port, unsigned int size, uint32_t val)
{
	struct vuart *u = dev;
	(void)size;
	REG_WRITE[port & 7u](u, (uint8_t)val);
	update_irq(u);
	return 0;
}

/* Reads, one handler per register offset; reading IIR, LSR or MSR has side effects. */
static uint8_t rd_rbr(struct vuart *u)
{
	return (u->lcr & UART_LCR_DLAB) ? u->dll : vuart_rx_pop(u);
}

static uint8_t rd_ier(struct vuart *u)
{
	return (u->lcr & UART_LCR_DLAB) ? u->dlm : u->ier;
}

static uint8_t rd_iir(struct vuart *u)
{
	uint8_t v = iir_id(u);
	if (v == UART_IIR_THRE)
		u->thre_pending = false; /* reading IIR acknowledges a THRE interrupt it reports */
	if (u->fcr & UART_FCR_ENABLE)
		v |= UART_IIR_FIFOS;
	return v;
}

static uint8_t rd_lcr(struct vuart *u)
{
	return u->lcr;
}

static uint8_t rd_mcr(struct vuart *u)
{
	return u->mcr;
}

static uint8_t rd_lsr(struct vuart *u)
{
	uint8_t v = UART_LSR_THRE | UART_LSR_TEMT | u->lsr_errors | (u->rx_count ? UART_LSR_DR : 0);
	u->lsr_errors = 0;
	return v;
}

static uint8_t rd_msr(struct vuart *u)
{
	uint8_t v = msr_status(u->mcr) | u->msr_delta;
	u->msr_delta = 0;
	return v;
}

static uint8_t rd_scr(struct vuart *u)
{
	return u->scr;
}

static uint8_t (*const REG_READ[8])(struct vuart *u) = {
	[UART_RBR] = rd_rbr, [UART_IER] = rd_ier, [UART_IIR] = rd_iir, [UART_LCR] = rd_lcr,
	[UART_MCR] = rd_mcr, [UART_LSR] = rd_lsr, [UART_MSR] = rd_msr, [UART_SCR] = rd_scr,
};

int vuart_read(void *dev, uint16_t port, unsigned int size, uint32_t *val)
{
	struct vuart *u = dev;
	(void)size;
	*val = REG_READ[port & 7u](u);
	update_irq(u);
	return 0;
}

size_t vuart_receive(struct vuart *u, const uint8_t *data, size_t len)
{
	size_t n = 0;
	/* In loopback the serial input is disconnected (datasheet, MCR bit 4). */
	while (!(u->mcr & UART_MCR_LOOP) && n < len && vuart_rx_push(u, data[n]))
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

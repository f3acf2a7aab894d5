/* SPDX-License-Identifier: BSD-3-Clause */
/* The 16550A's register file, receiver FIFO and interrupt logic (PC16550D datasheet). */
#include <string.h>

#include <hvkit/platform.h>

#include "uart_internal.h"

/* The interrupt sources and status bits only this model has (the polled one: uart16550_polled.c). */
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

void vuart_init(struct vuart *u, const char *vm_name, const struct vuart_ops *ops)
{
	memset(u, 0, sizeof(*u));
	if (ops)
		u->ops = *ops;
	u->dll = 1;
	vuart_line_init(u, vm_name);
}

/* The receiver FIFO (16 bytes, or a one-byte holding register while FCR's enable bit is clear): a byte that
 * does not fit is refused (false) for the caller to count as an overrun or leave pending. */
static bool rx_push(struct vuart *u, uint8_t c)
{
	if (u->rx_count >= ((u->fcr & UART_FCR_ENABLE) ? VUART_FIFO : 1u))
		return false;
	u->rx[(u->rx_head + u->rx_count) % VUART_FIFO] = c;
	u->rx_count++;
	return true;
}

/* The oldest received byte, 0 when none is waiting. */
static uint8_t rx_pop(struct vuart *u)
{
	if (u->rx_count == 0)
		return 0;
	uint8_t c = u->rx[u->rx_head];
	u->rx_head = (uint8_t)((u->rx_head + 1) % VUART_FIFO);
	u->rx_count--;
	return c;
}

/* FCR: changing bit 0 (FIFO enable) or setting bit 1 empties the receiver FIFO; the clear bits self-reset. */
static void wr_fcr(struct vuart *u, uint8_t v)
{
	if (((v ^ u->fcr) & UART_FCR_ENABLE) || (v & UART_FCR_CLEAR_RX))
		u->rx_head = u->rx_count = 0;
	u->fcr = v & 0xc9; /* enable, DMA mode, trigger level */
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
	uint8_t before = vuart_msr_status(u->mcr), after = vuart_msr_status(v & 0x1f);
	uint8_t changed = before ^ after;
	u->mcr = v & 0x1f;
	u->msr_delta |= (changed & UART_MSR_CTS) ? UART_MSR_DCTS : 0;
	u->msr_delta |= (changed & UART_MSR_DSR) ? UART_MSR_DDSR : 0;
	u->msr_delta |= ((before & UART_MSR_RI) && !(after & UART_MSR_RI)) ? UART_MSR_TERI : 0; /* trailing edge */
	u->msr_delta |= (changed & UART_MSR_DCD) ? UART_MSR_DDCD : 0;
}

/* THR (DLL while LCR.DLAB is set). */
static void wr_thr(struct vuart *u, uint8_t v)
{
	if (u->lcr & UART_LCR_DLAB)
		u->dll = v;
	else
		transmit(u, v);
}

/* Writes: THR, IER, FCR and MCR act; LCR and SCR are plain registers; LSR and MSR writes (factory test only)
 * are ignored. */
int vuart_write(void *dev, uint16_t port, unsigned int size, uint32_t val)
{
	static void (*const ACT[8])(struct vuart *u, uint8_t v) = {
		[UART_THR] = wr_thr, [UART_IER] = vuart_wr_ier, [UART_FCR] = wr_fcr, [UART_MCR] = set_mcr,
	};
	struct vuart *u = dev;
	uint8_t *plain[8] = { [UART_LCR] = &u->lcr, [UART_SCR] = &u->scr };
	unsigned int reg = port & 7u;
	(void)size;
	if (ACT[reg])
		ACT[reg](u, (uint8_t)val);
	else if (plain[reg])
		*plain[reg] = (uint8_t)val;
	update_irq(u);
	return 0;
}

/* Reads with side effects: IIR, LSR and MSR (RBR: the receiver FIFO's rx_pop). */
static uint8_t rd_iir(struct vuart *u)
{
	uint8_t v = iir_id(u);
	if (v == UART_IIR_THRE)
		u->thre_pending = false; /* reading IIR acknowledges a THRE interrupt it reports */
	if (u->fcr & UART_FCR_ENABLE)
		v |= UART_IIR_FIFOS;
	return v;
}

static uint8_t rd_lsr(struct vuart *u)
{
	uint8_t v = UART_LSR_THRE | UART_LSR_TEMT | u->lsr_errors | (u->rx_count ? UART_LSR_DR : 0);
	u->lsr_errors = 0;
	return v;
}

static uint8_t rd_msr(struct vuart *u)
{
	uint8_t v = vuart_msr_status(u->mcr) | u->msr_delta;
	u->msr_delta = 0;
	return v;
}

/* Reads: the register file but for IIR, LSR, MSR and RBR (DLAB selects the divisor latch at offsets 0 and 1). */
int vuart_read(void *dev, uint16_t port, unsigned int size, uint32_t *val)
{
	static uint8_t (*const ACT[8])(struct vuart *u) = { [UART_IIR] = rd_iir, [UART_LSR] = rd_lsr, [UART_MSR] = rd_msr };
	struct vuart *u = dev;
	bool dlab = (u->lcr & UART_LCR_DLAB) != 0;
	const uint8_t regs[8] = { [UART_DLL] = u->dll, [UART_IER] = dlab ? u->dlm : u->ier, [UART_LCR] = u->lcr,
				  [UART_MCR] = u->mcr, [UART_SCR] = u->scr };
	unsigned int reg = port & 7u;
	(void)size;
	if (ACT[reg])
		*val = ACT[reg](u);
	else if (reg == UART_RBR && !dlab)
		*val = rx_pop(u);
	else
		*val = regs[reg];
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

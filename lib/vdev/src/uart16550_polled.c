/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * The polled 16550A of the lapic_pt image (the full one: uart16550.c), whose VMs have no interrupt controller to
 * take a serial line: the same registers, receiver FIFO, divisor latch, scratch and loopback (PC16550D data sheet),
 * but no interrupt line (ops.irq_level is never called) and no line-status or modem-status interrupt sources:
 * IIR identifies only received data and THR empty, which is what a polling driver reads (Linux's 8250 with irq 0
 * reads IIR from a timer), LSR never reports an overrun (a byte looped back into a full FIFO is lost) and MSR
 * never has delta bits.
 */
#include <string.h>

#include "uart_internal.h"

void vuart_init(struct vuart *u, const char *vm_name, const struct vuart_ops *ops)
{
	memset(u, 0, sizeof(*u));
	if (ops)
		u->ops = *ops;
	u->dll = 1;
	vuart_line_init(u, vm_name);
}

/* Received data outranks THR empty (data sheet Table IV); reading IIR acknowledges a THRE it reports. */
static uint8_t rd_iir(struct vuart *u)
{
	uint8_t id = UART_IIR_NONE;
	if ((u->ier & UART_IER_RDI) && u->rx_count)
		id = UART_IIR_RDA;
	else if ((u->ier & UART_IER_THRI) && u->thre_pending)
		id = UART_IIR_THRE;
	if (id == UART_IIR_THRE)
		u->thre_pending = false;
	return (u->fcr & UART_FCR_ENABLE) ? (uint8_t)(id | UART_IIR_FIFOS) : id;
}

/* Reads: RBR and IIR have side effects; the rest is the register file (DLAB selects the divisor latch). */
int vuart_read(void *dev, uint16_t port, unsigned int size, uint32_t *val)
{
	struct vuart *u = dev;
	bool dlab = (u->lcr & UART_LCR_DLAB) != 0;
	const uint8_t regs[8] = {
		[UART_DLL] = u->dll, [UART_IER] = dlab ? u->dlm : u->ier, [UART_LCR] = u->lcr, [UART_MCR] = u->mcr,
		[UART_LSR] = UART_LSR_THRE | UART_LSR_TEMT | (u->rx_count ? UART_LSR_DR : 0), [UART_MSR] = vuart_msr_status(u->mcr),
		[UART_SCR] = u->scr,
	};
	(void)size;
	if ((port & 7u) == UART_IIR)
		*val = rd_iir(u);
	else if ((port & 7u) == UART_RBR && !dlab)
		*val = vuart_rx_pop(u);
	else
		*val = regs[port & 7u];
	return 0;
}

/* THR: sent at once, so THR is empty again (a THRE condition); in loopback the byte comes back in RBR. */
static void wr_thr(struct vuart *u, uint8_t v)
{
	if (u->lcr & UART_LCR_DLAB) {
		u->dll = v;
		return;
	}
	if (u->mcr & UART_MCR_LOOP)
		(void)vuart_rx_push(u, v);
	else
		vuart_line_put(u, v);
	u->thre_pending = true;
}

/* Writes: THR, IER and FCR act; LCR, MCR (five bits) and SCR are plain registers; LSR and MSR writes (factory
 * test only) are ignored. */
int vuart_write(void *dev, uint16_t port, unsigned int size, uint32_t val)
{
	static void (*const ACT[8])(struct vuart *u, uint8_t v) = {
		[UART_THR] = wr_thr, [UART_IER] = vuart_wr_ier, [UART_FCR] = vuart_wr_fcr,
	};
	struct vuart *u = dev;
	uint8_t *plain[8] = { [UART_LCR] = &u->lcr, [UART_MCR] = &u->mcr, [UART_SCR] = &u->scr };
	unsigned int reg = port & 7u;
	(void)size;
	if (ACT[reg])
		ACT[reg](u, (uint8_t)val);
	else if (plain[reg])
		*plain[reg] = (uint8_t)(reg == UART_MCR ? val & 0x1f : val);
	return 0;
}

size_t vuart_receive(struct vuart *u, const uint8_t *data, size_t len)
{
	size_t n = 0;
	/* In loopback the serial input is disconnected (data sheet, MCR bit 4). */
	while (!(u->mcr & UART_MCR_LOOP) && n < len && vuart_rx_push(u, data[n]))
		n++;
	return n;
}

int vuart_register(struct vuart *u, struct vdev_table *t, uint16_t base)
{
	const struct vdev_io_range r = { .base = base, .len = VUART_PORTS, .byte_access = true, .name = "vuart",
					 .dev = u, .read = vuart_read, .write = vuart_write };
	return vdev_register(t, &r);
}

/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * The polled 16550A of the lapic_pt image (the full one: uart16550.c), whose VMs have no interrupt controller to
 * take a serial line: a transmitter only. The same registers, divisor latch, scratch, FIFO control and modem
 * status loopback (PC16550D data sheet), but no interrupt line (ops.irq_level is never called) and no receiver:
 * RBR reads 0, LSR never reports data ready or an overrun, a byte sent in loopback is dropped and
 * vuart_receive takes nothing (the hypervisor feeds no VM's vUART). IIR identifies THR empty only, which is
 * what a polling driver reads (Linux's 8250 with irq 0 reads IIR from a timer), and MSR has no delta bits.
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

/* THR empty, the one interrupt source; reading IIR acknowledges it. FCR bit 0 shows as IIR bits 7:6. */
static uint8_t rd_iir(struct vuart *u)
{
	uint8_t id = UART_IIR_NONE;
	if ((u->ier & UART_IER_THRI) && u->thre_pending) {
		id = UART_IIR_THRE;
		u->thre_pending = false;
	}
	return (u->fcr & UART_FCR_ENABLE) ? (uint8_t)(id | UART_IIR_FIFOS) : id;
}

/* Reads: IIR has side effects; the rest is the register file (DLAB selects the divisor latch). */
int vuart_read(void *dev, uint16_t port, unsigned int size, uint32_t *val)
{
	struct vuart *u = dev;
	bool dlab = (u->lcr & UART_LCR_DLAB) != 0;
	const uint8_t regs[8] = {
		[UART_RBR] = dlab ? u->dll : 0, [UART_IER] = dlab ? u->dlm : u->ier, [UART_LCR] = u->lcr,
		[UART_MCR] = u->mcr, [UART_LSR] = UART_LSR_THRE | UART_LSR_TEMT, [UART_MSR] = vuart_msr_status(u->mcr),
		[UART_SCR] = u->scr,
	};
	(void)size;
	*val = (port & 7u) == UART_IIR ? rd_iir(u) : regs[port & 7u];
	return 0;
}

/* THR: sent at once (in loopback: dropped), so THR is empty again (a THRE condition). */
static void wr_thr(struct vuart *u, uint8_t v)
{
	if (u->lcr & UART_LCR_DLAB) {
		u->dll = v;
		return;
	}
	if (!(u->mcr & UART_MCR_LOOP))
		vuart_line_put(u, v);
	u->thre_pending = true;
}

/* Writes: THR and IER act; FCR (enable, DMA mode, trigger level: the clear bits self-reset), LCR, MCR (five
 * bits) and SCR are plain registers; LSR and MSR writes (factory test only) are ignored. */
int vuart_write(void *dev, uint16_t port, unsigned int size, uint32_t val)
{
	static void (*const ACT[8])(struct vuart *u, uint8_t v) = { [UART_THR] = wr_thr, [UART_IER] = vuart_wr_ier };
	static const uint8_t MASK[8] = { [UART_FCR] = 0xc9, [UART_LCR] = 0xff, [UART_MCR] = 0x1f, [UART_SCR] = 0xff };
	struct vuart *u = dev;
	uint8_t *plain[8] = { [UART_FCR] = &u->fcr, [UART_LCR] = &u->lcr, [UART_MCR] = &u->mcr, [UART_SCR] = &u->scr };
	unsigned int reg = port & 7u;
	(void)size;
	if (ACT[reg])
		ACT[reg](u, (uint8_t)val);
	else if (plain[reg])
		*plain[reg] = (uint8_t)(val & MASK[reg]);
	return 0;
}

int vuart_register(struct vuart *u, struct vdev_table *t, uint16_t base)
{
	const struct vdev_io_range r = { .base = base, .len = VUART_PORTS, .byte_access = true, .name = "vuart",
					 .dev = u, .read = vuart_read, .write = vuart_write };
	return vdev_register(t, &r);
}

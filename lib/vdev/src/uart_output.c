/* SPDX-License-Identifier: BSD-3-Clause */
/* The 16550's parts both register models share: transmitted bytes into prefixed lines, the IER write and the
 * modem status. */
#include <string.h>

#include "uart_internal.h"

void vuart_line_init(struct vuart *u, const char *vm_name)
{
	const char *name = vm_name ? vm_name : "";
	size_t n = 0;
	while (n < VUART_NAME_MAX && name[n] != '\0')
		n++;
	u->line[0] = '[';
	memcpy(u->line + 1, name, n);
	u->line[n + 1] = ']';
	u->line[n + 2] = ' ';
	u->prefix_len = n + 3;
	u->line_len = u->prefix_len;
}

void vuart_emit(struct vuart *u)
{
	u->line[u->line_len] = '\0';
	if (u->ops.output)
		u->ops.output(u->ops.ctx, u->line, u->line_len);
	u->line_len = u->prefix_len;
}

void vuart_line_put(struct vuart *u, uint8_t c)
{
	if (c == '\r')
		return;
	if (c == '\n') {
		vuart_emit(u);
		return;
	}
	u->line[u->line_len++] = (char)c;
	if (u->line_len == VUART_LINE_MAX)
		vuart_emit(u); /* a full buffer goes out as a line of its own; the rest follows with a new prefix */
}

void vuart_wr_ier(struct vuart *u, uint8_t v)
{
	if (u->lcr & UART_LCR_DLAB) {
		u->dlm = v;
		return;
	}
	if ((v & UART_IER_THRI) && !(u->ier & UART_IER_THRI))
		u->thre_pending = true;
	u->ier = v & 0x0f;
}


/* The modem status inputs: a connected terminal's CTS, DSR and DCD; in loopback the modem outputs (RTS->CTS,
 * DTR->DSR, OUT1->RI, OUT2->DCD: MCR bits 0-3). */
uint8_t vuart_msr_status(uint8_t mcr)
{
	if (!(mcr & UART_MCR_LOOP))
		return UART_MSR_CTS | UART_MSR_DSR | UART_MSR_DCD;
	static const uint8_t FROM_MCR[4] = { UART_MSR_DSR, UART_MSR_CTS, UART_MSR_RI, UART_MSR_DCD };
	uint8_t s = 0;
	for (unsigned int i = 0; i < 4; i++)
		s |= (mcr & (1u << i)) ? FROM_MCR[i] : 0;
	return s;
}

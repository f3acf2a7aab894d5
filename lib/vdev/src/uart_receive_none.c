/* SPDX-License-Identifier: BSD-3-Clause */
/* The polled 16550's vuart_receive (uart16550_polled.c has no receiver), an archive member of its own: no image
 * feeds a vUART from outside, so none links it; the unit tests do. */
#include "uart_internal.h"

size_t vuart_receive(struct vuart *u, const uint8_t *data, size_t len)
{
	(void)u, (void)data, (void)len;
	return 0; /* no receiver */
}

/* SPDX-License-Identifier: BSD-3-Clause */
/* vuart_flush, an archive member of its own: no image calls it (a VM's partial line stays unprinted when it stops). */
#include "uart_internal.h"

void vuart_flush(struct vuart *u)
{
	if (u->line_len > u->prefix_len)
		vuart_emit(u);
}

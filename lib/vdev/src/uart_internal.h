/* SPDX-License-Identifier: BSD-3-Clause */
/* Between the 16550's register file and its output line buffer. */
#ifndef VDEV_UART_INTERNAL_H
#define VDEV_UART_INTERNAL_H

#include <vdev/uart16550.h>

/* Start the line buffer with "[name] ". */
void vuart_line_init(struct vuart *u, const char *vm_name);
/* Pass on the buffered line (prefix included). */
void vuart_emit(struct vuart *u);
/* One transmitted byte. */
void vuart_line_put(struct vuart *u, uint8_t c);

/* IER (DLM while LCR.DLAB is set): enabling the THRE interrupt while THR is empty raises it at once. */
void vuart_wr_ier(struct vuart *u, uint8_t v);
/* MSR bits 7:4 for an MCR value. */
uint8_t vuart_msr_status(uint8_t mcr);

#endif

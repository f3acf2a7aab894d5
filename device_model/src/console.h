/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * A guest's serial output as whole lines, each "[NAME] text\n" handed to a sink in one piece (the real sink
 * writes it with one write(2), so the lines of two device models on one console never interleave).
 */
#ifndef DM_CONSOLE_H
#define DM_CONSOLE_H

#include <stddef.h>
#include <stdint.h>

#include <hvkit/abi/hypercall.h>

#define CONSOLE_LINE_MAX 240u /* characters; a longer line is cut into pieces of this size */

typedef void (*console_sink)(void *ctx, const char *text, size_t len);

struct console {
	char prefix[HVKIT_VM_NAME_MAX + 4]; /* "[NAME] " */
	size_t prefix_len;
	char buf[HVKIT_VM_NAME_MAX + 4 + CONSOLE_LINE_MAX + 1];
	size_t len; /* characters of the current line, after the prefix */
	console_sink sink;
	void *sink_ctx;
};

void console_init(struct console *c, const char *name, console_sink sink, void *sink_ctx);
/* One byte of output: '\n' ends the line, '\r' is dropped. */
void console_putc(struct console *c, uint8_t ch);
/* A partial line goes out now (with a newline): before hvkit-dm prints something of its own at the end. */
void console_flush(struct console *c);

/* The sink for a file descriptor (ctx: int *fd): the whole text, retried on EINTR and short writes; errors
 * (a closed pipe) drop the line. */
void console_fd_sink(void *ctx, const char *text, size_t len);

#endif

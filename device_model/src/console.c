/* SPDX-License-Identifier: BSD-3-Clause */
#include "console.h"

#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

void console_init(struct console *c, const char *name, console_sink sink, void *sink_ctx)
{
	memset(c, 0, sizeof(*c));
	int n = snprintf(c->prefix, sizeof(c->prefix), "[%.*s] ", (int)(HVKIT_VM_NAME_MAX - 1), name);
	c->prefix_len = n > 0 ? (size_t)n : 0;
	memcpy(c->buf, c->prefix, c->prefix_len);
	c->sink = sink;
	c->sink_ctx = sink_ctx;
}

static void emit(struct console *c)
{
	size_t n = c->prefix_len + c->len;
	c->buf[n++] = '\n';
	c->sink(c->sink_ctx, c->buf, n);
	c->len = 0;
}

void console_putc(struct console *c, uint8_t ch)
{
	if (ch == '\r')
		return;
	if (ch == '\n') {
		emit(c);
		return;
	}
	if (c->len == CONSOLE_LINE_MAX)
		emit(c);
	c->buf[c->prefix_len + c->len++] = (char)ch;
}

void console_flush(struct console *c)
{
	if (c->len)
		emit(c);
}

void console_fd_sink(void *ctx, const char *text, size_t len)
{
	int fd = *(const int *)ctx;
	while (len) {
		ssize_t w = write(fd, text, len);
		if (w < 0 && errno == EINTR)
			continue;
		if (w <= 0)
			return;
		text += w;
		len -= (size_t)w;
	}
}

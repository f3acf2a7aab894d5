/* SPDX-License-Identifier: BSD-3-Clause */
/* Error lines: fixed buffer, truncated (never overrun) when too long; formatted by the C library's vsnprintf
 * (the image's is core/libc's). */
#include <stdarg.h>
#include <stdio.h>
#include "sc_msg.h"

struct sc_line {
	char buf[SC_MSG_MAX];
	size_t len;
};

static void sc_vadd(struct sc_line *l, const char *fmt, va_list ap)
{
	int n = vsnprintf(l->buf + l->len, sizeof(l->buf) - l->len, fmt, ap);

	if (n > 0)
		l->len += (size_t)n;
	if (l->len >= sizeof(l->buf))
		l->len = sizeof(l->buf) - 1;
}

static void sc_add(struct sc_line *l, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static void sc_add(struct sc_line *l, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	sc_vadd(l, fmt, ap);
	va_end(ap);
}

void sc_fail(struct scenario_report *rep, const char *node, const char *sub, const char *prop,
	     const char *fmt, ...)
{
	struct sc_line l = { .len = 0 };
	va_list ap;

	if (node != NULL && node[0] == '/')
		sc_add(&l, "scenario: %s: ", node);
	else
		sc_add(&l, "scenario: " SCENARIO_NODE_PATH "%s%s%s%s: ", node ? "/" : "", node ? node : "",
		       node && sub ? "/" : "", node && sub ? sub : "");
	if (prop != NULL)
		sc_add(&l, "property \"%s\": ", prop);
	va_start(ap, fmt);
	sc_vadd(&l, fmt, ap);
	va_end(ap);
	rep->errors++;
	if (rep->report != NULL)
		rep->report(rep->ctx, l.buf);
}

/* SPDX-License-Identifier: BSD-3-Clause */
/* Error lines: fixed buffer, truncated (never overrun) when too long; formatted by the C library's vsnprintf
 * (the image's is core/libc's). */
#include <stdarg.h>
#include <stdio.h>
#include "sc_msg.h"

/* Append to line[*len], cut (never overrun) at SC_MSG_MAX - 1 characters. */
static void sc_vadd(char *line, size_t *len, const char *fmt, va_list ap)
{
	int n = vsnprintf(line + *len, SC_MSG_MAX - *len, fmt, ap);

	if (n > 0)
		*len += (size_t)n;
	if (*len >= SC_MSG_MAX)
		*len = SC_MSG_MAX - 1;
}

static void sc_add(char *line, size_t *len, const char *fmt, ...) __attribute__((format(printf, 3, 4)));
static void sc_add(char *line, size_t *len, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	sc_vadd(line, len, fmt, ap);
	va_end(ap);
}

void sc_fail(struct scenario_report *rep, const char *node, const char *sub, const char *prop,
	     const char *fmt, ...)
{
	char line[SC_MSG_MAX];
	size_t len = 0;
	bool under = node == NULL || node[0] != '/'; /* a path under /chosen/hypervisor */
	va_list ap;

	sc_add(line, &len, "scenario: %s%s%s%s%s: %s%s%s", under ? SCENARIO_NODE_PATH : "", under && node ? "/" : "",
	       node ? node : "", under && node && sub ? "/" : "", under && node && sub ? sub : "",
	       prop ? "property \"" : "", prop ? prop : "", prop ? "\": " : "");
	va_start(ap, fmt);
	sc_vadd(line, &len, fmt, ap);
	va_end(ap);
	rep->errors++;
	if (rep->report != NULL)
		rep->report(rep->ctx, line);
}

/* SPDX-License-Identifier: BSD-3-Clause */
/* Error lines: a fixed buffer, cut (never overrun) when too long; the message formatted by the C library's
 * vsnprintf (the image's is core/libc's), after a prefix of plain strings. */
#include <stdarg.h>
#include <stdio.h>
#include "sc_msg.h"

void sc_fail(struct scenario_report *rep, const char *node, const char *sub, const char *prop,
	     const char *fmt, ...)
{
	bool under = node == NULL || node[0] != '/'; /* a path under /chosen/hypervisor */
	bool in_sub = under && node != NULL && sub != NULL;
	const char *const parts[] = { "scenario: ", under ? SCENARIO_NODE_PATH : "", under && node ? "/" : "",
				      node ? node : "", in_sub ? "/" : "", in_sub ? sub : "", ": ",
				      prop ? "property \"" : "", prop ? prop : "", prop ? "\": " : "" };
	char line[SC_MSG_MAX];
	size_t len = 0;
	va_list ap;

	for (size_t i = 0; i < sizeof(parts) / sizeof(parts[0]); i++)
		for (const char *p = parts[i]; *p != '\0' && len < SC_MSG_MAX - 1; p++)
			line[len++] = *p;
	va_start(ap, fmt);
	vsnprintf(line + len, SC_MSG_MAX - len, fmt, ap);
	va_end(ap);
	rep->errors++;
	if (rep->report != NULL)
		rep->report(rep->ctx, line);
}

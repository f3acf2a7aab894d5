/* SPDX-License-Identifier: BSD-3-Clause */
#include "log.h"

#include <stdarg.h>

FILE *dm_log_stream;

void dm_log(const char *fmt, ...)
{
	FILE *f = dm_log_stream ? dm_log_stream : stderr;
	char line[512];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(line, sizeof(line), fmt, ap);
	va_end(ap);
	/* One call per line, so that two device models sharing a console do not interleave within it. */
	fprintf(f, "hvkit-dm: %s\n", line);
	fflush(f);
}

/* SPDX-License-Identifier: BSD-3-Clause */
/* Levelled log lines on the serial console, one lock so CPUs do not interleave. */
#include <core/console.h>

static enum plat_log_level log_level = PLAT_LOG_INFO;
static plat_lock_t log_lock;
static const char *const level_tag[] = { "ERROR: ", "WARN: ", "", "debug: " };

void log_set_level(enum plat_log_level level)
{
	log_level = level;
}

void log_vprint(enum plat_log_level level, const char *fmt, va_list ap)
{
	if (level > log_level)
		return;
	char line[256];
	int n = hv_snprintf(line, sizeof(line), "hvkit: %s", level_tag[level]);
	n += hv_vsnprintf(line + n, sizeof(line) - (size_t)n, fmt, ap);
	if (n > (int)sizeof(line) - 2)
		n = (int)sizeof(line) - 2;
	line[n++] = '\n';
	plat_lock(&log_lock);
	serial_write(line, (size_t)n);
	plat_unlock(&log_lock);
}

/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * <hvkit/platform.h> for the guest loader linked into hvkit-dm: plat_log is the one platform function the
 * loaders call. An error is why a load was refused: it is kept for hvkit-dm's own one-line message
 * (load_error()); a warning is printed as it comes.
 */
#include <stdarg.h>
#include <stdio.h>

#include <hvkit/platform.h>

#include "load.h"
#include "log.h"

static char last_error[320];

void plat_log(enum plat_log_level level, const char *fmt, ...)
{
	char msg[sizeof(last_error)];
	va_list ap;

	if (level > PLAT_LOG_WARN)
		return;
	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	if (level == PLAT_LOG_ERROR)
		snprintf(last_error, sizeof(last_error), "%s", msg);
	else
		dm_log("loader warning: %s", msg);
}

const char *load_error(void)
{
	return last_error[0] ? last_error : "no reason given";
}

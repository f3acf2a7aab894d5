/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * <hvkit/platform.h> for the guest loader linked into hvkit-dm: plat_log is the one platform function the
 * loaders call (they log why they refuse an image); their messages become hvkit-dm lines.
 */
#include <stdarg.h>
#include <stdio.h>

#include <hvkit/platform.h>

#include "log.h"

void plat_log(enum plat_log_level level, const char *fmt, ...)
{
	char msg[400];
	va_list ap;

	if (level > PLAT_LOG_WARN)
		return;
	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	dm_log("%s%s", level == PLAT_LOG_WARN ? "warning: " : "", msg);
}

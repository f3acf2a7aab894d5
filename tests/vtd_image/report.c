/* SPDX-License-Identifier: BSD-3-Clause */
/* PASS/FAIL lines of the VT-d test image. */
#include <core/console.h>
#include <stdarg.h>

#include "report.h"

static unsigned int passed, failed;

static void line(bool ok, const char *fmt, va_list ap)
{
	char buf[200];
	hv_vsnprintf(buf, sizeof(buf), fmt, ap);
	if (ok) {
		passed++;
		hv_info("vtd: PASS %s", buf);
	} else {
		failed++;
		hv_error("vtd: FAIL %s", buf);
	}
}

void t_pass(const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	line(true, fmt, ap);
	va_end(ap);
}

void t_fail(const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	line(false, fmt, ap);
	va_end(ap);
}

bool t_check(bool ok, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	line(ok, fmt, ap);
	va_end(ap);
	return ok;
}

unsigned int t_passed(void) { return passed; }
unsigned int t_failed(void) { return failed; }

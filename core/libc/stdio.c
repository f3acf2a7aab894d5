/* SPDX-License-Identifier: BSD-3-Clause */
/* The C library's name for the image's formatter, for the libraries that format with it (scenario/). */
#include <core/console.h>
#include <stdio.h>

int vsnprintf(char *buf, size_t size, const char *fmt, va_list ap)
{
	return hv_vsnprintf(buf, size, fmt, ap);
}

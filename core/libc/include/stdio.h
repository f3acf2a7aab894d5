/* SPDX-License-Identifier: BSD-3-Clause */
/* The image's <stdio.h>: formatting into a buffer only (core/libc/stdio.c, over core/console/format.c's
 * conversions: %s %d %u %x %p %% with l, ll and z, width and '0'). */
#ifndef HVKIT_LIBC_STDIO_H
#define HVKIT_LIBC_STDIO_H

#include <stdarg.h>
#include <stddef.h>

int vsnprintf(char *buf, size_t size, const char *fmt, va_list ap);

#endif

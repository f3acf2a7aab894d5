/* SPDX-License-Identifier: BSD-3-Clause */
/* The freestanding image's <stdlib.h>: only what libfdt needs. */
#ifndef HVKIT_LIBC_STDLIB_H
#define HVKIT_LIBC_STDLIB_H
#include <stddef.h>

unsigned long strtoul(const char *nptr, char **endptr, int base);
#endif

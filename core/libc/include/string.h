/* SPDX-License-Identifier: BSD-3-Clause */
/* The freestanding image's <string.h>: what the core, the libraries and libfdt use. */
#ifndef HVKIT_LIBC_STRING_H
#define HVKIT_LIBC_STRING_H
#include <stddef.h>

void *memchr(const void *s, int c, size_t n);
int memcmp(const void *a, const void *b, size_t n);
void *memcpy(void *restrict dst, const void *restrict src, size_t n);
void *memmove(void *dst, const void *src, size_t n);
void *memset(void *s, int c, size_t n);
int strcmp(const char *a, const char *b);
int strncmp(const char *a, const char *b, size_t n);
size_t strlen(const char *s);
size_t strnlen(const char *s, size_t maxlen);
char *strrchr(const char *s, int c);
char *strstr(const char *haystack, const char *needle);
#endif

/* SPDX-License-Identifier: BSD-3-Clause */
/* The freestanding image's <stddef.h>, from the compiler's predefined types and builtins. */
#ifndef HVKIT_LIBC_STDDEF_H
#define HVKIT_LIBC_STDDEF_H
typedef __SIZE_TYPE__ size_t;
typedef __PTRDIFF_TYPE__ ptrdiff_t;
#define NULL ((void *)0)
#define offsetof(type, member) __builtin_offsetof(type, member)
#endif

/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * <limits.h> for the freestanding build of code that includes libfdt_env.h.
 * gcc's own limits.h reaches for the C library's with #include_next, which the
 * image has none of; the compiler's predefined macros give every value.
 */
#ifndef SCENARIO_FREESTANDING_LIMITS_H
#define SCENARIO_FREESTANDING_LIMITS_H

#define CHAR_BIT __CHAR_BIT__
#define INT_MAX __INT_MAX__
#define INT_MIN (-INT_MAX - 1)
#define UINT_MAX (INT_MAX * 2u + 1u)
#define LONG_MAX __LONG_MAX__
#define ULONG_MAX (LONG_MAX * 2ul + 1ul)

#endif

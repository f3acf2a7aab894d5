/* SPDX-License-Identifier: BSD-3-Clause */
/* The freestanding image's <stdbool.h> (C11 7.18). */
#ifndef HVKIT_LIBC_STDBOOL_H
#define HVKIT_LIBC_STDBOOL_H
#define bool _Bool
#define true 1
#define false 0
#define __bool_true_false_are_defined 1
#endif

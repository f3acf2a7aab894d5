/* SPDX-License-Identifier: BSD-3-Clause */
/* Internal: the enum values as the DTS spells them (names.c), for the parser and the messages. */
#ifndef SCENARIO_SC_NAMES_H
#define SCENARIO_SC_NAMES_H

#include <scenario/scenario.h>

#define SC_LOAD_ORDER_COUNT 3u
#define SC_KERNEL_TYPE_COUNT 4u
extern const char *const sc_load_order_names[SC_LOAD_ORDER_COUNT];
extern const char *const sc_kernel_type_names[SC_KERNEL_TYPE_COUNT];

#endif

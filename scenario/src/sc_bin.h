/* SPDX-License-Identifier: BSD-3-Clause */
/* Internal: the bounds a compiled scenario must keep before the boot code may use it (bin_check.c). */
#ifndef SCENARIO_SC_BIN_H
#define SCENARIO_SC_BIN_H

#include <scenario/scenario.h>

/* Every count, enum, flag, string and index of sc within what the boot code relies on (the parser's
 * guarantees on a DTB), each problem reported by node and property; 0 or -1. */
int sc_bin_check(const struct scenario *sc, struct scenario_report *rep);

#endif

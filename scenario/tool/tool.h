/* SPDX-License-Identifier: BSD-3-Clause */
/* hvkit-scenario, the host tool: its pieces. */
#ifndef HVKIT_SCENARIO_TOOL_H
#define HVKIT_SCENARIO_TOOL_H

#include <stddef.h>
#include <stdio.h>
#include <scenario/scenario.h>

/*
 * Read FILE as a DTB, or compile it with dtc first when its name ends in ".dts"
 * (the dtc run is $HVKIT_DTC, default "dtc" from PATH). Returns a malloc'd blob
 * and its size, or NULL after printing why.
 */
void *tool_load_blob(const char *path, size_t *size);

/* One line per VM (hvkit-scenario check). */
void tool_print_summary(FILE *out, const struct scenario *sc);
/* Every field of every VM (hvkit-scenario dump). */
void tool_print_dump(FILE *out, const struct scenario *sc);

#endif

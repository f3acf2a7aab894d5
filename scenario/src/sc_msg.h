/* SPDX-License-Identifier: BSD-3-Clause */
/* Internal: one error line, formatted and sent. */
#ifndef SCENARIO_SC_MSG_H
#define SCENARIO_SC_MSG_H

#include <stdint.h>
#include <scenario/scenario.h>

#define SC_MSG_MAX 400u

/*
 * Count an error and hand rep->report the line "scenario: <path>: property "<prop>": <fmt...>". The path is
 * /chosen/hypervisor when node is NULL, node itself when it starts with '/', otherwise
 * /chosen/hypervisor/<node>[/<sub>]; prop may be NULL (no property part). fmt is vsnprintf's (the image's
 * takes %s %d %u %x %p with l, z, width and '0'; scenario/ writes hexadecimal as 0x%x), checked by the
 * compiler. A line longer than SC_MSG_MAX - 1 is cut.
 */
void sc_fail(struct scenario_report *rep, const char *node, const char *sub, const char *prop,
	     const char *fmt, ...) __attribute__((format(printf, 5, 6)));

#endif

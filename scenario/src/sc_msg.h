/* SPDX-License-Identifier: BSD-3-Clause */
/* Internal: one error line, formatted without a libc formatter, and sent. */
#ifndef SCENARIO_SC_MSG_H
#define SCENARIO_SC_MSG_H

#include <stdint.h>
#include <scenario/scenario.h>

#define SC_MSG_MAX 400u

/*
 * Count an error and hand rep->report the line "scenario: <path>: property "<prop>": <fmt...>". The path is
 * /chosen/hypervisor when node is NULL, node itself when it starts with '/', otherwise
 * /chosen/hypervisor/<node>[/<sub>]; prop may be NULL (no property part). fmt takes a subset of printf's
 * conversions, checked by the compiler: %s; %u and %lu in decimal; %#x and %#lx in hexadecimal, always with
 * "0x" (also for 0); %%. A line longer than SC_MSG_MAX - 1 is cut.
 */
void sc_fail(struct scenario_report *rep, const char *node, const char *sub, const char *prop,
	     const char *fmt, ...) __attribute__((format(printf, 5, 6)));

#endif

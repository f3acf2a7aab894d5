/* SPDX-License-Identifier: BSD-3-Clause */
/* What the device model prints, caught for the tests: console lines (a sink) and dm_log messages. */
#ifndef CAPTURE_H
#define CAPTURE_H

#include <stddef.h>

struct capture {
	char text[16384];
	size_t len;
	unsigned calls; /* sink calls: one per line */
};

/* A console_sink; ctx: struct capture *. */
void capture_sink(void *ctx, const char *text, size_t len);

/* Catch dm_log's lines from now on; log_captured() returns them all so far ("" when none). */
void log_capture_start(void);
const char *log_captured(void);
void log_capture_stop(void);
/* How many times needle occurs in haystack. */
unsigned count_of(const char *haystack, const char *needle);

#endif

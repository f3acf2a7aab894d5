/* SPDX-License-Identifier: BSD-3-Clause */
/* hvkit-dm's own messages: one line each, "hvkit-dm: " first, on stderr (tests may redirect them). */
#ifndef DM_LOG_H
#define DM_LOG_H

#include <stdio.h>

/* Where dm_log writes; NULL means stderr. */
extern FILE *dm_log_stream;

void dm_log(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

#endif

/* SPDX-License-Identifier: BSD-3-Clause */
/* Host implementation of include/hvkit/platform.h, with knobs for unit tests. */
#ifndef HVKIT_HOST_PLATFORM_H
#define HVKIT_HOST_PLATFORM_H

#include <hvkit/platform.h>

/* Pages currently allocated through plat_page_alloc (leak checks). */
extern size_t host_platform_pages_in_use;
/* >= 0: that many more allocations succeed, then every one fails. -1: never fail. */
extern long host_platform_fail_after;
/* What plat_cpu_index() and plat_tsc() return. */
extern unsigned int host_platform_cpu;
extern uint64_t host_platform_tsc_value;
/* Count of log lines per level and the text of the last one. */
extern unsigned int host_platform_log_count[4];
extern char host_platform_last_log[512];

void host_platform_reset(void);

#endif

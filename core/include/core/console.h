/* SPDX-License-Identifier: BSD-3-Clause */
/* The hypervisor console: a 16550 UART (COM1) and levelled log lines "hvkit: ...". */
#ifndef HVKIT_CORE_CONSOLE_H
#define HVKIT_CORE_CONSOLE_H

#include <hvkit/platform.h>
#include <stdarg.h>
#include <stddef.h>

void serial_init(uint16_t port);
void serial_write(const char *s, size_t len);
/* Wait until every byte written has left the UART (before powering off). */
void serial_flush(void);

/* Minimal vsnprintf: %s %d %u %x %p %% with l/ll/z, width and the '0' flag; any other conversion prints itself. */
int hv_vsnprintf(char *buf, size_t size, const char *fmt, va_list ap);
int hv_snprintf(char *buf, size_t size, const char *fmt, ...) __attribute__((format(printf, 3, 4)));

/* Lines above this level are dropped (set from the command line "loglevel=N"). */
void log_set_level(enum plat_log_level level);
void log_vprint(enum plat_log_level level, const char *fmt, va_list ap);

#define hv_error(...) plat_log(PLAT_LOG_ERROR, __VA_ARGS__)
#define hv_warn(...) plat_log(PLAT_LOG_WARN, __VA_ARGS__)
#define hv_info(...) plat_log(PLAT_LOG_INFO, __VA_ARGS__)

#endif

/* SPDX-License-Identifier: BSD-3-Clause */
/* PASS/FAIL lines of the VT-d test image ("vtd: PASS ...", counted for "vtd: DONE"). */
#ifndef VTD_IMAGE_REPORT_H
#define VTD_IMAGE_REPORT_H

#include <stdbool.h>

void t_pass(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
void t_fail(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
/* t_pass or t_fail by ok. Returns ok. */
bool t_check(bool ok, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
unsigned int t_passed(void);
unsigned int t_failed(void);

#endif

/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * The partition image walks IA-32e paging only (and no paging): with CR0.PG set outside IA-32e mode (32-bit or PAE
 * paging) a walk or a fetch is refused with -HV_ENOSYS. Its guests (Linux, the test guests) are in 64-bit mode
 * whenever they touch an emulated MMIO window or use string I/O; paging_legacy.c is the full walker's.
 */
#include <hvkit/errno.h>

#include "walk_internal.h"

int walk_format_legacy(const struct guest_paging *p, struct walk_format *f)
{
	(void)p, (void)f;
	return -HV_ENOSYS;
}

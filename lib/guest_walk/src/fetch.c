/* SPDX-License-Identifier: BSD-3-Clause */
/* Fetching the instruction bytes at the guest's RIP: at most two pages, the second optional. */
#include <hvkit/errno.h>

#include "walk_internal.h"

int guest_fetch(const struct guest_paging *p, uint64_t rip_linear, uint8_t *buf, size_t len,
		size_t *got)
{
	uint64_t gpa, left;
	int rc;

	if (!got)
		return -HV_EINVAL;
	*got = 0;
	if (!p || !p->read_gpa || (!buf && len))
		return -HV_EINVAL;
	if (len > GUEST_FETCH_MAX_LEN)
		return -HV_ERANGE;
	if (len == 0)
		return 0;

	rc = guest_walk(p, rip_linear, GUEST_ACCESS_FETCH, &gpa, &left);
	if (rc)
		return rc;
	size_t first = left < len ? (size_t)left : len;
	if (p->read_gpa(p->ctx, gpa, buf, first) != 0)
		return -HV_EIO;
	*got = first;
	if (first == len)
		return 0;

	/* The next page starts at rip + first; outside IA-32e mode the walk wraps it at 4 GiB.
	 * A page is at least 4 KiB, so the rest (< 15 bytes) fits in it. */
	rc = guest_walk(p, rip_linear + first, GUEST_ACCESS_FETCH, &gpa, &left);
	if (rc == -HV_EIO)
		return rc;
	if (rc)
		return 0; /* the guest faults there only if the instruction needs those bytes */
	if (p->read_gpa(p->ctx, gpa, buf + first, len - first) != 0)
		return -HV_EIO;
	*got = len;
	return 0;
}

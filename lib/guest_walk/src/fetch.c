/* SPDX-License-Identifier: BSD-3-Clause */
/* Fetching the instruction bytes at the guest's RIP: at most two pages, the second optional. */
#include <hvkit/errno.h>

#include "walk_internal.h"

/*
 * The bytes on the next page, which starts at rip + first; outside IA-32e mode the walk wraps it at
 * 4 GiB. A page is at least 4 KiB, so the rest (< 15 bytes) fits in it.
 */
static int fetch_next_page(const struct guest_paging *p, uint64_t rip_linear, uint8_t *buf, size_t len,
			   size_t first, size_t *got)
{
	uint64_t gpa, left;
	int rc = guest_walk(p, rip_linear + first, GUEST_ACCESS_FETCH, &gpa, &left);
	if (rc == -HV_EIO)
		return rc;
	if (rc)
		return 0; /* the guest faults there only if the instruction needs those bytes */
	if (p->read_gpa(p->ctx, gpa, buf + first, len - first) != 0)
		return -HV_EIO;
	*got = len;
	return 0;
}

static int fetch_args_check(const struct guest_paging *p, const uint8_t *buf, size_t len)
{
	if (!p || !p->read_gpa || (!buf && len))
		return -HV_EINVAL;
	if (len > GUEST_FETCH_MAX_LEN)
		return -HV_ERANGE;
	return 0;
}

/* The bytes from RIP to the end of its page, at most len; *first is how many. */
static int fetch_first_page(const struct guest_paging *p, uint64_t rip_linear, uint8_t *buf, size_t len,
			    size_t *first)
{
	uint64_t gpa, left;
	int rc = guest_walk(p, rip_linear, GUEST_ACCESS_FETCH, &gpa, &left);
	if (rc)
		return rc;
	*first = left < len ? (size_t)left : len;
	if (p->read_gpa(p->ctx, gpa, buf, *first) != 0)
		return -HV_EIO;
	return 0;
}

int guest_fetch(const struct guest_paging *p, uint64_t rip_linear, uint8_t *buf, size_t len,
		size_t *got)
{
	size_t first;

	if (!got)
		return -HV_EINVAL;
	*got = 0;
	int rc = fetch_args_check(p, buf, len);
	if (rc || len == 0)
		return rc;
	rc = fetch_first_page(p, rip_linear, buf, len, &first);
	if (rc)
		return rc;
	*got = first;
	return first == len ? 0 : fetch_next_page(p, rip_linear, buf, len, first, got);
}

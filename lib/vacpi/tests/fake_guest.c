/* SPDX-License-Identifier: BSD-3-Clause */
#include "fake_guest.h"

#include <stdlib.h>
#include <string.h>

#include <hvkit/errno.h>

static int check(struct fake_guest *g, uint64_t gpa, size_t len)
{
	if (g->fail_after == 0)
		return -HV_EIO;
	if (g->fail_after > 0)
		g->fail_after--;
	if (gpa + len > FAKE_GUEST_SPAN || !guest_mem_contains(&g->mem, gpa, len)) {
		g->bad_calls++;
		return -HV_ERANGE;
	}
	return 0;
}

static int fake_write(void *ctx, uint64_t gpa, const void *src, size_t len)
{
	struct fake_guest *g = ctx;
	int rc = check(g, gpa, len);
	if (rc != 0)
		return rc;
	memcpy(g->buf + gpa, src, len);
	g->calls++;
	return 0;
}

static int fake_zero(void *ctx, uint64_t gpa, size_t len)
{
	struct fake_guest *g = ctx;
	int rc = check(g, gpa, len);
	if (rc != 0)
		return rc;
	memset(g->buf + gpa, 0, len);
	g->calls++;
	return 0;
}

void fake_guest_init(struct fake_guest *g, uint64_t ram_size, const struct guest_mem_range *r, uint32_t n,
		     uint8_t fill)
{
	memset(g, 0, sizeof(*g));
	g->buf = malloc(FAKE_GUEST_SPAN);
	memset(g->buf, fill, FAKE_GUEST_SPAN);
	g->fail_after = -1;
	g->mem.ctx = g;
	g->mem.write = fake_write;
	g->mem.zero = fake_zero;
	g->mem.ram_size = ram_size;
	g->mem.ranges = r;
	g->mem.range_count = n;
}

void fake_guest_free(struct fake_guest *g)
{
	free(g->buf);
	g->buf = NULL;
}

struct fake_guest guest;

int fake_guest_setup(void **state)
{
	(void)state;
	fake_guest_init(&guest, FAKE_GUEST_FIXTURE_RAM, NULL, 0, 0xaa);
	return 0;
}

int fake_guest_teardown(void **state)
{
	(void)state;
	fake_guest_free(&guest);
	return 0;
}

/* SPDX-License-Identifier: BSD-3-Clause */
#include "fake_mem.h"

#include <stdlib.h>
#include <string.h>

#include <hvkit/errno.h>

static int check(struct fake_mem *f, uint64_t gpa, size_t len)
{
	if (f->fail_after == 0)
		return -HV_EIO;
	if (f->fail_after > 0)
		f->fail_after--;
	if (gpa + len > f->span || !guest_mem_contains(&f->mem, gpa, len)) {
		f->outside_ram++;
		return -HV_ERANGE;
	}
	return 0;
}

static int fake_write(void *ctx, uint64_t gpa, const void *src, size_t len)
{
	struct fake_mem *f = ctx;
	int rc = check(f, gpa, len);
	if (rc != 0)
		return rc;
	memcpy(f->buf + gpa, src, len);
	f->writes++;
	return 0;
}

static int fake_zero(void *ctx, uint64_t gpa, size_t len)
{
	struct fake_mem *f = ctx;
	int rc = check(f, gpa, len);
	if (rc != 0)
		return rc;
	memset(f->buf + gpa, 0, len);
	f->writes++;
	return 0;
}

static void init(struct fake_mem *f, uint64_t span)
{
	memset(f, 0, sizeof(*f));
	f->span = span;
	f->buf = calloc(1, span);
	f->fail_after = -1;
	f->mem.ctx = f;
	f->mem.write = fake_write;
	f->mem.zero = fake_zero;
}

void fake_mem_init(struct fake_mem *f, uint64_t ram_size)
{
	init(f, ram_size);
	f->mem.ram_size = ram_size;
}

void fake_mem_init_ranges(struct fake_mem *f, const struct guest_mem_range *r, uint32_t n)
{
	uint64_t span = 0;
	for (uint32_t i = 0; i < n; i++)
		if (r[i].base + r[i].size > span)
			span = r[i].base + r[i].size;
	init(f, span);
	f->mem.ranges = r;
	f->mem.range_count = n;
}

void fake_mem_free(struct fake_mem *f)
{
	free(f->buf);
	f->buf = NULL;
}

void fake_mem_fill(struct fake_mem *f, uint8_t v)
{
	memset(f->buf, v, f->span);
}

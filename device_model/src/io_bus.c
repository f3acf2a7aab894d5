/* SPDX-License-Identifier: BSD-3-Clause */
#include "io_bus.h"

#include <errno.h>
#include <string.h>

#include "log.h"

#define PORT_LIMIT 0x10000u

void io_bus_init(struct io_bus *b, const char *vm_name)
{
	memset(b, 0, sizeof(*b));
	b->vm_name = vm_name;
}

uint64_t io_all_ones(unsigned size)
{
	return size >= 8 ? ~0ull : (1ull << (8 * size)) - 1;
}

/* A known space, a non-empty range that does not wrap, ports below 64 Ki. */
static bool range_valid(uint32_t space, uint64_t base, uint64_t len)
{
	if (space >= IO_SPACES || len == 0 || len - 1 > UINT64_MAX - base)
		return false;
	return space != HVKIT_IOREQ_PIO || base + len <= PORT_LIMIT;
}

static bool overlaps(const struct io_range *r, uint32_t space, uint64_t base, uint64_t len)
{
	return r->space == space && base <= r->base + (r->len - 1) && r->base <= base + (len - 1);
}

int io_bus_register(struct io_bus *b, uint32_t space, uint64_t base, uint64_t len, const char *name,
		    const struct io_ops *ops, void *ctx)
{
	if (!range_valid(space, base, len))
		return -EINVAL;
	for (unsigned i = 0; i < b->count; i++)
		if (overlaps(&b->range[i], space, base, len))
			return -EEXIST;
	if (b->count == IO_BUS_RANGES)
		return -ENOSPC;
	b->range[b->count++] = (struct io_range){ space, base, len, name, ops, ctx };
	return 0;
}

const struct io_range *io_bus_find(const struct io_bus *b, uint32_t space, uint64_t addr)
{
	for (unsigned i = 0; i < b->count; i++) {
		const struct io_range *r = &b->range[i];
		if (r->space == space && addr >= r->base && addr - r->base < r->len)
			return r;
	}
	return NULL;
}

/* 1, 2 or 4 bytes; 8 for MMIO only. */
static bool size_ok(const struct hvkit_ioreq *q)
{
	return q->size == 1 || q->size == 2 || q->size == 4 || (q->size == 8 && q->type == HVKIT_IOREQ_MMIO);
}

static bool well_formed(const struct hvkit_ioreq *q)
{
	return q->type < IO_SPACES && q->direction <= HVKIT_IOREQ_WRITE && size_ok(q) &&
	       (q->type != HVKIT_IOREQ_PIO || q->address < PORT_LIMIT);
}

static void log_unclaimed(const struct io_bus *b, const struct hvkit_ioreq *q, const char *last)
{
	const char *what = q->type == HVKIT_IOREQ_PIO ? "port" : "MMIO";

	if (q->direction == HVKIT_IOREQ_READ)
		dm_log("%s: unclaimed %s read at 0x%llx (%u bytes): all ones%s", b->vm_name, what,
		       (unsigned long long)q->address, q->size, last);
	else
		dm_log("%s: unclaimed %s write at 0x%llx (%u bytes, 0x%llx): dropped%s", b->vm_name, what,
		       (unsigned long long)q->address, q->size, (unsigned long long)q->value, last);
}

static void unclaimed(struct io_bus *b, struct hvkit_ioreq *q)
{
	bool rd = q->direction == HVKIT_IOREQ_READ;
	struct io_counts *c = &b->unclaimed[q->type];
	uint64_t n = rd ? ++c->reads : ++c->writes;

	if (n <= IO_BUS_LOG_FIRST)
		log_unclaimed(b, q, n == IO_BUS_LOG_FIRST ? " (no more such lines)" : "");
	if (rd)
		q->value = io_all_ones(q->size);
}

/* A request no device could have asked for: logged (the first few), read as all ones or dropped. */
static void malformed(struct io_bus *b, struct hvkit_ioreq *q)
{
	if (++b->malformed <= IO_BUS_LOG_FIRST)
		dm_log("%s: malformed request (type %u, direction %u, size %u, address 0x%llx) from vCPU %u: "
		       "read as all ones, or dropped", b->vm_name, q->type, q->direction, q->size,
		       (unsigned long long)q->address, q->vcpu);
	if (q->direction == HVKIT_IOREQ_READ)
		q->value = ~0ull;
}

void io_bus_dispatch(struct io_bus *b, struct hvkit_ioreq *q)
{
	if (!well_formed(q)) {
		malformed(b, q);
		return;
	}
	const struct io_range *r = io_bus_find(b, q->type, q->address);
	if (!r) {
		unclaimed(b, q);
		return;
	}
	uint64_t mask = io_all_ones(q->size);
	if (q->direction == HVKIT_IOREQ_READ)
		q->value = r->ops->read ? r->ops->read(r->ctx, q->address - r->base, q->size) & mask : mask;
	else if (r->ops->write)
		r->ops->write(r->ctx, q->address - r->base, q->size, q->value & mask);
}

void io_bus_report(const struct io_bus *b)
{
	const struct io_counts *p = &b->unclaimed[HVKIT_IOREQ_PIO], *m = &b->unclaimed[HVKIT_IOREQ_MMIO];
	if (p->reads + p->writes + m->reads + m->writes + b->malformed == 0)
		return;
	dm_log("%s: unclaimed accesses: %llu port reads, %llu port writes, %llu MMIO reads, %llu MMIO writes; "
	       "%llu malformed requests", b->vm_name, (unsigned long long)p->reads, (unsigned long long)p->writes,
	       (unsigned long long)m->reads, (unsigned long long)m->writes, (unsigned long long)b->malformed);
}

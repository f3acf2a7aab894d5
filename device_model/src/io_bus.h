/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * The VM's I/O address spaces as a table of ranges: a device registers a port or MMIO window with its
 * read/write functions, and each ioreq is dispatched to the range holding its address. Accesses nobody
 * claims read as all ones and drop writes, counted per space and direction, the first few logged.
 */
#ifndef DM_IO_BUS_H
#define DM_IO_BUS_H

#include <stdbool.h>
#include <stdint.h>

#include <hvkit/abi/hypercall.h>

#define IO_BUS_RANGES 32u
#define IO_BUS_LOG_FIRST 5u /* unclaimed accesses logged per space and direction */
#define IO_SPACES 2u        /* HVKIT_IOREQ_PIO, HVKIT_IOREQ_MMIO */

/* A device's handlers; offset is from the range's base, size 1, 2, 4 (or 8 for MMIO). */
struct io_ops {
	uint64_t (*read)(void *ctx, uint64_t offset, unsigned size);
	void (*write)(void *ctx, uint64_t offset, unsigned size, uint64_t value);
};

struct io_range {
	uint32_t space; /* HVKIT_IOREQ_PIO or HVKIT_IOREQ_MMIO */
	uint64_t base, len;
	const char *name;
	const struct io_ops *ops;
	void *ctx;
};

struct io_counts {
	uint64_t reads, writes;
};

struct io_bus {
	const char *vm_name; /* for messages */
	struct io_range range[IO_BUS_RANGES];
	unsigned count;
	struct io_counts unclaimed[IO_SPACES];
	uint64_t malformed; /* requests with a type, direction or size the ABI does not allow */
};

void io_bus_init(struct io_bus *b, const char *vm_name);

/* 0, or -EINVAL (bad space, empty or wrapping range, a port range beyond 0xffff), -EEXIST (overlaps a
 * registered range), -ENOSPC (the table is full). */
int io_bus_register(struct io_bus *b, uint32_t space, uint64_t base, uint64_t len, const char *name,
		    const struct io_ops *ops, void *ctx);

/* The range holding addr, or NULL. */
const struct io_range *io_bus_find(const struct io_bus *b, uint32_t space, uint64_t addr);

/* Serve one request: a read's result goes into req->value (masked to its size). */
void io_bus_dispatch(struct io_bus *b, struct hvkit_ioreq *req);

/* All ones of an access size (1, 2, 4, 8 bytes). */
uint64_t io_all_ones(unsigned size);

/* One line with the unclaimed and malformed counts, when there were any. */
void io_bus_report(const struct io_bus *b);

#endif

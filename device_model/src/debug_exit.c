/* SPDX-License-Identifier: BSD-3-Clause */
#include "debug_exit.h"

static uint64_t dx_read(void *ctx, uint64_t offset, unsigned size)
{
	(void)ctx;
	(void)offset;
	return io_all_ones(size);
}

static void dx_write(void *ctx, uint64_t offset, unsigned size, uint64_t value)
{
	struct exit_request *x = ctx;
	(void)offset;
	(void)size;
	if (x->requested)
		return;
	x->requested = true;
	x->value = value;
}

const struct io_ops debug_exit_io_ops = { dx_read, dx_write };

/* SPDX-License-Identifier: BSD-3-Clause */
#include "fake_regs.h"

static uint64_t fake_read(void *ctx, unsigned int gpr)
{
	struct fake_regs *f = ctx;

	return f->gpr[gpr];
}

static void fake_write(void *ctx, unsigned int gpr, uint64_t value)
{
	struct fake_regs *f = ctx;

	f->gpr[gpr] = value;
	f->writes++;
}

void fake_regs_init(struct fake_regs *f, uint64_t pattern)
{
	for (unsigned int i = 0; i < MMIO_GPR_COUNT; i++)
		f->gpr[i] = 0x1111111111111111u * (i + 1) ^ pattern;
	f->writes = 0;
	f->ops = (struct mmio_regs){ f, fake_read, fake_write };
}

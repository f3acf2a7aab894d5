/* SPDX-License-Identifier: BSD-3-Clause */
/* A guest register file for the tests: 16 GPRs behind struct mmio_regs, counting writes. */
#ifndef INSN_DECODE_FAKE_REGS_H
#define INSN_DECODE_FAKE_REGS_H

#include <stdint.h>

#include <insn_decode/mmio_insn.h>

struct fake_regs {
	uint64_t gpr[MMIO_GPR_COUNT];
	unsigned int writes;
	struct mmio_regs ops;
};

/* Every register gets a distinct recognisable pattern: gpr[i] = 0x1111111111111111 * (i + 1) ^ pattern. */
void fake_regs_init(struct fake_regs *f, uint64_t pattern);

#endif

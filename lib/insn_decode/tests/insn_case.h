/* SPDX-License-Identifier: BSD-3-Clause */
/* Table-driven decoder tests: an instruction's bytes and the struct mmio_insn it must decode to. */
#ifndef INSN_DECODE_INSN_CASE_H
#define INSN_DECODE_INSN_CASE_H

#include <stddef.h>
#include <stdint.h>

#include <insn_decode/mmio_insn.h>

struct insn_case {
	const char *name;
	enum mmio_cpu_mode mode;
	uint8_t bytes[MMIO_INSN_MAX_LEN];
	size_t n;              /* bytes given; the instruction is all of them */
	struct mmio_insn want; /* .len and .mode are filled in from n and mode */
};

#define BYTES(...) .bytes = { __VA_ARGS__ }, .n = sizeof((const uint8_t[]){ __VA_ARGS__ })

/*
 * Decode an exact-size heap copy of bytes[0..n-1] (ASan sees any read past it).
 * Returns mmio_insn_decode's result.
 */
int decode_exact(const uint8_t *bytes, size_t n, enum mmio_cpu_mode mode, struct mmio_insn *out);

/*
 * Each case must decode to its want, both from exactly its bytes and followed
 * by other bytes up to 15 (which must not change the result). Names every
 * failing case, then fails the test.
 */
void check_cases(const struct insn_case *cases, size_t count);

/* Each case must be refused with rc (from exactly its bytes). */
void check_refused(const struct insn_case *cases, size_t count, int rc);

#endif

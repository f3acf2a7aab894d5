/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * libFuzzer target: byte 0 picks the CPU mode, the rest are instruction bytes.
 * Any input decodes without a sanitizer report, and a decoded instruction keeps
 * the invariants below; a broken one aborts.
 */
#include <stdlib.h>
#include <string.h>

#include <hvkit/errno.h>
#include <insn_decode/mmio_insn.h>

#include "fake_regs.h"

#define CHECK(cond) do { if (!(cond)) abort(); } while (0)

static bool is_size(unsigned int s)
{
	return s == 1 || s == 2 || s == 4 || s == 8;
}

static uint64_t mask_of(unsigned int size)
{
	return size == 8 ? ~(uint64_t)0 : ((uint64_t)1 << (8 * size)) - 1;
}

static void check_fields(const struct mmio_insn *in, size_t avail, enum mmio_cpu_mode mode)
{
	CHECK(in->len >= 1 && in->len <= MMIO_INSN_MAX_LEN && in->len <= avail);
	CHECK(is_size(in->size));
	CHECK(in->size != 8 || mode == MMIO_MODE_64);
	CHECK(in->mode == mode);
	CHECK(in->reg < (mode == MMIO_MODE_64 ? 16u : 8u));
	CHECK(!in->high8 || (in->reg < 4 && in->size == 1 && in->src == MMIO_SRC_REG));
	if (in->write) {
		CHECK(in->ext == MMIO_EXT_NONE && in->dst_size == 0);
		if (in->src == MMIO_SRC_IMM && in->size < 8)
			CHECK((in->imm & ~mask_of(in->size)) == 0);
	} else {
		CHECK(in->src == MMIO_SRC_REG && is_size(in->dst_size) && in->dst_size >= in->size);
		CHECK(in->ext != MMIO_EXT_NONE || in->dst_size == in->size);
	}
}

/* The register side touches only the operand's register, and only its operand's bits. */
static void check_registers(const struct mmio_insn *in, uint64_t device_value)
{
	struct fake_regs f, before;
	uint64_t v;

	fake_regs_init(&f, device_value * 0x9e3779b97f4a7c15u);
	before = f;
	if (in->write) {
		CHECK(mmio_insn_read_value(in, &f.ops, &v) == 0);
		CHECK((v & ~mask_of(in->size)) == 0);
		CHECK(mmio_insn_complete_load(in, &f.ops, device_value) == -HV_EINVAL);
		CHECK(f.writes == 0 && memcmp(f.gpr, before.gpr, sizeof(f.gpr)) == 0);
		return;
	}
	CHECK(mmio_insn_read_value(in, &f.ops, &v) == -HV_EINVAL);
	CHECK(mmio_insn_complete_load(in, &f.ops, device_value) == 0);
	CHECK(f.writes == 1);
	for (unsigned int i = 0; i < MMIO_GPR_COUNT; i++)
		CHECK(i == in->reg || f.gpr[i] == before.gpr[i]);
	v = f.gpr[in->reg] >> (in->high8 ? 8 : 0);
	CHECK((v & mask_of(in->size)) == (device_value & mask_of(in->size)));
	if (in->dst_size <= 2)
		CHECK((f.gpr[in->reg] & ~(mask_of(in->dst_size) << (in->high8 ? 8 : 0))) ==
		      (before.gpr[in->reg] & ~(mask_of(in->dst_size) << (in->high8 ? 8 : 0))));
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	enum mmio_cpu_mode mode;
	struct mmio_insn in, again;
	uint8_t *copy;
	size_t avail;
	int rc;

	if (size < 1)
		return 0;
	mode = (enum mmio_cpu_mode)(data[0] % 3);
	avail = size - 1;
	/* An exact-size heap copy, so that ASan sees any read past the end. */
	copy = malloc(avail ? avail : 1);
	if (copy == NULL)
		return 0;
	memcpy(copy, data + 1, avail);
	memset(&in, 0xa5, sizeof(in));
	rc = mmio_insn_decode(copy, avail, mode, &in);
	CHECK(rc == 0 || rc == -HV_EINVAL || rc == -HV_ENOSYS || rc == -HV_ERANGE);
	CHECK(rc != -HV_ERANGE || avail < MMIO_INSN_MAX_LEN); /* 15 bytes always suffice to decide */
	if (rc == 0) {
		check_fields(&in, avail, mode);
		/* The result depends on the instruction's own bytes only... */
		CHECK(mmio_insn_decode(copy, in.len, mode, &again) == 0);
		CHECK(again.len == in.len && again.size == in.size && again.write == in.write &&
		      again.reg == in.reg && again.high8 == in.high8 && again.src == in.src &&
		      again.imm == in.imm && again.ext == in.ext && again.dst_size == in.dst_size);
		/* ...and one byte fewer is a truncated instruction. */
		CHECK(mmio_insn_decode(copy, in.len - 1, mode, &again) == -HV_ERANGE);
		uint64_t device_value = avail * 0x0101010101010101u;

		if (avail >= 8)
			memcpy(&device_value, copy, 8);
		check_registers(&in, device_value);
	}
	free(copy);
	return 0;
}

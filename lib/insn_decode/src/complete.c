/* SPDX-License-Identifier: BSD-3-Clause */
/* The register side of an MMIO access: a store's value, and writing a load's value back (SDM Vol. 1 3.4.1.1). */
#include <hvkit/errno.h>
#include <insn_decode/mmio_insn.h>

static uint64_t size_mask(unsigned int size)
{
	return size >= 8 ? ~(uint64_t)0 : ((uint64_t)1 << (8 * size)) - 1;
}

static bool valid_size(unsigned int size)
{
	return size == 1 || size == 2 || size == 4 || size == 8;
}

static bool valid_regs(const struct mmio_regs *regs)
{
	return regs != NULL && regs->read != NULL && regs->write != NULL;
}

/* A register operand as decoded: reg below 16, and AH..BH only as a byte. */
static bool valid_reg(const struct mmio_insn *insn, unsigned int reg_size)
{
	return insn->reg < MMIO_GPR_COUNT && (!insn->high8 || (insn->reg < 4 && reg_size == 1));
}

int mmio_insn_read_value(const struct mmio_insn *insn, const struct mmio_regs *regs, uint64_t *value)
{
	uint64_t v;

	if (insn == NULL || value == NULL || !insn->write || !valid_size(insn->size))
		return -HV_EINVAL;
	if (insn->src == MMIO_SRC_IMM) {
		*value = insn->imm & size_mask(insn->size);
		return 0;
	}
	if (!valid_regs(regs) || !valid_reg(insn, insn->size))
		return -HV_EINVAL;
	v = regs->read(regs->ctx, insn->reg);
	if (insn->high8)
		v >>= 8;
	*value = v & size_mask(insn->size);
	return 0;
}

static uint64_t extend(const struct mmio_insn *insn, uint64_t value)
{
	uint64_t v = value & size_mask(insn->size);
	uint64_t sign = (uint64_t)1 << (8 * insn->size - 1);

	if (insn->ext == MMIO_EXT_SIGN && insn->size < 8 && (v & sign))
		v |= ~size_mask(insn->size);
	return v;
}

/* A load's sizes (1, 2, 4 or 8, the destination at least the access) and a register that has that size. */
static bool load_shape_valid(const struct mmio_insn *insn)
{
	return valid_size(insn->size) && valid_size(insn->dst_size) && insn->dst_size >= insn->size &&
	       valid_reg(insn, insn->dst_size);
}

/* Does a load of this size replace the whole register? 64 bits, or 32 in 64-bit mode (zero-extended). */
static bool fills_register(const struct mmio_insn *insn)
{
	return insn->dst_size == 8 || (insn->dst_size == 4 && insn->mode == MMIO_MODE_64);
}

int mmio_insn_complete_load(const struct mmio_insn *insn, const struct mmio_regs *regs, uint64_t value)
{
	uint64_t v, old, mask;
	unsigned int shift = 0;

	if (insn == NULL || insn->write || !valid_regs(regs) || !load_shape_valid(insn))
		return -HV_EINVAL;
	v = extend(insn, value);
	if (fills_register(insn)) {
		/* 64-bit mode: a 32-bit result is zero-extended into the whole register. */
		regs->write(regs->ctx, insn->reg, v & size_mask(insn->dst_size));
		return 0;
	}
	if (insn->high8)
		shift = 8;
	mask = size_mask(insn->dst_size) << shift;
	old = regs->read(regs->ctx, insn->reg);
	regs->write(regs->ctx, insn->reg, (old & ~mask) | ((v << shift) & mask));
	return 0;
}

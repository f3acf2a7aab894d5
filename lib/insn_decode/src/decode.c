/* SPDX-License-Identifier: BSD-3-Clause */
/* mmio_insn_decode: prefixes, then one of the MOV forms of include/insn_decode/mmio_insn.h. */
#include <insn_decode/mmio_insn.h>

#include "insn_parts.h"

/* The register operand ModRM.reg names, at the given size (SDM Vol. 2A 2.1.5 Table 2-2, 2.2.1.2). */
static void set_modrm_reg(struct mmio_insn *insn, const struct insn_prefixes *p, const struct insn_modrm *m,
			  unsigned int reg_size)
{
	insn->reg = m->reg | ((p->rex_bits & REX_R) ? 8u : 0u);
	/* SDM Vol. 2A 3.7.2.1 / Table 3-1: without any REX, byte registers 4-7 are AH, CH, DH, BH. */
	insn->high8 = reg_size == 1 && !p->rex && m->reg >= 4;
	if (insn->high8)
		insn->reg = m->reg - 4;
}

/* 88/89 (store) and 8A/8B (load): MOV between a register and memory. */
static int mov_reg(struct insn_cursor *c, const struct insn_prefixes *p, uint8_t op, struct mmio_insn *insn)
{
	struct insn_modrm m;
	int rc = insn_modrm_memory(c, insn_address_size(insn->mode, p), &m);

	if (rc != 0)
		return rc;
	insn->write = op == 0x88 || op == 0x89;
	insn->size = (op & 1) ? insn_operand_size(insn->mode, p) : 1;
	insn->dst_size = insn->write ? 0 : insn->size;
	insn->src = MMIO_SRC_REG;
	set_modrm_reg(insn, p, &m, insn->size);
	return 0;
}

/* C6 /0 ib and C7 /0 iw/id: store an immediate (C7 with REX.W: imm32 sign-extended to 64 bits). */
static int mov_imm(struct insn_cursor *c, const struct insn_prefixes *p, uint8_t op, struct mmio_insn *insn)
{
	struct insn_modrm m;
	uint64_t imm;
	unsigned int imm_size;
	int rc = insn_modrm_memory(c, insn_address_size(insn->mode, p), &m);

	if (rc != 0)
		return rc;
	if (m.reg != 0)
		return -HV_EINVAL; /* C6/C7 /1../7 are not MOV (XABORT/XBEGIN need mod=11; the rest #UD) */
	insn->size = op == 0xc6 ? 1 : insn_operand_size(insn->mode, p);
	imm_size = insn->size == 8 ? 4 : insn->size;
	rc = insn_cursor_le(c, imm_size, &imm);
	if (rc != 0)
		return rc;
	if (insn->size == 8 && (imm & 0x80000000u))
		imm |= 0xffffffff00000000u;
	insn->write = true;
	insn->src = MMIO_SRC_IMM;
	insn->imm = imm;
	return 0;
}

/* A0-A3: AL/rAX and a memory offset of the address size, no ModRM (SDM Vol. 2B MOV, note on moffs). */
static int mov_moffs(struct insn_cursor *c, const struct insn_prefixes *p, uint8_t op, struct mmio_insn *insn)
{
	uint64_t offset;
	int rc = insn_cursor_le(c, insn_address_size(insn->mode, p), &offset);

	if (rc != 0)
		return rc;
	insn->write = op >= 0xa2;
	insn->size = (op & 1) ? insn_operand_size(insn->mode, p) : 1;
	insn->dst_size = insn->write ? 0 : insn->size;
	insn->src = MMIO_SRC_REG;
	insn->reg = MMIO_GPR_RAX;
	return 0;
}

/* 0F B6/B7 MOVZX and 0F BE/BF MOVSX: load 8 or 16 bits into a 16/32/64-bit register. */
static int mov_extend(struct insn_cursor *c, const struct insn_prefixes *p, struct mmio_insn *insn)
{
	struct insn_modrm m;
	uint8_t op2;
	int rc = insn_cursor_next(c, &op2);

	if (rc != 0)
		return rc;
	if (op2 != 0xb6 && op2 != 0xb7 && op2 != 0xbe && op2 != 0xbf)
		return -HV_ENOSYS;
	rc = insn_modrm_memory(c, insn_address_size(insn->mode, p), &m);
	if (rc != 0)
		return rc;
	insn->write = false;
	insn->size = (op2 & 1) ? 2 : 1;
	insn->dst_size = insn_operand_size(insn->mode, p);
	insn->ext = op2 >= 0xbe ? MMIO_EXT_SIGN : MMIO_EXT_ZERO;
	insn->src = MMIO_SRC_REG;
	set_modrm_reg(insn, p, &m, insn->dst_size);
	return 0;
}

static int mov_extend_op(struct insn_cursor *c, const struct insn_prefixes *p, uint8_t op, struct mmio_insn *insn)
{
	(void)op; /* 0F: the second opcode byte decides */
	return mov_extend(c, p, insn);
}

/* The MOV forms that can touch memory, by opcode range. */
static const struct {
	uint8_t first, last;
	int (*decode)(struct insn_cursor *c, const struct insn_prefixes *p, uint8_t op, struct mmio_insn *insn);
} opcodes[] = {
	{ 0x88, 0x8b, mov_reg },   /* MOV r/m, r and r, r/m */
	{ 0xc6, 0xc7, mov_imm },   /* MOV r/m, imm */
	{ 0xa0, 0xa3, mov_moffs }, /* MOV AL/AX/EAX/RAX to and from moffs */
	{ 0x0f, 0x0f, mov_extend_op },
};

static int decode_opcode(struct insn_cursor *c, const struct insn_prefixes *p, struct mmio_insn *insn)
{
	uint8_t op;
	int rc = insn_cursor_next(c, &op);

	if (rc != 0)
		return rc;
	for (size_t i = 0; i < sizeof(opcodes) / sizeof(opcodes[0]); i++)
		if (op >= opcodes[i].first && op <= opcodes[i].last)
			return opcodes[i].decode(c, p, op, insn);
	return -HV_ENOSYS;
}

int mmio_insn_decode(const uint8_t *bytes, size_t avail, enum mmio_cpu_mode mode, struct mmio_insn *out)
{
	struct insn_cursor c;
	struct insn_prefixes p;
	struct mmio_insn insn = { 0 };
	int rc;

	if (bytes == NULL || out == NULL || (mode != MMIO_MODE_16 && mode != MMIO_MODE_32 && mode != MMIO_MODE_64))
		return -HV_EINVAL;
	insn_cursor_init(&c, bytes, avail);
	rc = insn_prefixes_read(&c, mode, &p);
	if (rc != 0)
		return rc;
	if (p.lock || p.rep)
		return -HV_EINVAL; /* LOCK MOV is #UD; REP/REPNE/XRELEASE MOV are not emulated */
	insn.mode = mode;
	rc = decode_opcode(&c, &p, &insn);
	if (rc != 0)
		return rc;
	insn.len = (unsigned int)c.pos;
	*out = insn;
	return 0;
}

int mmio_cpu_mode_from_cs(bool efer_lma, bool cs_l, bool cs_d, enum mmio_cpu_mode *mode)
{
	if (mode == NULL || (efer_lma && cs_l && cs_d))
		return -HV_EINVAL;
	if (efer_lma && cs_l)
		*mode = MMIO_MODE_64;
	else
		*mode = cs_d ? MMIO_MODE_32 : MMIO_MODE_16;
	return 0;
}

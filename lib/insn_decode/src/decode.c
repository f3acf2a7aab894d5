/* SPDX-License-Identifier: BSD-3-Clause */
/* mmio_insn_decode: prefixes, then one of the MOV forms of include/insn_decode/mmio_insn.h (MOVZX and MOVSX in
 * forms_more.c). */
#include <insn_decode/mmio_insn.h>

#include "insn_parts.h"

/* The register operand ModRM.reg names, at the given size (SDM Vol. 2A 2.1.5 Table 2-2, 2.2.1.2). */
void insn_set_modrm_reg(struct mmio_insn *insn, const struct insn_prefixes *p, const struct insn_modrm *m,
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
	insn_set_modrm_reg(insn, p, &m, insn->size);
	return 0;
}

/* The immediate of a store of `size` bytes: imm8/16/32, or for 8 bytes imm32 sign-extended (SDM Vol. 2B MOV). */
static int read_imm(struct insn_cursor *c, unsigned int size, uint64_t *imm)
{
	int rc = insn_cursor_le(c, size == 8 ? 4 : size, imm);

	if (rc != 0)
		return rc;
	if (size == 8 && (*imm & 0x80000000u))
		*imm |= 0xffffffff00000000u;
	return 0;
}

/* C6 /0 ib and C7 /0 iw/id: store an immediate (C7 with REX.W: imm32 sign-extended to 64 bits). */
static int mov_imm(struct insn_cursor *c, const struct insn_prefixes *p, uint8_t op, struct mmio_insn *insn)
{
	struct insn_modrm m;
	uint64_t imm;
	int rc = insn_modrm_memory(c, insn_address_size(insn->mode, p), &m);

	if (rc != 0)
		return rc;
	if (m.reg != 0)
		return -HV_EINVAL; /* C6/C7 /1../7 are not MOV (XABORT/XBEGIN need mod=11; the rest #UD) */
	insn->size = op == 0xc6 ? 1 : insn_operand_size(insn->mode, p);
	rc = read_imm(c, insn->size, &imm);
	if (rc != 0)
		return rc;
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

/* The MOV forms of every image, by opcode range. */
static const struct insn_form forms[] = {
	{ 0x88, 0x8b, mov_reg },   /* MOV r/m, r and r, r/m */
	{ 0xc6, 0xc7, mov_imm },   /* MOV r/m, imm */
	{ 0xa0, 0xa3, mov_moffs }, /* MOV AL/AX/EAX/RAX to and from moffs (gcc's load from a constant address) */
};

static insn_form_fn form_of(const struct insn_form *table, size_t n, uint8_t op)
{
	for (size_t i = 0; i < n; i++)
		if (op >= table[i].first && op <= table[i].last)
			return table[i].decode;
	return NULL;
}

static int decode_opcode(struct insn_cursor *c, const struct insn_prefixes *p, struct mmio_insn *insn)
{
	uint8_t op;
	int rc = insn_cursor_next(c, &op);

	if (rc != 0)
		return rc;
	insn_form_fn fn = form_of(forms, sizeof(forms) / sizeof(forms[0]), op);
	fn = fn ? fn : form_of(insn_more_forms, insn_more_form_count, op);
	return fn ? fn(c, p, op, insn) : -HV_ENOSYS;
}

static bool mode_known(enum mmio_cpu_mode mode)
{
	return mode == MMIO_MODE_16 || mode == MMIO_MODE_32 || mode == MMIO_MODE_64;
}

/* Prefixes, then the opcode and its operands. */
static int decode_insn(struct insn_cursor *c, enum mmio_cpu_mode mode, struct mmio_insn *insn)
{
	struct insn_prefixes p;
	int rc = insn_prefixes_read(c, mode, &p);

	if (rc != 0)
		return rc;
	if (p.lock || p.rep)
		return -HV_EINVAL; /* LOCK MOV is #UD; REP/REPNE/XRELEASE MOV are not emulated */
	insn->mode = mode;
	return decode_opcode(c, &p, insn);
}

int mmio_insn_decode(const uint8_t *bytes, size_t avail, enum mmio_cpu_mode mode, struct mmio_insn *out)
{
	struct insn_cursor c;
	struct mmio_insn insn = { 0 };

	if (bytes == NULL || out == NULL || !mode_known(mode))
		return -HV_EINVAL;
	insn_cursor_init(&c, bytes, avail);
	int rc = decode_insn(&c, mode, &insn);
	if (rc != 0)
		return rc;
	insn.len = (unsigned int)c.pos;
	*out = insn;
	return 0;
}

int mmio_cpu_mode_from_cs(bool efer_lma, bool cs_l, bool cs_d, enum mmio_cpu_mode *mode)
{
	bool long64 = efer_lma && cs_l;

	/* SDM Vol. 3A 3.4.5: in IA-32e mode, L = 1 with D = 1 is reserved. */
	if (mode == NULL || (long64 && cs_d))
		return -HV_EINVAL;
	if (long64)
		*mode = MMIO_MODE_64;
	else
		*mode = cs_d ? MMIO_MODE_32 : MMIO_MODE_16;
	return 0;
}

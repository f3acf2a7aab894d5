/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * The MOV forms beyond MOV between memory and a register or an immediate (decode.c): MOV with a memory offset
 * (A0-A3), MOVZX and MOVSX (0F B6/B7/BE/BF). The partition image links forms_none.c instead.
 */
#include <insn_decode/mmio_insn.h>

#include "insn_parts.h"

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

static bool is_extend_opcode(uint8_t op2)
{
	return op2 == 0xb6 || op2 == 0xb7 || op2 == 0xbe || op2 == 0xbf;
}

/* 0F B6/B7 MOVZX and 0F BE/BF MOVSX: load 8 or 16 bits into a 16/32/64-bit register. */
static int mov_extend(struct insn_cursor *c, const struct insn_prefixes *p, struct mmio_insn *insn)
{
	struct insn_modrm m;
	uint8_t op2;
	int rc = insn_cursor_next(c, &op2);

	if (rc != 0)
		return rc;
	if (!is_extend_opcode(op2))
		return -HV_ENOSYS;
	rc = insn_modrm_memory(c, insn_address_size(insn->mode, p), &m);
	if (rc != 0)
		return rc;
	insn->write = false;
	insn->size = (op2 & 1) ? 2 : 1;
	insn->dst_size = insn_operand_size(insn->mode, p);
	insn->ext = op2 >= 0xbe ? MMIO_EXT_SIGN : MMIO_EXT_ZERO;
	insn->src = MMIO_SRC_REG;
	insn_set_modrm_reg(insn, p, &m, insn->dst_size);
	return 0;
}

static int mov_extend_op(struct insn_cursor *c, const struct insn_prefixes *p, uint8_t op, struct mmio_insn *insn)
{
	(void)op; /* 0F: the second opcode byte decides */
	return mov_extend(c, p, insn);
}

const struct insn_form insn_more_forms[] = {
	{ 0xa0, 0xa3, mov_moffs }, /* MOV AL/AX/EAX/RAX to and from moffs */
	{ 0x0f, 0x0f, mov_extend_op },
};
const size_t insn_more_form_count = sizeof(insn_more_forms) / sizeof(insn_more_forms[0]);

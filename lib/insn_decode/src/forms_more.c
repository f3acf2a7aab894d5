/* SPDX-License-Identifier: BSD-3-Clause */
/* The MOV forms beyond those decode.c decodes: MOVZX and MOVSX (0F B6/B7/BE/BF). The partition image links
 * forms_none.c instead. */
#include <insn_decode/mmio_insn.h>

#include "insn_parts.h"

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
	{ 0x0f, 0x0f, mov_extend_op },
};
const size_t insn_more_form_count = sizeof(insn_more_forms) / sizeof(insn_more_forms[0]);

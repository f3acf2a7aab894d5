/* SPDX-License-Identifier: BSD-3-Clause */
/* Legacy prefixes (SDM Vol. 2A 2.1.1), REX (2.2.1) and the operand and address sizes they select. */
#include "insn_parts.h"

static bool is_segment_override(uint8_t b)
{
	return b == 0x26 || b == 0x2e || b == 0x36 || b == 0x3e || b == 0x64 || b == 0x65;
}

int insn_prefixes_read(struct insn_cursor *c, enum mmio_cpu_mode mode, struct insn_prefixes *p)
{
	*p = (struct insn_prefixes){ 0 };
	for (;;) {
		uint8_t b;
		int rc = insn_cursor_next(c, &b);

		if (rc != 0)
			return rc;
		if (mode == MMIO_MODE_64 && (b & 0xf0) == 0x40) {
			/* SDM Vol. 2A 2.2.1: of several REX prefixes, the last one counts. */
			p->rex = true;
			p->rex_bits = b & 0x0f;
			continue;
		}
		if (b == 0x66)
			p->opsize = true;
		else if (b == 0x67)
			p->addrsize = true;
		else if (b == 0xf0)
			p->lock = true;
		else if (b == 0xf2 || b == 0xf3)
			p->rep = true;
		else if (!is_segment_override(b)) {
			c->pos--; /* the opcode */
			return 0;
		}
		/* SDM Vol. 2A 2.2.1: a REX not immediately before the opcode is ignored. */
		p->rex = false;
		p->rex_bits = 0;
	}
}

unsigned int insn_operand_size(enum mmio_cpu_mode mode, const struct insn_prefixes *p)
{
	if (mode == MMIO_MODE_64 && (p->rex_bits & REX_W))
		return 8; /* REX.W wins over 66 */
	if (mode == MMIO_MODE_16)
		return p->opsize ? 4 : 2;
	return p->opsize ? 2 : 4; /* 32-bit segments and 64-bit mode default to 32 bits */
}

unsigned int insn_address_size(enum mmio_cpu_mode mode, const struct insn_prefixes *p)
{
	if (mode == MMIO_MODE_64)
		return p->addrsize ? 4 : 8;
	if (mode == MMIO_MODE_32)
		return p->addrsize ? 2 : 4;
	return p->addrsize ? 4 : 2;
}

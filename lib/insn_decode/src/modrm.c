/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * The length of a memory operand: ModRM, SIB and displacement.
 * SDM Vol. 2A 2.1.5, Table 2-1 (16-bit addressing) and Tables 2-2, 2-3 (32-bit
 * addressing, which 64-bit mode shares: 2.2.1.6 makes mod=00 r/m=101 RIP-relative
 * and, per Table 2-5, REX.B never changes when a SIB or a displacement follows).
 */
#include "insn_parts.h"

static int skip(struct insn_cursor *c, unsigned int n)
{
	uint64_t ignored;

	return insn_cursor_le(c, n, &ignored);
}

static unsigned int disp_size_16(const struct insn_modrm *m)
{
	if (m->mod == 1)
		return 1;
	if (m->mod == 2 || m->rm == 6) /* mod=00 r/m=110: disp16 alone */
		return 2;
	return 0;
}

static int skip_sib_and_disp_32(struct insn_cursor *c, const struct insn_modrm *m)
{
	unsigned int disp = m->mod == 1 ? 1 : m->mod == 2 ? 4 : 0;

	if (m->rm == 4) { /* a SIB byte follows */
		uint8_t sib;
		int rc = insn_cursor_next(c, &sib);

		if (rc != 0)
			return rc;
		if (m->mod == 0 && (sib & 7) == 5) /* Table 2-3 note 1: no base, disp32 */
			disp = 4;
	} else if (m->mod == 0 && m->rm == 5) { /* disp32 alone, or RIP + disp32 in 64-bit mode */
		disp = 4;
	}
	return skip(c, disp);
}

int insn_modrm_memory(struct insn_cursor *c, unsigned int address_size, struct insn_modrm *m)
{
	uint8_t b;
	int rc = insn_cursor_next(c, &b);

	if (rc != 0)
		return rc;
	m->mod = b >> 6;
	m->reg = (b >> 3) & 7;
	m->rm = b & 7;
	if (m->mod == 3)
		return -HV_EINVAL; /* a register, not memory: no MMIO access can come from it */
	if (address_size == 2)
		return skip(c, disp_size_16(m));
	return skip_sib_and_disp_32(c, m);
}

/* SPDX-License-Identifier: BSD-3-Clause */
/* The decoder's internal steps: prefixes (prefixes.c) and the memory operand's ModRM (modrm.c). */
#ifndef INSN_DECODE_INSN_PARTS_H
#define INSN_DECODE_INSN_PARTS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "insn_cursor.h"

/* REX bits (SDM Vol. 2A 2.2.1.2, Table 2-4). */
#define REX_B 0x1u
#define REX_X 0x2u
#define REX_R 0x4u
#define REX_W 0x8u

struct insn_prefixes {
	bool opsize;   /* 66 */
	bool addrsize; /* 67 */
	bool lock;     /* F0 */
	bool rep;      /* F2 or F3 */
	bool rex;      /* a REX prefix that applies (64-bit mode, right before the opcode) */
	uint8_t rex_bits;
};

/* Consume the legacy and REX prefixes; the cursor then points at the opcode. 0 or a cursor error. */
int insn_prefixes_read(struct insn_cursor *c, enum mmio_cpu_mode mode, struct insn_prefixes *p);

/* Operand and address size in bytes for the mode and prefixes (SDM Vol. 1 3.6.1, Table 3-4). */
unsigned int insn_operand_size(enum mmio_cpu_mode mode, const struct insn_prefixes *p);
unsigned int insn_address_size(enum mmio_cpu_mode mode, const struct insn_prefixes *p);

struct insn_modrm {
	uint8_t mod;
	uint8_t reg; /* ModRM.reg, without REX.R */
	uint8_t rm;
};

/*
 * Consume a ModRM byte that must name memory, with its SIB and displacement.
 * 0; -HV_EINVAL for mod = 11 (a register); or a cursor error.
 */
int insn_modrm_memory(struct insn_cursor *c, unsigned int address_size, struct insn_modrm *m);

/* The register operand ModRM.reg names, at the given size (decode.c). */
void insn_set_modrm_reg(struct mmio_insn *insn, const struct insn_prefixes *p, const struct insn_modrm *m,
			unsigned int reg_size);

/* An opcode range and the decoder of its MOV form. */
typedef int (*insn_form_fn)(struct insn_cursor *c, const struct insn_prefixes *p, uint8_t op, struct mmio_insn *insn);
struct insn_form {
	uint8_t first, last;
	insn_form_fn decode;
};

/* The forms decode.c does not decode itself: forms_more.c (MOVZX, MOVSX) or forms_none.c (none). */
extern const struct insn_form insn_more_forms[];
extern const size_t insn_more_form_count;

#endif

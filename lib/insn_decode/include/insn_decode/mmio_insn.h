/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Decoding the guest instruction behind an MMIO exit.
 *
 * An EPT violation or an APIC-access exit gives the guest-physical address of
 * an access but not its size, direction, register or value. The core fetches
 * the instruction bytes at guest RIP (up to MMIO_INSN_MAX_LEN, through the
 * guest's page tables), decodes them here, performs the access on the virtual
 * device, then completes a load into the guest's register and advances RIP by
 * insn.len.
 *
 * Decoded: the MOV forms compilers emit for device registers (SDM Vol. 2B
 * "MOV", "MOVZX", "MOVSX"):
 *   88 /r  MOV r/m8, r8        89 /r  MOV r/m16/32/64, r     (stores from a register)
 *   8A /r  MOV r8, r/m8        8B /r  MOV r16/32/64, r/m     (loads)
 *   C6 /0 ib  MOV r/m8, imm8   C7 /0 iw/id  MOV r/m, imm     (stores of an immediate;
 *                                        with REX.W, imm32 sign-extended to 64 bits)
 *   A0/A1  MOV AL/rAX, moffs   A2/A3  MOV moffs, AL/rAX
 *   0F B6/B7 /r  MOVZX r, m8/m16    0F BE/BF /r  MOVSX r, m8/m16
 * with the prefixes 66 (operand size), 67 (address size), segment overrides
 * (26 2E 36 3E 64 65, ignored: the exit gives the address) and, in 64-bit
 * mode, REX. The memory operand may use any ModRM/SIB/displacement form
 * (RIP-relative included); only the length matters, since the exit gives the
 * address.
 *
 * Everything else is refused with an error, so that the core injects a fault
 * rather than guess: other opcodes (MOVS, STOS, AND/OR/XCHG on memory, VEX and
 * EVEX moves, x87, MOVSXD, ...) -HV_ENOSYS; LOCK, REP/REPNE (F2/F3), a register
 * operand where memory is required (ModRM.mod = 11), C6/C7 with ModRM.reg != 0
 * and instructions longer than 15 bytes -HV_EINVAL; bytes that end before the
 * instruction does -HV_ERANGE. The decoder never reads past the bytes given.
 */
#ifndef INSN_DECODE_MMIO_INSN_H
#define INSN_DECODE_MMIO_INSN_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* SDM Vol. 2A 2.3.11: an instruction is at most 15 bytes long. */
#define MMIO_INSN_MAX_LEN 15u

/* The code segment's default operand and address size (CS.D), or 64-bit mode (CS.L in IA-32e mode). */
enum mmio_cpu_mode {
	MMIO_MODE_16 = 0, /* real mode, virtual-8086 mode, or a 16-bit code segment */
	MMIO_MODE_32 = 1, /* a 32-bit code segment (protected or compatibility mode) */
	MMIO_MODE_64 = 2, /* 64-bit mode */
};

/* General-purpose registers, numbered as the instruction encodes them (SDM Vol. 2A 2.1.5, 2.2.1.2). */
enum mmio_gpr {
	MMIO_GPR_RAX = 0, MMIO_GPR_RCX, MMIO_GPR_RDX, MMIO_GPR_RBX,
	MMIO_GPR_RSP, MMIO_GPR_RBP, MMIO_GPR_RSI, MMIO_GPR_RDI,
	MMIO_GPR_R8, MMIO_GPR_R9, MMIO_GPR_R10, MMIO_GPR_R11,
	MMIO_GPR_R12, MMIO_GPR_R13, MMIO_GPR_R14, MMIO_GPR_R15,
	MMIO_GPR_COUNT,
};

enum mmio_src {
	MMIO_SRC_REG = 0, /* the value comes from (or a load goes to) register insn.reg */
	MMIO_SRC_IMM = 1, /* a store of insn.imm */
};

/* How a load's value reaches the destination register. */
enum mmio_ext {
	MMIO_EXT_NONE = 0, /* MOV: the destination has the access's size */
	MMIO_EXT_ZERO = 1, /* MOVZX */
	MMIO_EXT_SIGN = 2, /* MOVSX */
};

struct mmio_insn {
	bool write;            /* a store to the device; false: a load from it */
	unsigned int size;     /* bytes accessed in memory: 1, 2, 4 or 8 */
	enum mmio_src src;     /* a load is always MMIO_SRC_REG (its destination) */
	unsigned int reg;      /* enum mmio_gpr: the store's source or the load's destination */
	bool high8;            /* the register is AH, CH, DH or BH (bits 15:8 of reg 0-3) */
	uint64_t imm;          /* MMIO_SRC_IMM: the value stored, already extended to size */
	enum mmio_ext ext;     /* loads only */
	unsigned int dst_size; /* loads: the destination register's size, 1, 2, 4 or 8 (>= size) */
	unsigned int len;      /* instruction length in bytes: guest RIP advances by this much */
	enum mmio_cpu_mode mode;
};

/*
 * Decode the instruction at bytes[0..avail-1] (only the first 15 bytes are
 * ever looked at). 0 and *out filled; a negative HV_E* (see above) and *out
 * untouched. -HV_EINVAL also for NULL pointers and an unknown mode.
 */
int mmio_insn_decode(const uint8_t *bytes, size_t avail, enum mmio_cpu_mode mode, struct mmio_insn *out);

/*
 * The mode from the guest's IA32_EFER.LMA and CS attributes (SDM Vol. 3A 3.4.5:
 * in IA-32e mode, CS.L selects 64-bit mode, where CS.D must be 0; otherwise
 * CS.D selects 32 bits). Real and virtual-8086 mode: pass cs_l = cs_d = false.
 * 0; -HV_EINVAL for L and D both set in IA-32e mode (reserved).
 */
int mmio_cpu_mode_from_cs(bool efer_lma, bool cs_l, bool cs_d, enum mmio_cpu_mode *mode);

/* The guest's register file, as the core keeps it (RSP included). */
struct mmio_regs {
	void *ctx;
	uint64_t (*read)(void *ctx, unsigned int gpr);
	void (*write)(void *ctx, unsigned int gpr, uint64_t value);
};

/*
 * The value a store writes to the device, in the low insn->size bytes of
 * *value (upper bytes zero). 0; -HV_EINVAL for a load or NULL pointers.
 */
int mmio_insn_read_value(const struct mmio_insn *insn, const struct mmio_regs *regs, uint64_t *value);

/*
 * Put a load's value (its low insn->size bytes; the rest is ignored) into the
 * destination register, extended as MOVZX/MOVSX say, by the SDM's rules for
 * writing a register (Vol. 1 3.4.1.1): 8- and 16-bit destinations keep the
 * register's other bits; a 32-bit destination is zero-extended to 64 bits in
 * 64-bit mode (outside it the upper half is left as it was: the guest cannot
 * see it); a 64-bit one is written whole. 0; -HV_EINVAL for a store or NULL.
 */
int mmio_insn_complete_load(const struct mmio_insn *insn, const struct mmio_regs *regs, uint64_t value);

#endif /* INSN_DECODE_MMIO_INSN_H */

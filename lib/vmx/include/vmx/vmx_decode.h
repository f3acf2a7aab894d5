/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Decoders of exit qualifications the core needs (SDM Vol. 3C 27.2.1) and
 * access to guest GPRs by the register numbers used in those qualifications.
 * EPT-violation qualifications belong to lib/ept.
 */
#ifndef VMX_VMX_DECODE_H
#define VMX_VMX_DECODE_H

#include <stdbool.h>
#include <stdint.h>

struct vmx_guest_regs;

/* Control-register access (exit reason 28), SDM table 27-3. */
enum vmx_cr_access_type {
	VMX_CR_ACCESS_MOV_TO_CR = 0,
	VMX_CR_ACCESS_MOV_FROM_CR = 1,
	VMX_CR_ACCESS_CLTS = 2,
	VMX_CR_ACCESS_LMSW = 3,
};

struct vmx_cr_access {
	uint8_t cr;            /* bits 3:0: control register number (0, 3, 4, 8) */
	uint8_t access_type;   /* bits 5:4: enum vmx_cr_access_type; bit 6 (LMSW from memory) has no reader */
	uint8_t gpr;           /* bits 11:8: register for MOV CR (0 RAX ... 15 R15) */
	uint16_t lmsw_source;  /* bits 31:16: LMSW source data */
};

void vmx_decode_cr_access(uint64_t qualification, struct vmx_cr_access *out);

/* I/O instruction (exit reason 30), SDM table 27-5. */
struct vmx_io_access {
	uint16_t port;       /* bits 31:16 */
	uint8_t size;        /* bytes: 1, 2 or 4 (bits 2:0 encode size - 1) */
	bool in;             /* bit 3: 1 = IN/INS, 0 = OUT/OUTS */
	bool string;         /* bit 4: INS/OUTS */
	bool rep;            /* bit 5: REP prefix; bit 6 (port given as an immediate) has no reader */
};

/* Returns false (out untouched) if the size encoding is not 0, 1 or 3. */
bool vmx_decode_io(uint64_t qualification, struct vmx_io_access *out);

/*
 * Pointer to the guest GPR numbered as in exit qualifications and instruction
 * information (0 RAX, 1 RCX, 2 RDX, 3 RBX, 4 RSP, 5 RBP, 6 RSI, 7 RDI, 8-15 R8-R15).
 * NULL for 4 (RSP lives in the VMCS guest-state area: VMCS_GUEST_RSP) and for >= 16.
 */
uint64_t *vmx_guest_gpr(struct vmx_guest_regs *regs, unsigned int index);

/* Meaning of the exit qualification of a VM-entry failure (reasons 33, 34, 41), SDM 26.7/26.8.
 * Never NULL. Only "VM-entry failure exit" in an image linked with src/vmx_exit_names_none.c. */
const char *vmx_entry_failure_text(uint32_t basic_reason, uint64_t qualification);

#endif /* VMX_VMX_DECODE_H */

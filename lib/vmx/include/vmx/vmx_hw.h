/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * lib/vmx hardware seam: every privileged instruction lib/vmx executes.
 *
 * The image links src/hw_x86.c (inline assembly) and src/vmx_entry_x86.S;
 * unit tests link tests/mock_hw.c, which simulates MSRs, control registers and
 * instruction outcomes.
 */
#ifndef VMX_VMX_HW_H
#define VMX_VMX_HW_H

#include <stdint.h>

/* Outcome of a VMX instruction, SDM Vol. 3C 30.2 (conventions): CF=1 is
 * VMfailInvalid (no current VMCS), ZF=1 is VMfailValid (error number in the
 * VM-instruction error field), neither is VMsucceed. */
enum vmx_insn_status {
	VMX_SUCCEED = 0,
	VMX_FAIL_INVALID = 1,
	VMX_FAIL_VALID = 2,
};

struct vmx_cpuid_regs {
	uint32_t eax, ebx, ecx, edx;
};

struct vmx_guest_regs;

void vmx_hw_cpuid(uint32_t leaf, uint32_t subleaf, struct vmx_cpuid_regs *out);
uint64_t vmx_hw_rdmsr(uint32_t msr);
void vmx_hw_wrmsr(uint32_t msr, uint64_t value);
uint64_t vmx_hw_read_cr0(void);
void vmx_hw_write_cr0(uint64_t value);
uint64_t vmx_hw_read_cr4(void);
void vmx_hw_write_cr4(uint64_t value);

enum vmx_insn_status vmx_hw_vmxon(uint64_t vmxon_region_pa);
enum vmx_insn_status vmx_hw_vmclear(uint64_t vmcs_pa);
enum vmx_insn_status vmx_hw_vmptrld(uint64_t vmcs_pa);
enum vmx_insn_status vmx_hw_vmread(uint64_t field, uint64_t *value);
enum vmx_insn_status vmx_hw_vmwrite(uint64_t field, uint64_t value);

/*
 * Enter the guest on the current VMCS with VMLAUNCH (launched == 0) or
 * VMRESUME (launched != 0). Loads guest GPRs and CR2 from *regs, writes
 * HOST_RSP/HOST_RIP so the exit lands back here, and on VM exit stores the
 * guest GPRs and CR2 into *regs. Returns VMX_SUCCEED after a VM exit, or the
 * failure of VMLAUNCH/VMRESUME (the guest never ran; *regs unchanged).
 */
enum vmx_insn_status vmx_hw_vmenter(struct vmx_guest_regs *regs, int launched);

#endif /* VMX_VMX_HW_H */

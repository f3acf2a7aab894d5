/* SPDX-License-Identifier: BSD-3-Clause */
/* Host mock of the lib/vmx hardware seam. */
#include "mock_hw.h"

#include <string.h>

#include <vmx/vmx_arch.h>
#include <vmx/vmcs_fields.h>
#include <vmx/vmx_ext.h>
#include <hvkit/arch/x86_ext.h>

struct mock_hw mock_hw;

void mock_hw_reset(void)
{
	memset(&mock_hw, 0, sizeof(mock_hw));
	mock_hw.cpuid1_ecx = CPUID_1_ECX_VMX;
	mock_hw.cr0 = 0x80000011ull; /* PG | ET | PE */
	mock_hw.cr4 = 0x20ull;       /* PAE */
	mock_hw.current_vmcs = ~0ull;
	mock_hw.vmwrite_fail_field = ~0ull;
}

void mock_msr_set(uint32_t index, uint64_t value)
{
	for (unsigned int i = 0; i < mock_hw.nmsrs; i++) {
		if (mock_hw.msrs[i].index == index) {
			mock_hw.msrs[i].value = value;
			return;
		}
	}
	if (mock_hw.nmsrs < MOCK_MAX_MSRS) {
		mock_hw.msrs[mock_hw.nmsrs].index = index;
		mock_hw.msrs[mock_hw.nmsrs].value = value;
		mock_hw.nmsrs++;
	}
}

bool mock_msr_get(uint32_t index, uint64_t *value)
{
	for (unsigned int i = 0; i < mock_hw.nmsrs; i++) {
		if (mock_hw.msrs[i].index == index) {
			*value = mock_hw.msrs[i].value;
			return true;
		}
	}
	return false;
}

void vmx_hw_cpuid(uint32_t leaf, uint32_t subleaf, struct vmx_cpuid_regs *out)
{
	(void)subleaf;
	memset(out, 0, sizeof(*out));
	if (leaf == 1)
		out->ecx = mock_hw.cpuid1_ecx;
}

uint64_t vmx_hw_rdmsr(uint32_t msr)
{
	uint64_t v;

	if (mock_msr_get(msr, &v))
		return v;
	mock_hw.bad_msr_reads++;
	mock_hw.last_bad_msr = msr;
	return 0;
}

void vmx_hw_wrmsr(uint32_t msr, uint64_t value)
{
	mock_hw.msr_writes++;
	if (msr == IA32_FEATURE_CONTROL && mock_hw.feature_control_ignores_writes)
		return;
	mock_msr_set(msr, value);
}

uint64_t vmx_hw_read_cr0(void) { return mock_hw.cr0; }
uint64_t vmx_hw_read_cr4(void) { return mock_hw.cr4; }

void vmx_hw_write_cr0(uint64_t value)
{
	mock_hw.cr0_writes++;
	mock_hw.cr0 = value;
}

void vmx_hw_write_cr4(uint64_t value)
{
	mock_hw.cr4_writes++;
	mock_hw.cr4 = value;
}

enum vmx_insn_status vmx_hw_vmxon(uint64_t pa)
{
	mock_hw.vmxon_calls++;
	mock_hw.vmxon_pa = pa;
	mock_hw.cr4_at_vmxon = mock_hw.cr4;
	memcpy(&mock_hw.vmxon_revision, (const void *)(uintptr_t)pa, sizeof(uint32_t));
	if (mock_hw.vmxon_result == VMX_SUCCEED)
		mock_hw.in_vmx = true;
	return mock_hw.vmxon_result;
}

enum vmx_insn_status vmx_hw_vmxoff(void)
{
	mock_hw.vmxoff_calls++;
	if (mock_hw.vmxoff_result == VMX_SUCCEED)
		mock_hw.in_vmx = false;
	return mock_hw.vmxoff_result;
}

enum vmx_insn_status vmx_hw_vmclear(uint64_t pa)
{
	mock_hw.vmclear_pa = pa;
	if (mock_hw.vmclear_result == VMX_SUCCEED && mock_hw.current_vmcs == pa)
		mock_hw.current_vmcs = ~0ull;
	return mock_hw.vmclear_result;
}

enum vmx_insn_status vmx_hw_vmptrld(uint64_t pa)
{
	mock_hw.vmptrld_pa = pa;
	if (mock_hw.vmptrld_result == VMX_SUCCEED)
		mock_hw.current_vmcs = pa;
	return mock_hw.vmptrld_result;
}

void mock_vmcs_set(uint64_t field, uint64_t value)
{
	for (unsigned int i = 0; i < mock_hw.nfields; i++) {
		if (mock_hw.fields[i].field == field) {
			mock_hw.fields[i].value = value;
			return;
		}
	}
	if (mock_hw.nfields < MOCK_MAX_FIELDS) {
		mock_hw.fields[mock_hw.nfields].field = field;
		mock_hw.fields[mock_hw.nfields].value = value;
		mock_hw.nfields++;
	}
}

bool mock_vmcs_get(uint64_t field, uint64_t *value)
{
	for (unsigned int i = 0; i < mock_hw.nfields; i++) {
		if (mock_hw.fields[i].field == field) {
			*value = mock_hw.fields[i].value;
			return true;
		}
	}
	return false;
}

enum vmx_insn_status vmx_hw_vmread(uint64_t field, uint64_t *value)
{
	mock_hw.vmreads++;
	if (mock_hw.current_vmcs == ~0ull)
		return VMX_FAIL_INVALID;
	uint64_t v = 0;
	if (!mock_vmcs_get(field, &v))
		v = 0;
	*value = v;
	return VMX_SUCCEED;
}

enum vmx_insn_status vmx_hw_vmwrite(uint64_t field, uint64_t value)
{
	mock_hw.vmwrites++;
	if (mock_hw.current_vmcs == ~0ull)
		return VMX_FAIL_INVALID;
	if (field == mock_hw.vmwrite_fail_field) {
		mock_vmcs_set(VMCS_VM_INSTRUCTION_ERROR, 12); /* unsupported VMCS component */
		return VMX_FAIL_VALID;
	}
	mock_vmcs_set(field, value);
	return VMX_SUCCEED;
}

enum vmx_insn_status vmx_hw_invvpid(uint64_t type, uint16_t vpid, uint64_t linear_address)
{
	mock_hw.invvpid_calls++;
	mock_hw.invvpid_type = type;
	mock_hw.invvpid_vpid = vpid;
	mock_hw.invvpid_addr = linear_address;
	return mock_hw.invvpid_result;
}

enum vmx_insn_status vmx_hw_vmenter(struct vmx_guest_regs *regs, int launched)
{
	mock_hw.vmenter_calls++;
	mock_hw.vmenter_launched = launched;
	mock_hw.vmenter_regs_seen = regs;
	if (mock_hw.vmenter_result != VMX_SUCCEED)
		return mock_hw.vmenter_result;
	if (mock_hw.on_vmexit)
		mock_hw.on_vmexit(regs);
	return VMX_SUCCEED;
}

/* Values shaped like Bochs 2.7's tigerlake model (PLATFORM.md): TRUE controls, EPT with
 * 2M/1G/A-D, VPID with all INVVPID types, UG, APICv without posted interrupts. */
void mock_load_tigerlake(void)
{
	mock_msr_set(IA32_FEATURE_CONTROL, IA32_FEATURE_CONTROL_LOCK | IA32_FEATURE_CONTROL_VMX_OUTSIDE_SMX);
	mock_msr_set(IA32_VMX_BASIC, 0x4ull | (0x1000ull << 32) | (6ull << 50) | VMX_BASIC_INS_OUTS_INFO |
		VMX_BASIC_TRUE_CTLS);
	/* Non-TRUE: default1 classes forced to 1. TRUE: fewer forced bits. */
	mock_msr_set(IA32_VMX_PINBASED_CTLS, 0x0000007f00000016ull);
	mock_msr_set(IA32_VMX_TRUE_PINBASED_CTLS, 0x0000007f00000000ull);
	mock_msr_set(IA32_VMX_PROCBASED_CTLS, 0xfff9fffe0401e172ull);
	mock_msr_set(IA32_VMX_TRUE_PROCBASED_CTLS, 0xfff9fffe04006172ull);
	mock_msr_set(IA32_VMX_EXIT_CTLS, 0x007fefff00036dffull);
	mock_msr_set(IA32_VMX_TRUE_EXIT_CTLS, 0x007fefff00036dfbull);
	mock_msr_set(IA32_VMX_ENTRY_CTLS, 0x0000f3ff000011ffull);
	mock_msr_set(IA32_VMX_TRUE_ENTRY_CTLS, 0x0000f3ff000011fbull);
	mock_msr_set(IA32_VMX_MISC, 0x00000000000401e5ull | VMX_MISC_ACTIVITY_HLT | VMX_MISC_ACTIVITY_WAIT_SIPI);
	mock_msr_set(IA32_VMX_CR0_FIXED0, 0x80000021ull);
	mock_msr_set(IA32_VMX_CR0_FIXED1, 0xffffffffull);
	mock_msr_set(IA32_VMX_CR4_FIXED0, 0x2000ull);
	mock_msr_set(IA32_VMX_CR4_FIXED1, 0x3727ffull);
	/* Secondary: all but posted interrupts' secondary relatives; bits 0-13, 16, 17 allowed. */
	mock_msr_set(IA32_VMX_PROCBASED_CTLS2, 0x00033fff00000000ull);
	/* SDM A.10 bits lib/vmx does not decode: execute-only (0), 4-level walk (6), UC (8), WB (14), INVEPT (20) with
	 * its single-context (25) and all-context (26) types. */
	const uint64_t ept_other = 1ull << 0 | 1ull << 6 | 1ull << 8 | 1ull << 14 | 1ull << 20 | 1ull << 25 | 1ull << 26;
	mock_msr_set(IA32_VMX_EPT_VPID_CAP, ept_other | VMX_EPT_PDE_2MB | VMX_EPT_PDPTE_1GB | VMX_EPT_ACCESSED_DIRTY |
		VMX_VPID_INVVPID | 0xfull << VMX_VPID_INVVPID_TYPE_SHIFT /* every INVVPID type */);
	mock_msr_set(IA32_VMX_VMFUNC, 1);
}

/* SPDX-License-Identifier: BSD-3-Clause */
/* Host mock of the lib/vmx hardware seam (vmx_hw.h): knobs and observations for tests. */
#ifndef VMX_TESTS_MOCK_HW_H
#define VMX_TESTS_MOCK_HW_H

#include <stdbool.h>
#include <stdint.h>

#include <vmx/vmx_hw.h>

#define MOCK_MAX_MSRS 64
#define MOCK_MAX_FIELDS 256

struct mock_hw {
	/* CPUID leaf 1 ECX (other leaves/registers read as 0). */
	uint32_t cpuid1_ecx;

	/* MSRs: reading one that was never set counts bad_msr_reads (real CPUs #GP). */
	struct {
		uint32_t index;
		uint64_t value;
	} msrs[MOCK_MAX_MSRS];
	unsigned int nmsrs;
	unsigned int bad_msr_reads;
	uint32_t last_bad_msr;
	unsigned int msr_writes;
	/* When true, writes to IA32_FEATURE_CONTROL are ignored (models a CPU refusing it). */
	bool feature_control_ignores_writes;

	uint64_t cr0, cr4;
	unsigned int cr0_writes, cr4_writes;

	/* Outcome of the next instructions (default VMX_SUCCEED). */
	enum vmx_insn_status vmxon_result, vmxoff_result, vmclear_result, vmptrld_result;
	enum vmx_insn_status invvpid_result;
	uint64_t vmxon_pa;          /* operand of the last VMXON */
	uint32_t vmxon_revision;    /* first dword of the region at VMXON time */
	uint64_t cr4_at_vmxon;
	unsigned int vmxon_calls, vmxoff_calls;
	bool in_vmx;

	/* VMCS simulation: current VMCS, its fields. */
	uint64_t current_vmcs;      /* ~0 = none */
	uint64_t vmclear_pa, vmptrld_pa;
	struct {
		uint64_t field;
		uint64_t value;
	} fields[MOCK_MAX_FIELDS];
	unsigned int nfields;
	unsigned int vmwrites, vmreads;
	uint64_t vmwrite_fail_field; /* a VMWRITE to this field fails VMfailValid (~0 = none) */

	/* INVVPID observation. */
	uint64_t invvpid_type;
	uint16_t invvpid_vpid;
	uint64_t invvpid_addr;
	unsigned int invvpid_calls;

	/* VM entry simulation: what the next vmx_hw_vmenter does. */
	enum vmx_insn_status vmenter_result;
	int vmenter_launched;        /* the launched argument of the last call */
	unsigned int vmenter_calls;
	struct vmx_guest_regs *vmenter_regs_seen;
	/* Called on a simulated VM exit (vmenter_result == VMX_SUCCEED) to let a test
	 * change guest registers and exit fields as the CPU would. */
	void (*on_vmexit)(struct vmx_guest_regs *regs);
};

extern struct mock_hw mock_hw;

void mock_hw_reset(void);
void mock_msr_set(uint32_t index, uint64_t value);
bool mock_msr_get(uint32_t index, uint64_t *value);
/* Set a VMCS field in the simulated current VMCS (as if the CPU wrote it). */
void mock_vmcs_set(uint64_t field, uint64_t value);
/* Read a field written by the code under test; returns false if never written. */
bool mock_vmcs_get(uint64_t field, uint64_t *value);

/* Load MSR values like Bochs's tigerlake model (TRUE controls, EPT, VPID, UG, APICv, no posted interrupts). */
void mock_load_tigerlake(void);

#endif

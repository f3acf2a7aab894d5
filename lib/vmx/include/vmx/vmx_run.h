/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Running a vCPU: VMCS ownership, VMLAUNCH/VMRESUME with the guest GPRs the
 * VMCS does not hold, and the outcome of the entry.
 */
#ifndef VMX_VMX_RUN_H
#define VMX_VMX_RUN_H

#include <stdbool.h>
#include <stdint.h>

#include <vmx/vmx.h>
#include <vmx/vmx_exit.h>

/* Guest registers not saved by the VMCS (RSP, RIP, RFLAGS are VMCS guest-state fields).
 * The layout is fixed: src/vmx_entry_x86.S uses these offsets. */
struct vmx_guest_regs {
	uint64_t rax;  /* 0x00 */
	uint64_t rcx;  /* 0x08 */
	uint64_t rdx;  /* 0x10 */
	uint64_t rbx;  /* 0x18 */
	uint64_t rsp_unused; /* 0x20: keeps the SDM register numbering; RSP is in the VMCS */
	uint64_t rbp;  /* 0x28 */
	uint64_t rsi;  /* 0x30 */
	uint64_t rdi;  /* 0x38 */
	uint64_t r8, r9, r10, r11, r12, r13, r14, r15; /* 0x40 .. 0x78 */
	uint64_t cr2;  /* 0x80 */
};

/* One vCPU's VMCS. The core owns the storage (zero-initialise). */
struct vmx_vcpu {
	void *vmcs;          /* 4 KiB VMCS region (plat_page_alloc), revision id written */
	uint64_t vmcs_pa;
	bool launched;       /* VMLAUNCH succeeded; next entry uses VMRESUME */
	uint16_t vpid;
	struct vmx_guest_regs regs;
};

/*
 * Allocate the VMCS region, write the revision id (SDM 24.2), VMCLEAR it and make
 * it current (VMPTRLD). -HV_EINVAL bad arguments, -HV_EBUSY already has a VMCS,
 * -HV_ENOMEM no page, -HV_EIO VMCLEAR/VMPTRLD failed (page freed).
 */
int vmx_vcpu_init(struct vmx_vcpu *vcpu, const struct vmx_caps *caps);

/* VMPTRLD this vCPU's VMCS on the calling CPU (after a migration, VMCLEAR it on the old
 * CPU first with vmx_vcpu_clear). -HV_EINVAL no VMCS, -HV_EIO on failure. */
int vmx_vcpu_load(struct vmx_vcpu *vcpu);

/* VMCLEAR: flushes the VMCS to memory, makes it not current, next entry is VMLAUNCH. */
int vmx_vcpu_clear(struct vmx_vcpu *vcpu);


/*
 * Enter the guest on the current VMCS (VMLAUNCH the first time, VMRESUME after)
 * and return after the next VM exit with *exit filled.
 *  0          a VM exit happened: exit->basic_reason etc.; vcpu->regs hold the guest GPRs.
 *  -HV_EIO    the entry failed:
 *             - VMLAUNCH/VMRESUME failed: exit->insn_status is VMX_FAIL_VALID (exit->insn_error
 *               holds the VM-instruction error, vmx_insn_error_text()) or VMX_FAIL_INVALID;
 *             - or a VM-entry failure exit: exit->entry_failure, basic_reason 33/34/41,
 *               exit->qualification (vmx_entry_failure_text()). launched is left unchanged.
 *  -HV_EINVAL NULL arguments or no VMCS.
 */
int vmx_vcpu_run(struct vmx_vcpu *vcpu, struct vmx_exit_info *exit);

/*
 * VMREAD/VMWRITE on the current VMCS, in two kinds.
 *
 * Infallible by design: VMREAD and VMWRITE fail only without a current VMCS (VMfailInvalid), for a field
 * the processor does not support, or for a VMWRITE to a read-only field (VMfailValid; SDM Vol. 3C 31.3,
 * VMREAD/VMWRITE). A caller that runs on its vCPU's CPU with that VMCS loaded, on a field every VMX
 * processor has or whose control its VMCS set up enabled, cannot meet any of them. So vmx_vmread returns
 * the value and vmx_vmwrite nothing; should the precondition be broken (a hypervisor bug), they panic
 * naming the field and the VM-instruction error instead of handing back a value nobody checks.
 */
uint64_t vmx_vmread(uint64_t field);
void vmx_vmwrite(uint64_t field, uint64_t value);

/*
 * Checked: 0, or -HV_EIO (logged at DEBUG). For setup code that propagates failure (a VMCS being built,
 * a field that depends on a feature the processor may lack); the result must be used.
 */
int vmx_vmread_checked(uint64_t field, uint64_t *value) __attribute__((warn_unused_result));
int vmx_vmwrite_checked(uint64_t field, uint64_t value) __attribute__((warn_unused_result));

#endif /* VMX_VMX_RUN_H */

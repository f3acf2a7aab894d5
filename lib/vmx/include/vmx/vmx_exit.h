/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * VM exits: basic exit reasons with names (SDM Vol. 3D appendix C), the
 * VM-instruction error numbers with their text (SDM Vol. 3C 30.4), exit
 * information read after a VM exit, and dispatch by exit reason.
 */
#ifndef VMX_VMX_EXIT_H
#define VMX_VMX_EXIT_H

#include <stdbool.h>
#include <stdint.h>

/* The basic exit reasons hvkit handles or refers to, SDM Vol. 3D appendix C (vmx_exit_reason_name knows them all;
 * src/vmx_exit.c names a few more). */
enum vmx_exit_reason {
	VMX_EXIT_EXCEPTION_OR_NMI = 0,
	VMX_EXIT_EXTERNAL_INTERRUPT = 1,
	VMX_EXIT_TRIPLE_FAULT = 2,
	VMX_EXIT_INTERRUPT_WINDOW = 7,
	VMX_EXIT_NMI_WINDOW = 8,
	VMX_EXIT_CPUID = 10,
	VMX_EXIT_HLT = 12,
	VMX_EXIT_INVD = 13,
	VMX_EXIT_VMCALL = 18,
	VMX_EXIT_VMCLEAR = 19,
	VMX_EXIT_VMLAUNCH = 20,
	VMX_EXIT_VMPTRLD = 21,
	VMX_EXIT_VMPTRST = 22,
	VMX_EXIT_VMREAD = 23,
	VMX_EXIT_VMRESUME = 24,
	VMX_EXIT_VMWRITE = 25,
	VMX_EXIT_VMXOFF = 26,
	VMX_EXIT_VMXON = 27,
	VMX_EXIT_CR_ACCESS = 28,
	VMX_EXIT_IO_INSTRUCTION = 30,
	VMX_EXIT_RDMSR = 31,
	VMX_EXIT_WRMSR = 32,
	VMX_EXIT_ENTRY_FAILURE_GUEST_STATE = 33,
	VMX_EXIT_ENTRY_FAILURE_MSR_LOADING = 34,
	VMX_EXIT_ENTRY_FAILURE_MACHINE_CHECK = 41,
	VMX_EXIT_APIC_ACCESS = 44,
	VMX_EXIT_VIRTUALIZED_EOI = 45,
	VMX_EXIT_EPT_VIOLATION = 48,
	VMX_EXIT_EPT_MISCONFIGURATION = 49,
	VMX_EXIT_INVEPT = 50,
	VMX_EXIT_PREEMPTION_TIMER = 52,
	VMX_EXIT_INVVPID = 53,
	VMX_EXIT_XSETBV = 55,
	VMX_EXIT_APIC_WRITE = 56,
	VMX_EXIT_REASON_COUNT = 70 /* size of a dispatch table */
};

/* Exit-reason field layout, SDM Vol. 3C 24.9.1. */
#define VMX_EXIT_REASON_BASIC_MASK 0xFFFFu
#define VMX_EXIT_REASON_ENTRY_FAILURE (1u << 31)

/* Name of a basic exit reason ("CPUID", "I/O instruction"); "unknown" otherwise. NULL in an image
 * linked with src/vmx_exit_names_none.c (partition, lapic_pt), whose callers print the number. */
const char *vmx_exit_reason_name(uint32_t basic_reason);

/* SDM text of a VM-instruction error number (SDM Vol. 3C 30.4); "unknown VM-instruction error" otherwise.
 * "VMfailValid" for every number in an image linked with src/vmx_exit_names_none.c. */
const char *vmx_insn_error_text(uint32_t error);

/* Exit information read from the VMCS after a VM exit (SDM Vol. 3C 24.9). */
struct vmx_exit_info {
	uint32_t reason;            /* full exit-reason field */
	uint16_t basic_reason;      /* bits 15:0 */
	bool entry_failure;         /* bit 31: VM entry failed (reasons 33, 34, 41) */
	uint64_t qualification;
	uint32_t instruction_length;
	uint32_t instruction_info;
	uint32_t interruption_info;       /* VM-exit interruption information */
	uint32_t interruption_error_code;
	uint32_t idt_vectoring_info;
	uint32_t idt_vectoring_error_code;
	uint64_t guest_linear_address;
	uint64_t guest_physical_address;
	uint64_t guest_rip;
	/* Set when VMLAUNCH/VMRESUME itself failed: then no exit happened. */
	int insn_status;            /* enum vmx_insn_status */
	uint32_t insn_error;        /* VM-instruction error when insn_status is VMfailValid */
};

/* Read the exit-information fields of the current VMCS into *info: the exit reason and the
 * IDT-vectoring information always, then only the fields the SDM defines for that exit reason (the
 * others read 0; every field for a reason hvkit does not know, and for a VM-entry failure).
 * -HV_EIO if VMREAD fails. */
int vmx_read_exit_info(struct vmx_exit_info *info);

/*
 * Dispatch by basic exit reason. A handler returns what the caller's run loop
 * wants (e.g. 0 = resume the guest, < 0 = stop). Reasons without a handler, and
 * reasons >= VMX_EXIT_REASON_COUNT, go to default_handler; with no default
 * handler, vmx_exit_dispatch returns -HV_ENOSYS.
 */
typedef int (*vmx_exit_handler_t)(const struct vmx_exit_info *exit, void *ctx);

struct vmx_exit_table {
	vmx_exit_handler_t handlers[VMX_EXIT_REASON_COUNT];
	vmx_exit_handler_t default_handler;
};

int vmx_exit_dispatch(const struct vmx_exit_table *table, const struct vmx_exit_info *exit, void *ctx);

#endif /* VMX_VMX_EXIT_H */

/* SPDX-License-Identifier: BSD-3-Clause */
/* Names of exit reasons (SDM Vol. 3D appendix C) and VM-instruction errors (SDM Vol. 3C 30.4). */
#include <vmx/vmx_exit.h>

static const char *const exit_names[VMX_EXIT_REASON_COUNT] = {
	[VMX_EXIT_EXCEPTION_OR_NMI] = "exception or NMI",
	[VMX_EXIT_EXTERNAL_INTERRUPT] = "external interrupt",
	[VMX_EXIT_TRIPLE_FAULT] = "triple fault",
	[VMX_EXIT_INIT_SIGNAL] = "INIT signal",
	[VMX_EXIT_STARTUP_IPI] = "start-up IPI",
	[VMX_EXIT_IO_SMI] = "I/O SMI",
	[VMX_EXIT_OTHER_SMI] = "other SMI",
	[VMX_EXIT_INTERRUPT_WINDOW] = "interrupt window",
	[VMX_EXIT_NMI_WINDOW] = "NMI window",
	[VMX_EXIT_TASK_SWITCH] = "task switch",
	[VMX_EXIT_CPUID] = "CPUID",
	[VMX_EXIT_GETSEC] = "GETSEC",
	[VMX_EXIT_HLT] = "HLT",
	[VMX_EXIT_INVD] = "INVD",
	[VMX_EXIT_INVLPG] = "INVLPG",
	[VMX_EXIT_RDPMC] = "RDPMC",
	[VMX_EXIT_RDTSC] = "RDTSC",
	[VMX_EXIT_RSM] = "RSM",
	[VMX_EXIT_VMCALL] = "VMCALL",
	[VMX_EXIT_VMCLEAR] = "VMCLEAR",
	[VMX_EXIT_VMLAUNCH] = "VMLAUNCH",
	[VMX_EXIT_VMPTRLD] = "VMPTRLD",
	[VMX_EXIT_VMPTRST] = "VMPTRST",
	[VMX_EXIT_VMREAD] = "VMREAD",
	[VMX_EXIT_VMRESUME] = "VMRESUME",
	[VMX_EXIT_VMWRITE] = "VMWRITE",
	[VMX_EXIT_VMXOFF] = "VMXOFF",
	[VMX_EXIT_VMXON] = "VMXON",
	[VMX_EXIT_CR_ACCESS] = "control-register access",
	[VMX_EXIT_MOV_DR] = "MOV DR",
	[VMX_EXIT_IO_INSTRUCTION] = "I/O instruction",
	[VMX_EXIT_RDMSR] = "RDMSR",
	[VMX_EXIT_WRMSR] = "WRMSR",
	[VMX_EXIT_ENTRY_FAILURE_GUEST_STATE] = "VM-entry failure due to invalid guest state",
	[VMX_EXIT_ENTRY_FAILURE_MSR_LOADING] = "VM-entry failure due to MSR loading",
	[VMX_EXIT_MWAIT] = "MWAIT",
	[VMX_EXIT_MONITOR_TRAP_FLAG] = "monitor trap flag",
	[VMX_EXIT_MONITOR] = "MONITOR",
	[VMX_EXIT_PAUSE] = "PAUSE",
	[VMX_EXIT_ENTRY_FAILURE_MACHINE_CHECK] = "VM-entry failure due to machine-check event",
	[VMX_EXIT_TPR_BELOW_THRESHOLD] = "TPR below threshold",
	[VMX_EXIT_APIC_ACCESS] = "APIC access",
	[VMX_EXIT_VIRTUALIZED_EOI] = "virtualized EOI",
	[VMX_EXIT_GDTR_IDTR_ACCESS] = "access to GDTR or IDTR",
	[VMX_EXIT_LDTR_TR_ACCESS] = "access to LDTR or TR",
	[VMX_EXIT_EPT_VIOLATION] = "EPT violation",
	[VMX_EXIT_EPT_MISCONFIGURATION] = "EPT misconfiguration",
	[VMX_EXIT_INVEPT] = "INVEPT",
	[VMX_EXIT_RDTSCP] = "RDTSCP",
	[VMX_EXIT_PREEMPTION_TIMER] = "VMX-preemption timer expired",
	[VMX_EXIT_INVVPID] = "INVVPID",
	[VMX_EXIT_WBINVD] = "WBINVD or WBNOINVD",
	[VMX_EXIT_XSETBV] = "XSETBV",
	[VMX_EXIT_APIC_WRITE] = "APIC write",
	[VMX_EXIT_RDRAND] = "RDRAND",
	[VMX_EXIT_INVPCID] = "INVPCID",
	[VMX_EXIT_VMFUNC] = "VMFUNC",
	[VMX_EXIT_ENCLS] = "ENCLS",
	[VMX_EXIT_RDSEED] = "RDSEED",
	[VMX_EXIT_PML_FULL] = "page-modification log full",
	[VMX_EXIT_XSAVES] = "XSAVES",
	[VMX_EXIT_XRSTORS] = "XRSTORS",
	[VMX_EXIT_UMWAIT] = "UMWAIT",
	[VMX_EXIT_TPAUSE] = "TPAUSE",
};

const char *vmx_exit_reason_name(uint32_t basic_reason)
{
	if (basic_reason < VMX_EXIT_REASON_COUNT && exit_names[basic_reason])
		return exit_names[basic_reason];
	return "unknown";
}

static const char *const insn_errors[] = {
	[VMX_ERR_VMCALL_IN_ROOT] = "VMCALL executed in VMX root operation",
	[VMX_ERR_VMCLEAR_INVALID_ADDRESS] = "VMCLEAR with invalid physical address",
	[VMX_ERR_VMCLEAR_VMXON_POINTER] = "VMCLEAR with VMXON pointer",
	[VMX_ERR_VMLAUNCH_NONCLEAR_VMCS] = "VMLAUNCH with non-clear VMCS",
	[VMX_ERR_VMRESUME_NONLAUNCHED_VMCS] = "VMRESUME with non-launched VMCS",
	[VMX_ERR_VMRESUME_AFTER_VMXOFF] = "VMRESUME after VMXOFF",
	[VMX_ERR_ENTRY_INVALID_CONTROL_FIELD] = "VM entry with invalid control field(s)",
	[VMX_ERR_ENTRY_INVALID_HOST_STATE] = "VM entry with invalid host-state field(s)",
	[VMX_ERR_VMPTRLD_INVALID_ADDRESS] = "VMPTRLD with invalid physical address",
	[VMX_ERR_VMPTRLD_VMXON_POINTER] = "VMPTRLD with VMXON pointer",
	[VMX_ERR_VMPTRLD_INCORRECT_REVISION] = "VMPTRLD with incorrect VMCS revision identifier",
	[VMX_ERR_UNSUPPORTED_VMCS_COMPONENT] = "VMREAD/VMWRITE from/to unsupported VMCS component",
	[VMX_ERR_VMWRITE_READ_ONLY_COMPONENT] = "VMWRITE to read-only VMCS component",
	[VMX_ERR_VMXON_IN_ROOT] = "VMXON executed in VMX root operation",
	[VMX_ERR_ENTRY_INVALID_EXECUTIVE_VMCS] = "VM entry with invalid executive-VMCS pointer",
	[VMX_ERR_ENTRY_NONLAUNCHED_EXECUTIVE_VMCS] = "VM entry with non-launched executive VMCS",
	[VMX_ERR_ENTRY_EXECUTIVE_VMCS_NOT_VMXON] = "VM entry with executive-VMCS pointer not VMXON pointer",
	[VMX_ERR_VMCALL_NONCLEAR_VMCS] = "VMCALL with non-clear VMCS",
	[VMX_ERR_VMCALL_INVALID_EXIT_CONTROLS] = "VMCALL with invalid VM-exit control fields",
	[VMX_ERR_VMCALL_INCORRECT_MSEG_REVISION] = "VMCALL with incorrect MSEG revision identifier",
	[VMX_ERR_VMXOFF_DUAL_MONITOR] = "VMXOFF under dual-monitor treatment of SMIs and SMM",
	[VMX_ERR_VMCALL_INVALID_SMM_MONITOR] = "VMCALL with invalid SMM-monitor features",
	[VMX_ERR_ENTRY_INVALID_EXECUTIVE_CONTROLS] =
		"VM entry with invalid VM-execution control fields in executive VMCS",
	[VMX_ERR_ENTRY_EVENTS_BLOCKED_BY_MOV_SS] = "VM entry with events blocked by MOV SS",
	[VMX_ERR_INVALID_INVEPT_INVVPID_OPERAND] = "invalid operand to INVEPT/INVVPID",
};

const char *vmx_insn_error_text(uint32_t error)
{
	if (error < sizeof(insn_errors) / sizeof(insn_errors[0]) && insn_errors[error])
		return insn_errors[error];
	return "unknown VM-instruction error";
}

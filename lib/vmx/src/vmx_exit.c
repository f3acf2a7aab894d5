/* SPDX-License-Identifier: BSD-3-Clause */
/* Reading exit information, only the fields each exit reason defines (dispatch: vmx_exit_dispatch.c; the
 * flavour that reads every field: vmx_exit_all.c). */
#include <string.h>

#include <hvkit/errno.h>
#include <vmx/vmcs_fields.h>
#include <vmx/vmx_event.h>
#include <vmx/vmx_exit.h>
#include <vmx/vmx_hw.h>

static int rd(uint64_t field, uint64_t *v)
{
	return vmx_hw_vmread(field, v) == VMX_SUCCEED ? 0 : -HV_EIO;
}

/* The basic exit reasons (SDM Vol. 3D appendix C) only the table below names. */
enum {
	EXIT_INIT_SIGNAL = 3, EXIT_STARTUP_IPI = 4, EXIT_RDTSC = 16, EXIT_MOV_DR = 29, EXIT_PAUSE = 40,
	EXIT_TPR_BELOW_THRESHOLD = 43, EXIT_RDTSCP = 51, EXIT_WBINVD = 54,
};

/* The exit-information fields, by bit of a reason's need mask. */
enum {
	F_QUAL = 1u << 0, F_LEN = 1u << 1, F_INSN_INFO = 1u << 2, F_INT_INFO = 1u << 3, F_INT_ERR = 1u << 4,
	F_LINEAR = 1u << 5, F_GPA = 1u << 6, F_RIP = 1u << 7, F_ALL = 0xffu,
};

/*
 * What the handler of each exit reason may read (SDM Vol. 3C 28.2: which fields an exit defines). A
 * reason not listed reads every field, so an unhandled exit can be reported whole; an exit that ends
 * in event delivery (IDT-vectoring information valid) also reads the instruction length, which
 * re-injecting a software event needs. Each VMREAD saved is a few dozen instructions on every exit.
 */
static const uint8_t need[VMX_EXIT_REASON_COUNT] = {
	[VMX_EXIT_EXCEPTION_OR_NMI] = F_QUAL | F_LEN | F_INT_INFO | F_INT_ERR | F_RIP,
	[VMX_EXIT_EXTERNAL_INTERRUPT] = F_INT_INFO | F_RIP,
	[VMX_EXIT_TRIPLE_FAULT] = F_RIP, [EXIT_INIT_SIGNAL] = F_RIP, [EXIT_STARTUP_IPI] = F_QUAL | F_RIP,
	[VMX_EXIT_INTERRUPT_WINDOW] = F_RIP, [VMX_EXIT_NMI_WINDOW] = F_RIP, [VMX_EXIT_PREEMPTION_TIMER] = F_RIP,
	[VMX_EXIT_CPUID] = F_LEN | F_RIP, [VMX_EXIT_HLT] = F_LEN | F_RIP, [VMX_EXIT_INVD] = F_LEN | F_RIP,
	[EXIT_RDTSC] = F_LEN | F_RIP, [VMX_EXIT_VMCALL] = F_LEN | F_RIP, [VMX_EXIT_RDMSR] = F_LEN | F_RIP,
	[VMX_EXIT_WRMSR] = F_LEN | F_RIP, [VMX_EXIT_XSETBV] = F_LEN | F_RIP, [EXIT_WBINVD] = F_LEN | F_RIP,
	[EXIT_PAUSE] = F_LEN | F_RIP, [EXIT_RDTSCP] = F_LEN | F_RIP,
	[VMX_EXIT_CR_ACCESS] = F_QUAL | F_LEN | F_RIP, [EXIT_MOV_DR] = F_QUAL | F_LEN | F_RIP,
	[VMX_EXIT_IO_INSTRUCTION] = F_QUAL | F_LEN | F_INSN_INFO | F_LINEAR | F_RIP,
	[VMX_EXIT_EPT_VIOLATION] = F_QUAL | F_LINEAR | F_GPA | F_RIP, [VMX_EXIT_EPT_MISCONFIGURATION] = F_GPA | F_RIP,
	[VMX_EXIT_APIC_ACCESS] = F_QUAL | F_LEN | F_RIP, [VMX_EXIT_APIC_WRITE] = F_QUAL | F_RIP,
	[VMX_EXIT_VIRTUALIZED_EOI] = F_QUAL | F_RIP, [EXIT_TPR_BELOW_THRESHOLD] = F_RIP,
};

static int rd32(uint64_t field, uint32_t *v)
{
	uint64_t w = 0;
	if (rd(field, &w))
		return -HV_EIO;
	*v = (uint32_t)w;
	return 0;
}

/*
 * The optional exit-information fields by the SDM section that defines them, read straight-line (no loop over
 * a table: these reads are on every exit's path, and each helper is inlined).
 */

/* SDM 24.9.1: basic exit information: qualification, guest linear and guest-physical address; and the guest
 * RIP (24.4.1) that instruction handlers advance. */
static int read_basic_fields(struct vmx_exit_info *info, unsigned int m)
{
	int err = 0;
	if (m & F_QUAL)
		err |= rd(VMCS_EXIT_QUALIFICATION, &info->qualification);
	if (m & F_LINEAR)
		err |= rd(VMCS_GUEST_LINEAR_ADDRESS, &info->guest_linear_address);
	if (m & F_GPA)
		err |= rd(VMCS_GUEST_PHYSICAL_ADDRESS, &info->guest_physical_address);
	if (m & F_RIP)
		err |= rd(VMCS_GUEST_RIP, &info->guest_rip);
	return err;
}

/* SDM 24.9.2: exits due to vectored events: interruption information and error code. */
static int read_event_fields(struct vmx_exit_info *info, unsigned int m)
{
	int err = 0;
	if (m & F_INT_INFO)
		err |= rd32(VMCS_VM_EXIT_INTERRUPTION_INFO, &info->interruption_info);
	if (m & F_INT_ERR)
		err |= rd32(VMCS_VM_EXIT_INTERRUPTION_ERROR_CODE, &info->interruption_error_code);
	return err;
}

/* SDM 24.9.4: exits due to instruction execution: instruction length and information. */
static int read_instruction_fields(struct vmx_exit_info *info, unsigned int m)
{
	int err = 0;
	if (m & F_LEN)
		err |= rd32(VMCS_VM_EXIT_INSTRUCTION_LENGTH, &info->instruction_length);
	if (m & F_INSN_INFO)
		err |= rd32(VMCS_VM_EXIT_INSTRUCTION_INFO, &info->instruction_info);
	return err;
}

/* The fields the exit's handler may read: its reason's need mask, or all for an entry failure or unknown reason. */
static unsigned int needed_fields(const struct vmx_exit_info *info)
{
	if (info->entry_failure || info->basic_reason >= VMX_EXIT_REASON_COUNT || !need[info->basic_reason])
		return F_ALL;
	return need[info->basic_reason];
}

int vmx_read_exit_info(struct vmx_exit_info *info)
{
	uint64_t reason, idt;

	if (info == NULL)
		return -HV_EINVAL;
	if (rd(VMCS_EXIT_REASON, &reason) || rd(VMCS_IDT_VECTORING_INFO, &idt))
		return -HV_EIO;
	/* Every field set here, read or 0, without a memset on the exit path. */
	*info = (struct vmx_exit_info){ .insn_status = VMX_SUCCEED };
	info->reason = (uint32_t)reason;
	info->basic_reason = (uint16_t)(reason & VMX_EXIT_REASON_BASIC_MASK);
	info->entry_failure = (reason & VMX_EXIT_REASON_ENTRY_FAILURE) != 0;
	info->idt_vectoring_info = (uint32_t)idt;
	unsigned int m = needed_fields(info);
	int err = 0;
	if (idt & VMX_INTR_INFO_VALID) {
		m |= F_LEN;
		/* SDM 24.9.3: the error code is valid only with bit 11 of the information field. */
		if (idt & VMX_INTR_INFO_DELIVER_ERROR_CODE)
			err |= rd32(VMCS_IDT_VECTORING_ERROR_CODE, &info->idt_vectoring_error_code);
	}
	err |= read_basic_fields(info, m);
	err |= read_event_fields(info, m);
	err |= read_instruction_fields(info, m);
	return err ? -HV_EIO : 0;
}

/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * The partition and lapic_pt images carry no names for exit reasons, VM-instruction errors or the exit
 * qualifications of VM-entry failures (src/vmx_exit_names.c, linked by share and hybrid): their logs give the
 * numbers, which SDM Vol. 3D appendix C (basic exit reasons), Vol. 3C 30.4 (VM-instruction errors) and 26.8
 * (VM-entry failures) list.
 */
#include <stddef.h>
#include <vmx/vmx_decode.h>
#include <vmx/vmx_exit.h>

const char *vmx_exit_reason_name(uint32_t basic_reason)
{
	(void)basic_reason;
	return NULL;
}

const char *vmx_insn_error_text(uint32_t error)
{
	(void)error;
	return "VMfailValid";
}

/* The caller logs the exit reason and qualification beside this; SDM Vol. 3C 26.8 gives their meaning. */
const char *vmx_entry_failure_text(uint32_t basic_reason, uint64_t qualification)
{
	(void)basic_reason;
	(void)qualification;
	return "VM-entry failure exit";
}

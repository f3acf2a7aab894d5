/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * The partition and lapic_pt images carry no names for exit reasons or VM-instruction errors
 * (src/vmx_exit_names.c, linked by share and hybrid): their logs give the numbers, which SDM Vol. 3D
 * appendix C (basic exit reasons) and Vol. 3C 30.4 (VM-instruction errors) list.
 */
#include <stddef.h>
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

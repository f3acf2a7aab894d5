/* SPDX-License-Identifier: BSD-3-Clause */
/* hv_entry64 of the UEFI loader's test image: own stack, then C with RDI = boot_info. */
	.section .text.entry, "ax"
	.globl hv_entry64
	.type hv_entry64, @function
hv_entry64:
	pushfq                 /* RFLAGS as the loader left them (on its stack) */
	popq %rsi
	leaq stack_top(%rip), %rsp
	xorl %ebp, %ebp
	call hv_test_main
1:	cli
	hlt
	jmp 1b
	.size hv_entry64, . - hv_entry64

	.section .bss
	.balign 16
stack:
	.skip 16384
stack_top:

	.section .note.GNU-stack, "", @progbits

/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * vmx_hw_vmenter(struct vmx_guest_regs *regs, int launched): image-only seam.
 * System V: rdi = regs, esi = launched. Returns enum vmx_insn_status in eax.
 * Offsets follow struct vmx_guest_regs (include/vmx/vmx_run.h).
 */
	.set VMCS_HOST_RSP, 0x6C14
	.set VMCS_HOST_RIP, 0x6C16

/*
 * Apply \op to every guest GPR but RSP (a VMCS field) and RDI (it holds regs; the caller moves it last) with
 * its offset in struct vmx_guest_regs, which keeps the SDM's register numbering, 8 bytes a register.
 */
	.macro each_gpr op
	.set .Lgpr_off, 0
	.irp reg, rax, rcx, rdx, rbx, rsp, rbp, rsi, rdi, r8, r9, r10, r11, r12, r13, r14, r15
	.ifnc \reg, rsp
	.ifnc \reg, rdi
	\op %\reg, .Lgpr_off
	.endif
	.endif
	.set .Lgpr_off, .Lgpr_off + 8
	.endr
	.endm
	.macro load_gpr reg, off
	mov \off(%rdi), \reg
	.endm
	.macro store_gpr reg, off
	mov \reg, \off(%rdi)
	.endm

	.text
	.globl vmx_hw_vmenter
	.type vmx_hw_vmenter, @function
vmx_hw_vmenter:
	push %rbp
	mov %rsp, %rbp
	push %rbx
	push %r12
	push %r13
	push %r14
	push %r15
	push %rdi                 /* regs pointer, found at (%rsp) after the exit */

	/* The exit resumes with RSP = HOST_RSP and RIP = HOST_RIP (SDM 27.5.3). */
	mov $VMCS_HOST_RSP, %rax
	vmwrite %rsp, %rax
	jbe .Lentry_failed        /* VMWRITE fails as VMLAUNCH would: CF or ZF */
	mov $VMCS_HOST_RIP, %rax
	lea .Lvmexit(%rip), %rdx
	vmwrite %rdx, %rax
	jbe .Lentry_failed

	mov 0x80(%rdi), %rax      /* guest CR2 is not part of the VMCS */
	mov %rax, %cr2

	testl %esi, %esi          /* flags survive the MOVs below */
	each_gpr load_gpr
	mov 0x38(%rdi), %rdi
	jnz .Lresume
	vmlaunch
	jmp .Lentry_failed
.Lresume:
	vmresume
.Lentry_failed:
	/* SDM 30.2: CF=1 VMfailInvalid, ZF=1 VMfailValid; MOV keeps the flags. */
	mov $1, %eax
	jc .Lout
	mov $2, %eax
	jmp .Lout

.Lvmexit:
	push %rdi                 /* guest RDI; (%rsp+8) is the regs pointer */
	mov 8(%rsp), %rdi
	each_gpr store_gpr
	pop %rax
	mov %rax, 0x38(%rdi)
	mov %cr2, %rax
	mov %rax, 0x80(%rdi)
	xor %eax, %eax            /* VMX_SUCCEED: a VM exit happened */

.Lout:
	pop %rdi
	pop %r15
	pop %r14
	pop %r13
	pop %r12
	pop %rbx
	pop %rbp
	ret
	.size vmx_hw_vmenter, . - vmx_hw_vmenter
	.section .note.GNU-stack, "", @progbits

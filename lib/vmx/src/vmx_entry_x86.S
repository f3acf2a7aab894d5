/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * vmx_hw_vmenter(struct vmx_guest_regs *regs, int launched): image-only seam.
 * System V: rdi = regs, esi = launched. Returns enum vmx_insn_status in eax.
 * Offsets follow struct vmx_guest_regs (include/vmx/vmx_run.h).
 */
	.set VMCS_HOST_RSP, 0x6C14
	.set VMCS_HOST_RIP, 0x6C16

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
	mov 0x00(%rdi), %rax
	mov 0x08(%rdi), %rcx
	mov 0x10(%rdi), %rdx
	mov 0x18(%rdi), %rbx
	mov 0x28(%rdi), %rbp
	mov 0x30(%rdi), %rsi
	mov 0x40(%rdi), %r8
	mov 0x48(%rdi), %r9
	mov 0x50(%rdi), %r10
	mov 0x58(%rdi), %r11
	mov 0x60(%rdi), %r12
	mov 0x68(%rdi), %r13
	mov 0x70(%rdi), %r14
	mov 0x78(%rdi), %r15
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
	mov %rax, 0x00(%rdi)
	mov %rcx, 0x08(%rdi)
	mov %rdx, 0x10(%rdi)
	mov %rbx, 0x18(%rdi)
	mov %rbp, 0x28(%rdi)
	mov %rsi, 0x30(%rdi)
	mov %r8, 0x40(%rdi)
	mov %r9, 0x48(%rdi)
	mov %r10, 0x50(%rdi)
	mov %r11, 0x58(%rdi)
	mov %r12, 0x60(%rdi)
	mov %r13, 0x68(%rdi)
	mov %r14, 0x70(%rdi)
	mov %r15, 0x78(%rdi)
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

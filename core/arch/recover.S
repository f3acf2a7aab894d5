/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * int recover_point_set(struct recover_point *p): saves the System V callee-saved registers, the
 * stack pointer after return and the return address (core/include/core/recover.h), returns 0.
 * core/cpu/trap.c resumes there with RAX = 1 by rewriting an exception's frame from these fields.
 */
	.text
	.code64
	.global recover_point_set
	.type recover_point_set, @function
recover_point_set:
	movq %rbx, 0(%rdi)
	movq %rbp, 8(%rdi)
	movq %r12, 16(%rdi)
	movq %r13, 24(%rdi)
	movq %r14, 32(%rdi)
	movq %r15, 40(%rdi)
	leaq 8(%rsp), %rax
	movq %rax, 48(%rdi)
	movq (%rsp), %rax
	movq %rax, 56(%rdi)
	xorl %eax, %eax
	ret
	.size recover_point_set, . - recover_point_set
	.section .note.GNU-stack, "", @progbits

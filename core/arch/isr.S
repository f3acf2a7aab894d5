/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Interrupt and exception entry stubs for all 256 vectors. Each pushes a zero error code where
 * the CPU pushes none (SDM Vol. 3A 6.13: vectors 8, 10-14, 17, 21, 29, 30 push one), then its
 * vector, saves the general registers into a struct trap_frame and calls trap_dispatch(frame).
 */
	.altmacro
	.text
	.code64

.macro ISR_ADDR vec
	.quad isr_\vec
.endm

.macro ISR_STUB vec
	.balign 16
isr_\vec:
	.if (\vec == 8) || (\vec >= 10 && \vec <= 14) || (\vec == 17) || (\vec == 21) || (\vec == 29) || (\vec == 30)
	.else
	pushq $0
	.endif
	pushq $\vec
	jmp isr_common
.endm

	.set vec, 0
	.rept 256
	ISR_STUB %vec
	.set vec, vec + 1
	.endr

isr_common:
	/* struct trap_frame, core/include/core/trap.h: r15 ends at the lowest address. */
	.irp reg, rax, rbx, rcx, rdx, rsi, rdi, rbp, r8, r9, r10, r11, r12, r13, r14, r15
	pushq %\reg
	.endr
	movq %rsp, %rdi
	movq %rsp, %rbx
	andq $-16, %rsp
	cld
	call trap_dispatch
	movq %rbx, %rsp
	.irp reg, r15, r14, r13, r12, r11, r10, r9, r8, rbp, rdi, rsi, rdx, rcx, rbx, rax
	popq %\reg
	.endr
	addq $16, %rsp
	iretq

/* The table of stub addresses the IDT is built from. */
	.section .rodata
	.balign 8
	.global isr_stub_table
isr_stub_table:
	.set vec, 0
	.rept 256
	ISR_ADDR %vec
	.set vec, vec + 1
	.endr

/* switch_stack_call(stack_top, fn, arg): run fn(arg) on another stack; fn does not return. */
	.text
	.global switch_stack_call
switch_stack_call:
	movq %rdi, %rsp
	xorl %ebp, %ebp
	movq %rdx, %rdi
	pushq $0
	jmp *%rsi

/*
 * iret_to_self(): an IRET to the next instruction. IRET ends NMI blocking (SDM Vol. 3A 6.7.1), so a
 * CPU that consumed an NMI without running an NMI handler can take the next one.
 */
	.global iret_to_self
iret_to_self:
	movq %rsp, %rax
	pushq $0x10
	pushq %rax
	pushfq
	pushq $0x08
	leaq 1f(%rip), %rax
	pushq %rax
	iretq
1:	ret

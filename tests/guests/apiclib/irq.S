/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Interrupt entry for vectors 32..255: one 16-byte stub per vector pushes a zero error code and the vector, so the
 * frame has the runtime's struct trap_frame layout, and goes to irq_entry_common, which saves the general
 * registers and calls irq_dispatch(frame).
 *
 * lat_entry is a separate gate for the latency guest: its FIRST instruction is RDTSC, so the value it stores in
 * lat_entry_tsc is the TSC at the moment the CPU began the handler. RDTSC overwrites RAX and RDX of the
 * interrupted code: the latency guest only lets this vector in inside asm blocks that declare both clobbered.
 */
	.code64
	.text

	.balign 16
	.global irq_stubs
irq_stubs:
	.set vec, 32
	.rept 224
	.balign 16
	pushq $0
	pushq $vec
	jmp irq_entry_common
	.set vec, vec + 1
	.endr

	.balign 16
	.global lat_entry
lat_entry:
	rdtsc
	movl %eax, lat_entry_tsc(%rip)
	movl %edx, lat_entry_tsc+4(%rip)
	pushq $0
	pushq $0			/* vector: dispatched as lat_entry_vector by irq_dispatch_raw */
	jmp lat_entry_common

irq_entry_common:
	pushq %rax
	pushq %rbx
	pushq %rcx
	pushq %rdx
	pushq %rsi
	pushq %rdi
	pushq %rbp
	pushq %r8
	pushq %r9
	pushq %r10
	pushq %r11
	pushq %r12
	pushq %r13
	pushq %r14
	pushq %r15
	movq %rsp, %rdi
	movq %rsp, %rbx
	andq $-16, %rsp
	cld
	call irq_dispatch
	jmp irq_return

lat_entry_common:
	pushq %rax
	pushq %rbx
	pushq %rcx
	pushq %rdx
	pushq %rsi
	pushq %rdi
	pushq %rbp
	pushq %r8
	pushq %r9
	pushq %r10
	pushq %r11
	pushq %r12
	pushq %r13
	pushq %r14
	pushq %r15
	movq %rsp, %rdi
	movq %rsp, %rbx
	andq $-16, %rsp
	cld
	call lat_dispatch

irq_return:
	movq %rbx, %rsp
	popq %r15
	popq %r14
	popq %r13
	popq %r12
	popq %r11
	popq %r10
	popq %r9
	popq %r8
	popq %rbp
	popq %rdi
	popq %rsi
	popq %rdx
	popq %rcx
	popq %rbx
	popq %rax
	addq $16, %rsp			/* vector, error code */
	iretq

	.section .bss
	.balign 8
	.global lat_entry_tsc
lat_entry_tsc:
	.skip 8

	.section .note.GNU-stack, "", @progbits

/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Test-guest entry: the Multiboot v1 header and the PVH entry note, the 32-bit entry (protected mode, paging off;
 * Multiboot: EAX = 0x2BADB002, EBX = Multiboot information; PVH: EBX = hvm_start_info, whose first field is its
 * magic 0x336EC578, which the PVH entry puts in EAX too), the way into long mode shared with application processors, the real-mode AP
 * trampoline and the exception stubs.
 *
 * Long mode (SDM Vol. 3A 9.8.5): CR4.PAE, CR3 -> PML4, IA32_EFER.LME, then CR0.PG; a far jump to a 64-bit code
 * segment finishes the switch. The page tables map the low 4 GiB one-to-one with 2 MiB pages; the top GiB
 * (MMIO: local APIC, ...) is mapped uncached (PCD|PWT).
 */

#define MB_MAGIC	0x1BADB002
#define MB_FLAGS	0x00000003	/* bit 0: page-align modules; bit 1: give mem_* and the memory map */

/* Xen's PVH boot ABI (xen/include/public/elfnote.h, arch-x86/hvm/start_info.h). */
#define XEN_ELFNOTE_PHYS32_ENTRY	18
#define HVM_START_MAGIC	0x336ec578

#define SEL_CODE64	0x08
#define SEL_DATA	0x10
#define SEL_CODE32	0x18

#define MSR_EFER	0xC0000080
#define EFER_LME	0x100

#define STACK_SIZE	16384

	.section .multiboot, "a"
	.balign 4
	.long MB_MAGIC
	.long MB_FLAGS
	.long -(MB_MAGIC + MB_FLAGS)

	/* The PVH entry: owner "Xen", type XEN_ELFNOTE_PHYS32_ENTRY, the 32-bit physical entry address. */
	.section .note.Xen, "a", @note
	.balign 4
	.long 4, 4, XEN_ELFNOTE_PHYS32_ENTRY
	.asciz "Xen"
	.balign 4
	.long _start_pvh

	.section .text.entry, "ax"
	.code32
	.global _start_pvh
_start_pvh:
	movl $HVM_START_MAGIC, %eax		/* PVH leaves EAX undefined: say which protocol entered */
	/* fall through */
	.global _start
_start:
	cli
	cld
	movl %eax, %ebp				/* Multiboot magic, or HVM_START_MAGIC */
	movl %ebx, %esi				/* Multiboot information, or hvm_start_info */

	/* A loader should have zeroed .bss already; do not rely on it. */
	movl $__bss_start, %edi
	movl $__bss_end, %ecx
	subl %edi, %ecx
	xorl %eax, %eax
	rep stosb

	/* PML4[0] -> PDPT; PDPT[0..3] -> four page directories; 2048 2 MiB pages cover 0..4 GiB. */
	movl $pdpt, %eax
	orl $0x3, %eax				/* present, writable */
	movl %eax, pml4
	xorl %ecx, %ecx
1:	movl %ecx, %eax
	shll $12, %eax
	addl $pd, %eax
	orl $0x3, %eax
	movl %eax, pdpt(,%ecx,8)
	incl %ecx
	cmpl $4, %ecx
	jb 1b
	xorl %ecx, %ecx
2:	movl %ecx, %eax
	shll $21, %eax
	orl $0x83, %eax				/* present, writable, page size */
	cmpl $1536, %ecx
	jb 3f
	orl $0x18, %eax				/* 3-4 GiB: PCD|PWT */
3:	movl %eax, pd(,%ecx,8)
	incl %ecx
	cmpl $2048, %ecx
	jb 2b

	xorl %edx, %edx				/* 0: the boot CPU */
	jmp enter_long_mode

	.global ap_entry32
ap_entry32:
	movl $SEL_DATA, %eax			/* DS still has the trampoline's real-mode base */
	movl %eax, %ds
	movl %eax, %es
	movl %eax, %ss
	movl $1, %edx				/* 1: an application processor */
	/* fall through */

/* In: EDX = 0 (boot CPU) or 1 (AP). Keeps EBP and ESI. */
enter_long_mode:
	lgdt gdt_pointer
	movl $SEL_DATA, %eax
	movl %eax, %ds
	movl %eax, %es
	movl %eax, %ss
	movl %eax, %fs
	movl %eax, %gs
	movl %cr4, %eax
	orl $0x20, %eax				/* CR4.PAE */
	movl %eax, %cr4
	movl $pml4, %eax
	movl %eax, %cr3
	movl %edx, %edi
	movl $MSR_EFER, %ecx
	rdmsr
	orl $EFER_LME, %eax
	wrmsr
	movl %edi, %edx
	movl %cr0, %eax
	andl $0x9fffffff, %eax			/* clear CD, NW (set after INIT) */
	orl $0x80010001, %eax			/* PG, WP, PE */
	movl %eax, %cr0
	ljmp $SEL_CODE64, $long_mode

	.code64
long_mode:
	testl %edx, %edx
	jnz 4f
	leaq bsp_stack_top(%rip), %rsp
	movl %ebp, %edi
	movl %esi, %esi
	xorl %ebp, %ebp
	call runtime_start
	jmp halt_loop
4:	movq ap_stack_top(%rip), %rsp
	xorl %ebp, %ebp
	call runtime_ap_start
halt_loop:
	cli
	hlt
	jmp halt_loop

/*
 * Real-mode AP trampoline, copied to a 4 KiB page below 1 MiB. A STARTUP IPI with vector V starts it at
 * CS = V << 8, IP = 0 (SDM Vol. 3A 8.4.4). It loads the runtime's GDT (absolute address, loaded through a
 * pointer inside the copy), turns on protection and jumps to ap_entry32 in the image; no patching needed.
 */
	.code16
	.balign 16
	.global ap_trampoline_start, ap_trampoline_end
ap_trampoline_start:
	cli
	cld
	movw %cs, %ax
	movw %ax, %ds
	lgdtl (ap_trampoline_gdtp - ap_trampoline_start)
	movl %cr0, %eax
	orl $1, %eax
	movl %eax, %cr0
	ljmpl $SEL_CODE32, $ap_entry32
	.balign 8
ap_trampoline_gdtp:
	.short gdt_end - gdt - 1
	.long gdt
ap_trampoline_end:

/*
 * Exception stubs 0..31: each leaves the same frame (vector, error code, CPU frame), pushing a zero error
 * code where the CPU pushes none, and goes to trap_common, which saves the GPRs and calls trap_dispatch.
 */
	.code64
	.text
#define ERRCODE_VECTORS ((1 << 8) | (1 << 10) | (1 << 11) | (1 << 12) | (1 << 13) | (1 << 14) | (1 << 17) | (1 << 21) | (1 << 29) | (1 << 30))
	.balign 16
	.global trap_stubs
trap_stubs:
	.set vec, 0
	.rept 32
	.balign 16
	.if ((ERRCODE_VECTORS >> vec) & 1) == 0
	pushq $0
	.endif
	pushq $vec
	jmp trap_common
	.set vec, vec + 1
	.endr

trap_common:
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
	call trap_dispatch
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
	addq $16, %rsp				/* vector, error code */
	iretq

	.section .data
	.balign 16
	.global gdt, gdt_end
gdt:
	.quad 0					/* null */
	.quad 0x00af9a000000ffff		/* 0x08: 64-bit code */
	.quad 0x00cf92000000ffff		/* 0x10: flat data */
	.quad 0x00cf9a000000ffff		/* 0x18: flat 32-bit code (APs on the way up) */
gdt_end:
	.balign 8
gdt_pointer:
	.short gdt_end - gdt - 1
	.quad gdt

	.balign 8
	.global ap_stack_top
ap_stack_top:
	.quad 0

	.section .bss
	.balign 4096
pml4:	.skip 4096
pdpt:	.skip 4096
pd:	.skip 4 * 4096
	.balign 16
bsp_stack:
	.skip STACK_SIZE
bsp_stack_top:

	.section .note.GNU-stack, "", @progbits

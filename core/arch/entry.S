/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Every way into the hypervisor:
 *  - mb2_entry32: GRUB's Multiboot2 hand-off (32-bit protected mode, paging off, EAX magic, EBX info);
 *  - hv_entry64:  the UEFI loader's hand-off (long mode, RDI = struct boot_info), the ELF entry point;
 *  - ap_entry32:  an application processor coming out of the real-mode trampoline.
 * All switch to the image's GDT and early page tables (low 4 GiB identity mapped with 2 MiB pages)
 * and call C on a stack of the image's.
 */
#include "asm_defs.h"

/* DS, ES and SS to the image's flat data segment (32- and 64-bit code alike). */
.macro LOAD_DATA_SEGMENTS
	movl $GDT_SEL_DATA, %eax
	movl %eax, %ds
	movl %eax, %es
	movl %eax, %ss
.endm

	.section .multiboot2, "a"
	.balign 8
mb2_header:
	.long 0xe85250d6			/* Multiboot2 magic */
	.long 0					/* architecture: i386 protected mode */
	.long mb2_header_end - mb2_header
	.long -(0xe85250d6 + (mb2_header_end - mb2_header))
	.balign 8
	.short 3, 0				/* entry address tag: the ELF entry is hv_entry64 */
	.long 12
	.long mb2_entry32
	.balign 8
	.short 0, 0				/* end tag */
	.long 8
mb2_header_end:

	.section .text.entry, "ax"
	.code32
	.global mb2_entry32
mb2_entry32:
	cli
	cld
	movl %eax, mb2_magic
	movl %ebx, mb2_info
	xorl %ebp, %ebp				/* 0: the boot CPU */
	jmp enter_long_mode

	.global ap_entry32
ap_entry32:
	LOAD_DATA_SEGMENTS
	movl $1, %ebp				/* 1: an application processor */
	/* fall through */

/* SDM Vol. 3A 9.8.5: PAE on, CR3, EFER.LME, then CR0.PG activates IA-32e mode. */
enter_long_mode:
	lgdt gdt_pointer
	movl %cr4, %eax
	orl $0x20, %eax				/* CR4.PAE */
	movl %eax, %cr4
	movl $early_pml4, %eax
	movl %eax, %cr3
	movl $MSR_IA32_EFER, %ecx
	rdmsr
	orl $(EFER_LME | EFER_NXE), %eax
	wrmsr
	movl %cr0, %eax
	orl $0x80010001, %eax			/* PG, WP, PE */
	movl %eax, %cr0
	ljmp $GDT_SEL_CODE64, $long_mode_entry

	.code64
long_mode_entry:
	LOAD_DATA_SEGMENTS
	xorl %eax, %eax
	movl %eax, %fs
	movl %eax, %gs
	testl %ebp, %ebp
	jnz 1f
	leaq bsp_stack_top(%rip), %rsp
	movl mb2_magic(%rip), %edi
	movl mb2_info(%rip), %esi
	xorl %ebp, %ebp
	call hv_c_entry_multiboot2
	jmp halt_forever
1:	movq ap_boot_stack(%rip), %rsp
	xorl %ebp, %ebp
	call hv_c_entry_ap
	jmp halt_forever

	.global hv_entry64
hv_entry64:
	cli
	cld
	movq %rdi, %r12
	lgdt gdt_pointer(%rip)
	movl $MSR_IA32_EFER, %ecx
	rdmsr
	orl $EFER_NXE, %eax
	wrmsr
	leaq early_pml4(%rip), %rax
	movq %rax, %cr3
	leaq bsp_stack_top(%rip), %rsp
	pushq $GDT_SEL_CODE64
	leaq 2f(%rip), %rax
	pushq %rax
	lretq
2:	LOAD_DATA_SEGMENTS
	xorl %eax, %eax
	movl %eax, %fs
	movl %eax, %gs
	movq %r12, %rdi
	xorl %ebp, %ebp
	call hv_c_entry_uefi
halt_forever:
	cli
	hlt
	jmp halt_forever

/*
 * The AP trampoline, copied to a page below 1 MiB; a STARTUP IPI starts it in real mode at
 * CS = page >> 4, IP = 0 (SDM Vol. 3A 8.4.4). It only loads the image's GDT and jumps to
 * ap_entry32, an absolute address in the image, so it needs no patching after the copy.
 */
	.code16
	.global ap_trampoline_start, ap_trampoline_end
ap_trampoline_start:
	cli
	cld
	movw %cs, %ax
	movw %ax, %ds
	lgdtl (ap_trampoline_gdt_pointer - ap_trampoline_start)
	movl %cr0, %eax
	orl $1, %eax
	movl %eax, %cr0
	ljmpl $GDT_SEL_CODE32, $ap_entry32
	.balign 8
ap_trampoline_gdt_pointer:
	.short gdt_end - gdt - 1
	.long gdt
ap_trampoline_end:

	.code64
	.section .data
	.balign 8
	.global mb2_magic, mb2_info, ap_boot_stack
mb2_magic:	.long 0
mb2_info:	.long 0
ap_boot_stack:	.quad 0

	.balign 16
	.global gdt, gdt_end, gdt_pointer
gdt:
	.quad 0					/* null */
	.quad 0x00af9a000000ffff		/* 0x08: 64-bit code, ring 0 */
	.quad 0x00cf92000000ffff		/* 0x10: data, ring 0 */
	.quad 0x00cf9a000000ffff		/* 0x18: 32-bit code, ring 0 (APs on their way up) */
	.fill 2 * HV_MAX_CPUS, 8, 0		/* 0x20: one 16-byte TSS descriptor per CPU, filled in C */
gdt_end:
	.balign 8
gdt_pointer:
	.short gdt_end - gdt - 1
	.quad gdt

/* Early page tables: the low 4 GiB identity mapped with 2 MiB pages (SDM Vol. 3A 4.5). */
	.balign 4096
	.global early_pml4
early_pml4:
	.quad early_pdpt + 0x3
	.fill 511, 8, 0
early_pdpt:
	.quad early_pd + 0x3
	.quad early_pd + 0x1000 + 0x3
	.quad early_pd + 0x2000 + 0x3
	.quad early_pd + 0x3000 + 0x3
	.fill 508, 8, 0
early_pd:
	.set addr, 0
	.rept 2048
	.quad addr + 0x83			/* present, writable, 2 MiB page */
	.set addr, addr + 0x200000
	.endr

	.section .bss
	.balign 4096
bsp_stack:
	.skip BOOT_STACK_SIZE
bsp_stack_top:

/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * The initial state of a VM's boot vCPU, as a loader leaves it: what the core
 * writes into the VMCS guest-state area before the first VM entry.
 *
 * Segment registers are flat (base 0, limit 4 GiB). Access rights are in the
 * VMCS format (SDM Vol. 3C 24.4.1: type, S, DPL, P, AVL, L, D/B, G in bits 0-15).
 * DS, ES, FS, GS and SS all take `ds`. The core supplies TR (a busy TSS) and an
 * unusable LDTR, and adds the CR0/CR4 bits VMX requires (IA32_VMX_CR0/CR4_FIXED0).
 */
#ifndef GUEST_LOADER_GUEST_ENTRY_H
#define GUEST_LOADER_GUEST_ENTRY_H

#include <hvkit/arch/x86.h>
#include <stdint.h>

enum guest_entry_mode {
	GUEST_ENTRY_PROTECTED32 = 0, /* CR0.PE, paging off */
	GUEST_ENTRY_LONG64 = 1,      /* CR0.PE|PG, CR4.PAE, EFER.LME|LMA, CS.L */
};

/* Selectors of the loader's GDT; Linux requires these two (boot.rst, "32-bit/64-bit boot protocol"). */
#define GUEST_SEL_CODE 0x10u
#define GUEST_SEL_DATA 0x18u

/* VMCS access rights of the flat segments. */
#define GUEST_AR_CODE32 0xc09bu /* G, D, P, S, execute/read, accessed */
#define GUEST_AR_CODE64 0xa09bu /* G, L, P, S, execute/read, accessed */
#define GUEST_AR_DATA 0xc093u   /* G, B, P, S, read/write, accessed */

struct guest_seg {
	uint16_t selector;
	uint64_t base;
	uint32_t limit;
	uint32_t ar;
};

struct guest_entry {
	enum guest_entry_mode mode;
	uint64_t rip, rsp, rflags;
	uint64_t rax, rbx, rcx, rdx, rsi, rdi, rbp;
	uint64_t cr0, cr3, cr4, efer;
	uint64_t gdtr_base;
	uint16_t gdtr_limit; /* 0 with base 0: no GDT given (Multiboot: the OS must load its own) */
	struct guest_seg cs;
	struct guest_seg ds;
};

#endif

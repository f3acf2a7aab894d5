/* SPDX-License-Identifier: (GPL-2.0 WITH Linux-syscall-note) OR BSD-3-Clause */
/*
 * hvkit's hypercall ABI, shared by the hypervisor, the Service VM's driver (hvkit.ko) and the device
 * model (hvkit-dm). docs/hypercalls.md describes each call, who may make it, and the ioreq state
 * machine; this header is the single definition of the numbers and layouts.
 *
 * Calling convention: VMCALL at CPL 0 with the call number in RAX and up to three arguments in RDI,
 * RSI and RDX; the result comes back in RAX: >= 0 on success, a negated HVKIT_E* code on failure.
 * Every pointer argument is a guest-physical address in the caller's own RAM (the Service VM's RAM is
 * identity-mapped, so for it a guest-physical address is also the host-physical one).
 *
 * The hypervisor identifies itself in CPUID leaf 0x40000000 with the signature "hvkithvkithv" in
 * EBX, ECX, EDX: a driver must check it before its first VMCALL (VMCALL outside VMX non-root
 * operation raises #UD).
 */
#ifndef HVKIT_ABI_HYPERCALL_H
#define HVKIT_ABI_HYPERCALL_H

#ifdef __KERNEL__
#include <linux/types.h>
#else
#include <stdint.h>
#endif
#include "version.h"

#define HVKIT_CPUID_SIGNATURE_LEAF 0x40000000u
#define HVKIT_CPUID_SIGNATURE "hvkithvkithv"

/* Error codes (their values are Linux's errno values, so a driver can hand them on unchanged). */
#define HVKIT_EPERM 1    /* the caller's VM kind may not make this call, or CPL > 0 */
#define HVKIT_ENOENT 2   /* no such VM or vCPU */
#define HVKIT_ENOMEM 12  /* the hypervisor has no room (RAM, VM slots) */
#define HVKIT_EFAULT 14  /* a pointer argument is not in the caller's RAM */
#define HVKIT_EBUSY 16   /* the VM is in a state that does not allow this now */
#define HVKIT_EEXIST 17  /* already done (a VM of that name exists, memory already set up) */
#define HVKIT_EINVAL 22  /* a malformed argument */
#define HVKIT_ERANGE 34  /* an argument out of the range the scenario allows */
#define HVKIT_ENOSYS 38  /* no such hypercall */

/* Hypercall numbers. The kinds of VM allowed to make each are in docs/hypercalls.md. */
#define HVKIT_HC_VERSION 0x000u          /* -> HVKIT_ABI_VERSION                                  any VM */
#define HVKIT_HC_EXIT_COUNT 0x001u       /* -> the caller's VM-exit count                         any VM */
#define HVKIT_HC_WATCHDOG 0x002u         /* a sign of life for the caller's watchdog              any VM */
#define HVKIT_HC_SELF_ID 0x003u          /* -> the caller's VM id                                 any VM */
#define HVKIT_HC_HV_INFO 0x004u          /* rdi = &struct hvkit_hv_info (out)                     service */
#define HVKIT_HC_VM_CREATE 0x100u        /* rdi = &struct hvkit_vm_create (in/out) -> VM id (also in id) service */
#define HVKIT_HC_VM_START 0x101u         /* rdi = VM id: run it (again, after a pause)            service */
#define HVKIT_HC_VM_PAUSE 0x102u         /* rdi = VM id: take its vCPUs off their CPUs            service */
#define HVKIT_HC_VM_RESET 0x103u         /* rdi = VM id: rebuilt, created, RAM kept; -> 0 or 1 (stopping) */
#define HVKIT_HC_VM_DESTROY 0x104u       /* rdi = VM id: stop it, RAM zeroed; -> 0 gone, 1 stopping service */
#define HVKIT_HC_VM_SET_MEMORY 0x105u    /* rdi = &struct hvkit_vm_memory (in/out)                service */
#define HVKIT_HC_VCPU_SET_STATE 0x106u   /* rdi = &struct hvkit_vcpu_state                        service */
#define HVKIT_HC_IOREQ_SETUP 0x107u      /* rdi = VM id, rsi = page of struct hvkit_ioreq_page    service */
#define HVKIT_HC_IOREQ_COMPLETE 0x108u   /* rdi = VM id, rsi = vCPU index                         service */
#define HVKIT_HC_INJECT_IRQ 0x109u       /* rdi = VM id, rsi = vIOAPIC pin, rdx = HVKIT_IRQ_*     service */
#define HVKIT_HC_INJECT_MSI 0x10au       /* rdi = VM id, rsi = MSI address, rdx = MSI data        service */
#define HVKIT_HC_VM_STATUS 0x10bu        /* rdi = &struct hvkit_vm_status (in/out)                service */

#define HVKIT_VM_NAME_MAX 32u /* with its NUL */

struct hvkit_hv_info {
	uint32_t abi_version;
	uint32_t self_id;       /* the caller's VM id */
	uint64_t free_pages;    /* 4 KiB pages the hypervisor has free */
	uint32_t cpu_count;     /* physical CPUs online */
	uint32_t reserved;
};

/* Create a post-launched VM in the slot the scenario declares under this name. */
struct hvkit_vm_create {
	char name[HVKIT_VM_NAME_MAX]; /* in: a post-launched VM of the scenario */
	uint32_t vcpus;               /* in: 1 .. the slot's CPU count */
	uint32_t id;                  /* out: its VM id */
};

/* Give a VM RAM at gpa: the hypervisor allocates it (zeroed) and also maps it into the Service VM at
 * guest-physical == host-physical host_address, so the device model can load and serve it. */
struct hvkit_vm_memory {
	uint32_t id;            /* in: VM id */
	uint32_t reserved;
	uint64_t gpa;           /* in: 4 KiB aligned */
	uint64_t size;          /* in: 4 KiB multiple; the VM's total at most the slot's */
	uint64_t host_address;  /* out */
};

/* The state a vCPU starts in (the BSP after start; APs wait for their INIT-SIPI-SIPI as on hardware). */
#define HVKIT_VCPU_MODE_PROTECTED32 1u /* flat 4 GiB code and data segments, CR0.PE (Multiboot) */
#define HVKIT_VCPU_MODE_LONG64 2u      /* 64-bit code segment, paging from cr3 (PVH uses PROTECTED32); GDTR =
                                          the boot GDT at 0x1000 (0x20 bytes: code 0x10, data 0x18) the device
                                          model's loader wrote (a bzImage's 64-bit entry) */
struct hvkit_vcpu_state {
	uint32_t id;            /* VM id */
	uint32_t vcpu;          /* vCPU index; only 0 is accepted */
	uint32_t mode;          /* HVKIT_VCPU_MODE_* */
	uint32_t reserved;
	uint64_t rip, rsp, rflags;
	uint64_t rax, rbx, rcx, rdx, rsi, rdi, rbp;
	uint64_t cr0, cr3, cr4, efer;
};

/*
 * I/O requests: one slot per vCPU in a page of the Service VM's RAM registered with
 * HVKIT_HC_IOREQ_SETUP. Slot state machine (docs/hypercalls.md):
 *   FREE -(hypervisor: an access it does not handle; upcall)-> PENDING
 *   PENDING -(Service VM: takes it)-> PROCESSING
 *   PROCESSING -(Service VM: value filled for a read; HVKIT_HC_IOREQ_COMPLETE)-> COMPLETE
 *   COMPLETE -(hypervisor: finishes the instruction, resumes the vCPU)-> FREE
 * The vCPU does not run while its slot is not FREE. Only the hypervisor moves FREE->PENDING and
 * COMPLETE->FREE; a Service VM that writes anything else finds its completion refused.
 */
#define HVKIT_IOREQ_FREE 0u
#define HVKIT_IOREQ_PENDING 1u
#define HVKIT_IOREQ_PROCESSING 2u
#define HVKIT_IOREQ_COMPLETE 3u

#define HVKIT_IOREQ_PIO 0u
#define HVKIT_IOREQ_MMIO 1u

#define HVKIT_IOREQ_READ 0u
#define HVKIT_IOREQ_WRITE 1u

struct hvkit_ioreq {
	uint32_t state;     /* HVKIT_IOREQ_FREE ... */
	uint32_t type;      /* HVKIT_IOREQ_PIO or _MMIO */
	uint32_t direction; /* HVKIT_IOREQ_READ or _WRITE */
	uint32_t size;      /* 1, 2, 4 (or 8 for MMIO) bytes */
	uint64_t address;   /* port, or guest-physical address */
	uint64_t value;     /* a write's data; a read's result, filled by the device model */
	uint32_t vcpu;      /* the vCPU waiting */
	uint32_t reserved[7];
};

#define HVKIT_IOREQ_SLOTS 64u
struct hvkit_ioreq_page {
	struct hvkit_ioreq slot[HVKIT_IOREQ_SLOTS]; /* slot i: vCPU i */
};

/* HVKIT_HC_INJECT_IRQ levels. */
#define HVKIT_IRQ_LOW 0u
#define HVKIT_IRQ_HIGH 1u
#define HVKIT_IRQ_PULSE 2u   /* high then low: one edge */

/* A post-launched VM's state, for the device model (e.g. whether it stopped, and why). */
#define HVKIT_VM_STATE_CREATED 0u  /* created, not started yet (or reset) */
#define HVKIT_VM_STATE_RUNNING 1u
#define HVKIT_VM_STATE_PAUSED 2u
#define HVKIT_VM_STATE_STOPPED 3u  /* stopped by the hypervisor (triple fault, bad access, ...) */
struct hvkit_vm_status {
	uint32_t id;            /* in */
	uint32_t state;         /* out: HVKIT_VM_STATE_* */
	uint64_t exits;         /* out: its VM exits so far */
};

#endif

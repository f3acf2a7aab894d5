/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * hypercall: the table of hvkit's hypercalls and the decoding of one call, before any handler runs.
 * Pure logic, no hardware access: the same code runs in the image and, under sanitizers and a fuzzer,
 * on the host.
 *
 * hc_decode() takes what the guest put in its registers (number, three arguments), its CPL and the
 * kind of its VM, and either refuses the call with a negated HVKIT_E* code or fills a struct
 * hc_request: the table entry, and every argument checked as far as it can be without the
 * hypervisor's state. A structure passed by pointer is copied in through hc_guest.read (which
 * translates and bounds-checks the caller's guest-physical address); what the handler writes back
 * goes out through hc_guest.write to the same address. A page argument is checked with
 * hc_guest.check. Checks that need the hypervisor's state (does the VM exist, is it the caller's to
 * manage, is the memory free) are the handler's.
 */
#ifndef HYPERCALL_HYPERCALL_H
#define HYPERCALL_HYPERCALL_H

#include <hvkit/abi/hypercall.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* The kinds of VM, as a mask in each table entry. */
#define HC_KIND_PRE_LAUNCHED (1u << 0)
#define HC_KIND_SERVICE (1u << 1)
#define HC_KIND_POST_LAUNCHED (1u << 2)
#define HC_KIND_ANY (HC_KIND_PRE_LAUNCHED | HC_KIND_SERVICE | HC_KIND_POST_LAUNCHED)

/* What each register argument is. */
enum hc_arg {
	HC_ARG_NONE = 0,
	HC_ARG_VM_ID,      /* a VM id (< HC_VM_ID_LIMIT) */
	HC_ARG_VCPU,       /* a vCPU index (< HVKIT_IOREQ_SLOTS) */
	HC_ARG_PIN,        /* a vIOAPIC pin (< HC_PIN_LIMIT) */
	HC_ARG_IRQ_LEVEL,  /* HVKIT_IRQ_LOW, _HIGH or _PULSE */
	HC_ARG_MSI_ADDR,   /* an MSI address: 0xFEExxxxx, bits 1:0 clear */
	HC_ARG_MSI_DATA,   /* MSI data: bits 31:16 clear */
	HC_ARG_STRUCT,     /* the guest-physical address of the entry's structure */
	HC_ARG_PAGE,       /* the guest-physical address of a 4 KiB page of the caller's RAM */
};

#define HC_VM_ID_LIMIT 64u
#define HC_PIN_LIMIT 24u

enum hc_struct {
	HC_STRUCT_NONE = 0,
	HC_STRUCT_HV_INFO,    /* struct hvkit_hv_info, out */
	HC_STRUCT_VM_CREATE,  /* struct hvkit_vm_create, in/out */
	HC_STRUCT_VM_MEMORY,  /* struct hvkit_vm_memory, in/out */
	HC_STRUCT_VCPU_STATE, /* struct hvkit_vcpu_state, in */
	HC_STRUCT_VM_STATUS,  /* struct hvkit_vm_status, in/out */
};

struct hc_desc {
	uint32_t nr;
	const char *name;
	uint8_t kinds;          /* HC_KIND_* allowed to call it */
	enum hc_arg arg[3];     /* RDI, RSI, RDX */
	enum hc_struct type;    /* for the one HC_ARG_STRUCT argument */
};

/* The table entry for nr, or NULL. */
const struct hc_desc *hc_lookup(uint64_t nr);
/* Every entry, for documentation and tests. */
const struct hc_desc *hc_table(size_t *count);

struct hc_call {
	uint64_t nr;
	uint64_t arg[3];
	unsigned int cpl;
	uint8_t caller_kind;    /* one HC_KIND_* */
	/* VM ids no call may name, one bit each (hybrid mode: the real-time VMs). A call naming one, in a
	 * register or in its structure, is refused with -HVKIT_EPERM and the request says which. */
	uint64_t protected_vms;
};

/* The caller's memory, by guest-physical address: 0, or -HVKIT_EFAULT when [gpa, gpa + len) is not
 * all the caller's RAM. */
struct hc_guest {
	void *ctx;
	int (*read)(void *ctx, uint64_t gpa, void *dst, size_t len);
	int (*write)(void *ctx, uint64_t gpa, const void *src, size_t len);
	int (*check)(void *ctx, uint64_t gpa, size_t len);
};

struct hc_request {
	const struct hc_desc *desc;
	uint64_t arg[3];        /* the register arguments as given */
	uint64_t struct_gpa;    /* where the structure came from (and goes back to) */
	bool names_protected;   /* refused for naming a protected VM: protected_id */
	uint32_t protected_id;
	union {
		struct hvkit_hv_info hv_info;
		struct hvkit_vm_create vm_create;
		struct hvkit_vm_memory vm_memory;
		struct hvkit_vcpu_state vcpu_state;
		struct hvkit_vm_status vm_status;
	} in;
};

/* Decode and check one call: 0 with *out filled, or a negated HVKIT_E* code (nothing was read
 * beyond what the refusal needed). */
int hc_decode(const struct hc_call *call, const struct hc_guest *guest, struct hc_request *out);
/* Write the request's structure back to the caller (for in/out and out structures). */
int hc_write_back(const struct hc_request *req, const struct hc_guest *guest);
/* Size of the entry's structure in guest memory. */
size_t hc_struct_size(enum hc_struct type);

#endif

/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * The emulated APIC model's per-VM state, shared by apic_emulated.c and apic_emulated_teardown.c (an archive
 * member of its own: only images that destroy VMs, share and hybrid, pull it in).
 */
#ifndef HVKIT_CORE_VM_APIC_EMULATED_H
#define HVKIT_CORE_VM_APIC_EMULATED_H

#include <core/vm.h>
#include <vlapic/vlapic.h>

/* vcpu_apic_pre_entry's result and the state it was derived from. */
struct apicv_sync {
	bool valid;
	bool deliverable;
	uint16_t status; /* GUEST_INTERRUPT_STATUS as written */
	uint8_t vtpr;    /* the virtual TPR on the page */
	uint32_t gen;    /* vlapic_generation */
};

struct vm_apic {
	struct vlapic_vm vm;
	struct vlapic vcpu[VM_MAX_VCPUS];
	volatile uint64_t timer_deadline[VM_MAX_VCPUS]; /* host TSC, 0 when not armed */
	bool apicv;                                     /* the VM asked for APICv and the CPU has it */
	bool vid[VM_MAX_VCPUS];                         /* virtual-interrupt delivery is on for the vCPU */
	uint64_t eoi_exit[VM_MAX_VCPUS][4];             /* the EOI-exit bitmap last written */
	/* Virtualize x2APIC mode (SDM 29.5), where the CPU has it: while a vCPU's vLAPIC is in x2APIC
	 * mode its VMCS uses that control instead of "virtualize APIC accesses" (the two exclude each
	 * other, SDM 26.2.1.1), and its own MSR bitmap lets the x2APIC MSRs the CPU virtualizes pass. */
	bool x2apic_virt;
	bool x2apic_on[VM_MAX_VCPUS];                   /* the vCPU's VMCS is in x2APIC virtualization */
	void *msr_bitmap[VM_MAX_VCPUS];                 /* per-vCPU copy of the VM's MSR bitmap */
	/* The APIC-access page (SDM 29.4). Its contents never matter while it is one, but in x2APIC
	 * mode the GPA is plain memory to the guest: one page per VM, so VMs cannot see each other's. */
	void *apic_access_page;
	/* vCPUs whose vLAPIC is globally disabled (IA32_APIC_BASE.EN = 0): their page is unbacked memory,
	 * so the APIC-access page leaves the EPT while any is (see apic_access_follow_enable). */
	bool apic_off[VM_MAX_VCPUS];
	unsigned int apic_off_count;
	struct apicv_sync synced[VM_MAX_VCPUS];         /* what the last entry derived, and from what */
};

#endif

/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * VMCS construction: control fields from desired + required controls, host
 * state, guest-state presets, writing them to the current VMCS, and the diagnosis
 * of a VM entry that failed on guest state.
 */
#ifndef VMX_VMX_VMCS_H
#define VMX_VMX_VMCS_H

#include <hvkit/arch/x86.h>
#include <stdbool.h>
#include <stdint.h>

#include <vmx/vmx.h>

/* The five VM-execution/exit/entry control fields. */
struct vmx_controls {
	uint32_t pin;
	uint32_t proc;    /* primary processor-based */
	uint32_t proc2;   /* secondary processor-based */
	uint32_t exit;
	uint32_t entry;
};

/*
 * Compute the control fields from desired and required bits with
 * vmx_adjust_controls for each field (required may be NULL). Non-zero
 * desired/required proc2 turns on CPU_BASED_ACTIVATE_SECONDARY_CONTROLS (it is
 * required when proc2 bits are required). Without secondary controls, desired
 * proc2 bits are dropped (out->proc2 = 0). -HV_ENODEV names no field; the caller
 * compares caps. -HV_EINVAL NULL arguments. *out untouched on failure.
 */
int vmx_controls_compute(const struct vmx_caps *caps, const struct vmx_controls *desired,
	const struct vmx_controls *required, struct vmx_controls *out);
/* VMWRITE the five fields (proc2 only when secondary controls are active). -HV_EIO on failure. */
int vmx_controls_write(const struct vmx_controls *c);

/* Host state (SDM 24.5 / checks 26.2.2-26.2.4). The core fills what only it knows;
 * vmx_host_state_write reads CR0/CR4 (and IA32_EFER/IA32_PAT when load_efer/load_pat). */
struct vmx_host_state {
	uint64_t rip, rsp;       /* vmx_vcpu_run overwrites both with its own exit path */
	uint64_t cr3;
	uint16_t cs, ss, ds, es, fs, gs, tr;
	uint64_t fs_base, gs_base, tr_base, gdtr_base, idtr_base;
	uint32_t sysenter_cs;
	uint64_t sysenter_esp, sysenter_eip;
	bool load_efer, load_pat; /* write HOST_IA32_EFER / HOST_IA32_PAT from the current MSRs */
};

/*
 * Check the host state (vmx_host_state_valid) and VMWRITE it with the current CR0/CR4. -HV_EINVAL if a check
 * fails (nothing written), -HV_EIO if VMWRITE fails.
 */
int vmx_host_state_write(const struct vmx_host_state *h);
/* SDM 26.2.3: selector RPL and TI 0, CS and TR non-zero, canonical bases (src/vmx_host_check.c); always true in
 * an image linked with src/vmx_checks_none.c (partition, lapic_pt), where the processor's VM-entry checks
 * enforce them. */
bool vmx_host_state_valid(const struct vmx_host_state *h);

/* A guest segment register as the VMCS holds it. */
struct vmx_segment {
	uint16_t selector;
	uint64_t base;
	uint32_t limit;
	uint32_t access_rights;  /* SDM 24.4.1 format; VMX_AR_UNUSABLE for an unusable segment */
};

/* Access-rights bits (SDM 24.4.1, table 24-2). */
#define VMX_AR_S (1u << 4)
#define VMX_AR_DPL_SHIFT 5
#define VMX_AR_P (1u << 7)
#define VMX_AR_L (1u << 13)
#define VMX_AR_DB (1u << 14)
#define VMX_AR_G (1u << 15)
#define VMX_AR_UNUSABLE (1u << 16)

/* Full guest state for a VM entry. */
struct vmx_guest_state {
	uint64_t cr0, cr3, cr4, dr7;
	uint64_t rsp, rip, rflags;
	struct vmx_segment es, cs, ss, ds, fs, gs, ldtr, tr;
	uint64_t gdtr_base, idtr_base;
	uint32_t gdtr_limit, idtr_limit;
	uint64_t efer, pat, debugctl;
	uint32_t sysenter_cs;
	uint64_t sysenter_esp, sysenter_eip;
	uint32_t interruptibility;   /* SDM 24.4.2 */
	uint32_t activity_state;     /* 0 active, 1 HLT, 2 shutdown, 3 wait-for-SIPI */
	uint64_t pending_debug_exceptions;
	uint64_t vmcs_link_pointer;  /* ~0 unless VMCS shadowing */
	/* What the guest believes CR0/CR4 hold and which bits the host owns (SDM 24.6.6). */
	uint64_t cr0_guest_host_mask, cr0_read_shadow;
	uint64_t cr4_guest_host_mask, cr4_read_shadow;
	bool ia32e_mode_guest;       /* needs VM_ENTRY_IA32E_MODE_GUEST */
	bool needs_unrestricted_guest; /* CR0.PE or CR0.PG is 0: needs SECONDARY_UNRESTRICTED_GUEST */
};

#define VMX_ACTIVITY_ACTIVE 0u

#define VMX_INTERRUPTIBILITY_STI (1u << 0)
#define VMX_INTERRUPTIBILITY_MOV_SS (1u << 1)
#define VMX_INTERRUPTIBILITY_NMI (1u << 3)

/*
 * Guest CR0/CR4 value that satisfies the fixed bits (SDM A.7/A.8), with PE and PG
 * exempt from CR0_FIXED0 under unrestricted guest (SDM 26.3.1.1).
 */
uint64_t vmx_guest_cr0(const struct vmx_caps *caps, uint64_t cr0, bool unrestricted_guest);
uint64_t vmx_guest_cr4(const struct vmx_caps *caps, uint64_t cr4);

/*
 * Presets (pure: fill *gs, write nothing). Each sets flat segments, an unusable
 * LDTR, a busy TSS in TR, RFLAGS = 0x2, active state, link pointer ~0, and CR0/CR4
 * with the fixed bits applied; the guest-visible values go in the read shadows and
 * the bits the CPU forces into the guest/host masks.
 *
 * 32-bit protected mode, paging off (the Multiboot handoff state): CS 0x08 / data 0x10
 * flat 4 GiB, CR0 = PE|ET. Needs unrestricted guest (PG=0): -HV_ENODEV without it.
 */
int vmx_guest_preset_protected32(const struct vmx_caps *caps, uint32_t eip, uint32_t esp,
	struct vmx_guest_state *gs);
/* 64-bit long mode with the given CR3 (4-level paging), CS 0x08 (L=1), data 0x10; CR0
 * PE|PG|ET, CR4.PAE, EFER LME|LMA; sets ia32e_mode_guest: use VM_ENTRY_IA32E_MODE_GUEST
 * (and VM_ENTRY_LOAD_IA32_EFER when caps->load_efer; without it the CPU sets EFER.LMA
 * from the IA-32e mode guest control, SDM 26.3.2.1). -HV_EINVAL for a CR3 not
 * page-aligned. */
int vmx_guest_preset_long64(const struct vmx_caps *caps, uint64_t cr3, uint64_t rip, uint64_t rsp,
	struct vmx_guest_state *gs);
/* Real mode at cs:ip (e.g. 0xF000:0xFFF0 or an AP's SIPI page) through unrestricted
 * guest (SDM 26.3.1.1): -HV_ENODEV without it. */
int vmx_guest_preset_real(const struct vmx_caps *caps, uint16_t cs, uint16_t ip, struct vmx_guest_state *gs);

/* VMWRITE the whole guest state and the CR0/CR4 masks and shadows (EFER/PAT only when
 * caps->load_efer/load_pat). -HV_EIO if a VMWRITE fails. */
int vmx_guest_state_write(const struct vmx_caps *caps, const struct vmx_guest_state *gs);

/*
 * After a VM entry failed on guest state (SDM 26.3.1): the text of the first common rule the current VMCS's
 * guest state breaks against its controls, or "not found by the software re-check". The check itself is
 * src/vmx_guest_check.c (vmx/vmx_guest_check.h); an image may link src/vmx_checks_none.c instead, whose
 * text says the image does not check.
 */
const char *vmx_guest_state_diagnose(const struct vmx_caps *caps);

#endif /* VMX_VMX_VMCS_H */

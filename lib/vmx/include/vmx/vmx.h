/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * lib/vmx: VMX root operation (Intel SDM Vol. 3C chapters 23-31, Vol. 3D appendix A).
 * Section numbers in lib/vmx follow the SDM numbering used up to the 2022
 * editions (23 VMX intro, 24 VMCS, 26 VM entries, 27 VM exits, 30 instruction
 * reference); later editions shift each chapter by one.
 *
 * Other headers: vmx_arch.h (MSR/control bits), vmx_hw.h (hardware seam),
 * vmcs_fields.h (encodings), vmx_vmcs.h (controls, host/guest state, checks),
 * vmx_run.h (vCPU VMCS, VM entry), vmx_exit.h (exit info, names, dispatch),
 * vmx_event.h (injection), vmx_decode.h (qualifications), vmx_bitmap.h,
 * vmx_vpid.h; vmx_ext.h: what no small image calls (vmx_cpu_off among it); vmx_apicv.h: the
 * APIC-virtualization fields and controls only an emulated LAPIC uses.
 *
 * Boot sequence on every CPU (the core's side):
 *
 *     struct vmx_caps caps;
 *     int rc = vmx_probe(&caps);          // CPUID, IA32_FEATURE_CONTROL, capability MSRs
 *     if (rc) { log caps.failure; run without VMX or stop }
 *     struct vmx_cpu *cpu = &percpu->vmx; // zero-initialised, owned by the core
 *     rc = vmx_cpu_on(cpu, &caps);        // VMXON region, CR0/CR4 fixed bits, VMXON
 *     ...
 *     vmx_cpu_off(cpu);                   // VMXOFF, CR0/CR4 restored, region freed
 *
 * All functions return 0 or a negative HV_E* value (include/hvkit/errno.h);
 * a refused call changes nothing. None of them panics or hangs when VMX is
 * missing, disabled or fails.
 */
#ifndef VMX_VMX_H
#define VMX_VMX_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include <vmx/vmx_arch.h>

/* What this CPU's VMX supports, from CPUID and the IA32_VMX_* MSRs. */
struct vmx_caps {
	/* IA32_VMX_BASIC (SDM Vol. 3D A.1). */
	uint64_t basic;
	uint32_t vmcs_revision_id;   /* bits 30:0, written at the start of VMXON and VMCS regions */
	bool phys_addr_32bit;        /* bit 48: VMXON/VMCS/bitmap addresses must be below 4 GiB */
	bool ins_outs_info;          /* bit 54: VM-exit instruction information for INS/OUTS */

	/*
	 * Allowed settings of each control field (SDM Vol. 3D A.3-A.5): bits 31:0
	 * allowed-0 settings (a 1 means the control must be 1), bits 63:32 allowed-1
	 * settings (a 0 means the control must be 0). From the TRUE MSRs when
	 * BASIC bit 55 (VMX_BASIC_TRUE_CTLS). procbased2 is 0 when secondary controls do not exist.
	 * Give these to vmx_adjust_controls().
	 */
	uint64_t pinbased_ctls;
	uint64_t procbased_ctls;
	uint64_t procbased_ctls2;
	uint64_t exit_ctls;
	uint64_t entry_ctls;

	uint64_t misc;               /* IA32_VMX_MISC (A.6) */
	uint64_t ept_vpid_cap;       /* IA32_VMX_EPT_VPID_CAP (A.10), 0 when neither EPT nor VPID; the EPT page
	                              * sizes and INVVPID types are read from it where they are used */
	uint64_t cr0_fixed0, cr0_fixed1; /* A.7: bits 1 in FIXED0 must be 1; bits 0 in FIXED1 must be 0 */
	uint64_t cr4_fixed0, cr4_fixed1; /* A.8 */
	uint8_t preemption_timer_rate;   /* MISC bits 4:0: timer counts down when TSC bit N changes */

	/* Feature flags: the control can be set to 1 (allowed-1) / the capability bit is set. The APIC-virtualization
	 * controls only an emulated LAPIC uses: vmx_allowed1() of the control fields above. */
	bool ept;
	bool vpid;
	bool unrestricted_guest;
	bool preemption_timer;
	bool virtual_nmis;
	bool load_efer;          /* both VM_ENTRY_LOAD_IA32_EFER and VM_EXIT_LOAD_IA32_EFER */
	bool load_pat;           /* both VM_ENTRY_LOAD_IA32_PAT and VM_EXIT_LOAD_IA32_PAT */

	/* Set by a failed vmx_probe(): why VMX cannot be used (static string). NULL on success. */
	const char *failure;
};

/*
 * Discover VMX on the calling CPU and make it usable:
 *  - CPUID.1:ECX.VMX clear -> -HV_ENODEV, failure "VMX not supported (CPUID.1:ECX.VMX=0)";
 *  - IA32_FEATURE_CONTROL unlocked -> writes lock + enable-VMX-outside-SMX (keeping its
 *    other bits); if the write does not stick -> -HV_EIO;
 *  - locked with VMX outside SMX off -> -HV_EPERM,
 *    failure "VMX disabled by firmware (IA32_FEATURE_CONTROL locked)";
 *  - then reads IA32_VMX_BASIC and the capability MSRs that exist (TRUE control MSRs
 *    when BASIC bit 55; PROCBASED_CTLS2 only if secondary controls can be 1;
 *    EPT_VPID_CAP only if EPT or VPID can be 1);
 *  - VMCS size > 4096 or a VMCS memory type other than WB -> -HV_ENODEV.
 * Logs the failure at PLAT_LOG_ERROR. caps is always fully written (zeroed on failure
 * except failure). IA32_FEATURE_CONTROL is per CPU: call this on every CPU.
 */
int vmx_probe(struct vmx_caps *caps);

/*
 * Compute a VM-execution/exit/entry control value from the allowed settings MSR
 * value (SDM Vol. 3D A.3): result = (desired | required | allowed-0) & allowed-1.
 * Bits the CPU forces to 1 are set; bits it cannot set are dropped silently
 * unless they are in required, in which case -HV_ENODEV and *result is untouched.
 * -HV_EINVAL if result is NULL.
 */
int vmx_adjust_controls(uint64_t allowed, uint32_t desired, uint32_t required, uint32_t *result);

/* Whether every control in `controls` can be 1: the allowed-1 settings, bits 63:32 of a capability MSR's value
 * (SDM Vol. 3D A.3). */
static inline bool vmx_allowed1(uint64_t allowed, uint32_t controls)
{
	return ((uint32_t)(allowed >> 32) & controls) == controls;
}

/* Apply VMX's fixed bits to a CR0/CR4 value (SDM Vol. 3D A.7/A.8): (v | fixed0) & fixed1. */
uint64_t vmx_apply_fixed(uint64_t value, uint64_t fixed0, uint64_t fixed1);

/* Per-CPU VMX state; the core owns the storage (zero-initialise it). */
struct vmx_cpu {
	void *vmxon_region;      /* 4 KiB from plat_page_alloc, revision id at offset 0 */
	uint64_t saved_cr0, saved_cr4; /* values before vmx_cpu_on, restored by vmx_cpu_off */
	bool on;                 /* in VMX root operation */
	/* Last VMXON outcome, for diagnostics. */
	int last_status;         /* enum vmx_insn_status */
};

/*
 * Enter VMX root operation on the calling CPU: allocate and initialise the VMXON
 * region (SDM Vol. 3C 24.11.5), set CR4.VMXE and apply CR0/CR4 FIXED0/FIXED1
 * (SDM 23.8), execute VMXON.
 *  -HV_EINVAL caps/cpu NULL; -HV_EBUSY cpu already on; -HV_ENOMEM no page;
 *  -HV_ERANGE region above 4 GiB when caps->phys_addr_32bit;
 *  -HV_EIO VMXON failed (VMfailInvalid or VMfailValid, e.g. already in VMX
 *   operation): CR0/CR4 are restored, the page freed, cpu left off.
 */
int vmx_cpu_on(struct vmx_cpu *cpu, const struct vmx_caps *caps);

/*
 * Log a one-line summary at PLAT_LOG_INFO, e.g.
 * "vmx: rev 0x4 ept=yes(2M,1G,ad) vpid=yes ug=yes tpr-shadow=yes apic-access=yes
 *  x2apic-virt=yes apic-reg-virt=yes vid=yes posted-intr=no preempt-timer=yes(rate 5)"
 * (one line), or "vmx: unavailable: <failure>" at PLAT_LOG_ERROR after a failed vmx_probe().
 */
void vmx_caps_log(const struct vmx_caps *caps);

#endif /* VMX_VMX_H */

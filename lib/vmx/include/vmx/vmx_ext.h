/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * lib/vmx's calls and constants that no small image uses (<vmx/vmx.h> lists the other headers): leaving VMX
 * operation, freeing a vCPU's VMCS and VPID, INVVPID, reading the guest state back, querying the bitmaps, and
 * the IA32_VMX_MISC activity-state and IA32_VMX_EPT_VPID_CAP INVVPID bits. Each function is an archive member
 * of its own that only share, hybrid or the tests link; an image that never calls one compiles none of this.
 */
#ifndef VMX_VMX_EXT_H
#define VMX_VMX_EXT_H

#include <vmx/vmx_bitmap.h>
#include <vmx/vmx_hw.h>
#include <vmx/vmx_run.h>
#include <vmx/vmx_vmcs.h>
#include <vmx/vmx_vpid.h>

/* Guest activity states besides VMX_ACTIVITY_ACTIVE (SDM Vol. 3C 24.4.2). */
#define VMX_ACTIVITY_HLT 1u
#define VMX_ACTIVITY_SHUTDOWN 2u

/* IA32_VMX_MISC: the activity states VM entry accepts (SDM Vol. 3D A.6). */
#define VMX_MISC_ACTIVITY_HLT (1ull << 6)
#define VMX_MISC_ACTIVITY_SHUTDOWN (1ull << 7)
#define VMX_MISC_ACTIVITY_WAIT_SIPI (1ull << 8)

/* IA32_VMX_EPT_VPID_CAP: INVVPID (SDM Vol. 3D A.10). */
#define VMX_VPID_INVVPID (1ull << 32)
/* Bit 40 + t: INVVPID type t (below) is supported. */
#define VMX_VPID_INVVPID_TYPE_SHIFT 40

/* INVVPID types (SDM Vol. 3C 30.3, INVVPID). */
#define VMX_INVVPID_INDIVIDUAL_ADDRESS 0u
#define VMX_INVVPID_SINGLE_CONTEXT 1u
#define VMX_INVVPID_ALL_CONTEXT 2u
#define VMX_INVVPID_SINGLE_CONTEXT_RETAINING_GLOBALS 3u

/*
 * Leave VMX root operation: VMXOFF, restore CR0/CR4, free the VMXON region.
 *  -HV_EINVAL cpu NULL or not on; -HV_EIO VMXOFF failed (state kept, still on).
 */
int vmx_cpu_off(struct vmx_cpu *cpu);

/* VMCLEAR and free the VMCS region. */
void vmx_vcpu_destroy(struct vmx_vcpu *vcpu);

/* Return a VPID; -HV_EINVAL for 0, NULL or a VPID not allocated. */
int vmx_vpid_free(struct vmx_vpid_pool *pool, uint16_t vpid);

/*
 * INVVPID of the given type (VMX_INVVPID_*) after checking that the CPU supports
 * it (IA32_VMX_EPT_VPID_CAP in caps): -HV_ENODEV unsupported type, -HV_EINVAL VPID 0 with a
 * type that needs one, -HV_EIO if the instruction fails.
 */
int vmx_invvpid(const struct vmx_caps *caps, unsigned int type, uint16_t vpid, uint64_t linear_address);

/* VMREAD it back (for diagnosing a failed entry). -HV_EIO if a VMREAD fails. */
int vmx_guest_state_read(const struct vmx_caps *caps, struct vmx_guest_state *gs);

/* Whether the access (one of VMX_MSR_READ/WRITE) to msr exits (true outside the ranges). */
bool vmx_msr_bitmap_intercepts(const void *msr_bitmap, uint32_t msr, unsigned int access);
/* Whether an access of size bytes at port exits: any covered port intercepted, or the
 * access wraps past 0xFFFF (SDM 25.1.3 rule for unconditional exits on wrap). */
bool vmx_io_bitmap_intercepts(const void *io_bitmap_a, const void *io_bitmap_b, uint16_t port, unsigned int size);

/* The hardware seam of the calls above (<vmx/vmx_hw.h> has the rest). */
enum vmx_insn_status vmx_hw_vmxoff(void);
/* INVVPID with the 128-bit descriptor {vpid, linear_address}; SDM Vol. 3C 30.3. */
enum vmx_insn_status vmx_hw_invvpid(uint64_t type, uint16_t vpid, uint64_t linear_address);

#endif /* VMX_VMX_EXT_H */

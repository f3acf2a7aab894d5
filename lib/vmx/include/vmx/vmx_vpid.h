/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * VPIDs (SDM Vol. 3C 28.1): one per vCPU, 1..65535 (VPID 0 is the host's and
 * cannot be used with "enable VPID", SDM 26.2.1.1), and INVVPID.
 */
#ifndef VMX_VMX_VPID_H
#define VMX_VMX_VPID_H

#include <stdint.h>

#include <hvkit/platform.h>
#include <vmx/vmx.h>

/* Allocator; zero-initialised it is empty with all 65535 VPIDs free. Thread-safe. */
struct vmx_vpid_pool {
	plat_lock_t lock;
	uint16_t limit;          /* 0: up to 65535; otherwise highest VPID handed out */
	uint64_t used[1024];     /* bit n: VPID n in use (bit 0 unused) */
};

/* Lowest free VPID into *vpid; -HV_ENOMEM when none is left, -HV_EINVAL NULL. */
int vmx_vpid_alloc(struct vmx_vpid_pool *pool, uint16_t *vpid);
/* Return a VPID; -HV_EINVAL for 0, NULL or a VPID not allocated. */
int vmx_vpid_free(struct vmx_vpid_pool *pool, uint16_t vpid);

/*
 * INVVPID of the given type (VMX_INVVPID_*) after checking that the CPU supports
 * it (caps->invvpid_*): -HV_ENODEV unsupported type, -HV_EINVAL VPID 0 with a
 * type that needs one, -HV_EIO if the instruction fails.
 */
int vmx_invvpid(const struct vmx_caps *caps, unsigned int type, uint16_t vpid, uint64_t linear_address);

#endif /* VMX_VMX_VPID_H */

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


#endif /* VMX_VMX_VPID_H */

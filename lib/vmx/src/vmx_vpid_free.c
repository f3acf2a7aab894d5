/* SPDX-License-Identifier: BSD-3-Clause */
/* Returning a VPID to its pool: a file of its own, linked only by the images that destroy VMs (share, hybrid). */
#include <hvkit/errno.h>
#include <vmx/vmx_vpid.h>
#include <vmx/vmx_ext.h>

int vmx_vpid_free(struct vmx_vpid_pool *pool, uint16_t vpid)
{
	if (pool == NULL || vpid == 0)
		return -HV_EINVAL;
	int rc = -HV_EINVAL;
	plat_lock(&pool->lock);
	if (pool->used[vpid / 64] & (1ull << (vpid % 64))) {
		pool->used[vpid / 64] &= ~(1ull << (vpid % 64));
		rc = 0;
	}
	plat_unlock(&pool->lock);
	return rc;
}

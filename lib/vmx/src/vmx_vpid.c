/* SPDX-License-Identifier: BSD-3-Clause */
/* VPID allocation (freeing: vmx_vpid_free.c; INVVPID: vmx_invvpid.c). */
#include <hvkit/errno.h>
#include <vmx/vmx_vpid.h>

static uint32_t pool_limit(const struct vmx_vpid_pool *pool)
{
	return pool->limit ? pool->limit : 0xFFFFu;
}

int vmx_vpid_alloc(struct vmx_vpid_pool *pool, uint16_t *vpid)
{
	if (pool == NULL || vpid == NULL)
		return -HV_EINVAL;
	int rc = -HV_ENOMEM;
	plat_lock(&pool->lock);
	for (uint32_t v = 1; v <= pool_limit(pool); v++) {
		if (!(pool->used[v / 64] & (1ull << (v % 64)))) {
			pool->used[v / 64] |= 1ull << (v % 64);
			*vpid = (uint16_t)v;
			rc = 0;
			break;
		}
	}
	plat_unlock(&pool->lock);
	return rc;
}

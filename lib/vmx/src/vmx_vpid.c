/* SPDX-License-Identifier: BSD-3-Clause */
/* VPID allocation and INVVPID. */
#include <hvkit/errno.h>
#include <vmx/vmx_hw.h>
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

int vmx_invvpid(const struct vmx_caps *caps, unsigned int type, uint16_t vpid, uint64_t linear_address)
{
	bool ok;

	if (caps == NULL)
		return -HV_EINVAL;
	switch (type) {
	case VMX_INVVPID_INDIVIDUAL_ADDRESS: ok = caps->invvpid_individual_address; break;
	case VMX_INVVPID_SINGLE_CONTEXT: ok = caps->invvpid_single_context; break;
	case VMX_INVVPID_ALL_CONTEXT: ok = caps->invvpid_all_context; break;
	case VMX_INVVPID_SINGLE_CONTEXT_RETAINING_GLOBALS: ok = caps->invvpid_single_context_retaining_globals; break;
	default: return -HV_EINVAL;
	}
	if (!ok)
		return -HV_ENODEV;
	/* SDM 30.3 INVVPID: every type but all-context fails with VPID 0. */
	if (type != VMX_INVVPID_ALL_CONTEXT && vpid == 0)
		return -HV_EINVAL;
	if (type != VMX_INVVPID_INDIVIDUAL_ADDRESS)
		linear_address = 0;
	return vmx_hw_invvpid(type, vpid, linear_address) == VMX_SUCCEED ? 0 : -HV_EIO;
}

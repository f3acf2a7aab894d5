/* SPDX-License-Identifier: BSD-3-Clause */
/* INVVPID after checking the CPU supports the type: a file of its own, so that an image that never invalidates
 * by VPID (each vCPU keeps its VPID for good) does not link it. */
#include <hvkit/errno.h>
#include <vmx/vmx_hw.h>
#include <vmx/vmx_vpid.h>
#include <vmx/vmx_ext.h>

/* SDM 30.3 INVVPID: every type but all-context fails with VPID 0. */
static bool vpid_allowed(unsigned int type, uint16_t vpid)
{
	return type == VMX_INVVPID_ALL_CONTEXT || vpid != 0;
}

int vmx_invvpid(const struct vmx_caps *caps, unsigned int type, uint16_t vpid, uint64_t linear_address)
{
	if (caps == NULL || type > VMX_INVVPID_SINGLE_CONTEXT_RETAINING_GLOBALS)
		return -HV_EINVAL;
	/* SDM A.10: IA32_VMX_EPT_VPID_CAP bit 32 (INVVPID), then one bit per type from bit 40. */
	uint64_t ev = caps->ept_vpid_cap;
	if (!caps->vpid || !(ev & VMX_VPID_INVVPID) || !((ev >> (VMX_VPID_INVVPID_TYPE_SHIFT + type)) & 1u))
		return -HV_ENODEV;
	if (!vpid_allowed(type, vpid))
		return -HV_EINVAL;
	if (type != VMX_INVVPID_INDIVIDUAL_ADDRESS)
		linear_address = 0;
	return vmx_hw_invvpid(type, vpid, linear_address) == VMX_SUCCEED ? 0 : -HV_EIO;
}

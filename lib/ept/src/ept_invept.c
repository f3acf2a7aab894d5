/* SPDX-License-Identifier: BSD-3-Clause */
/* INVEPT (SDM Vol. 3C 30.3, "INVEPT") of one EPT context (all contexts on request: ept_invept_all.c). */
#include <ept/ept.h>
#include <ept/ept_hw.h>
#include <hvkit/errno.h>

static int invept(uint64_t type, uint64_t eptp)
{
	struct invept_descriptor desc = {.eptp = eptp, .reserved = 0};
	return ept_hw_invept(type, &desc) == 0 ? 0 : -HV_EIO;
}

int ept_invept_single_context(uint64_t eptp, uint64_t ept_vpid_cap)
{
	if (!(ept_vpid_cap & EPT_VPID_CAP_INVEPT))
		return -HV_ENODEV;
	if ((eptp & 0xf00u) || (eptp & PT_ADDR_MASK) == 0)
		return -HV_EINVAL; /* SDM Vol. 3C 24.6.11: bits 11:8 reserved */
	if (ept_vpid_cap & EPT_VPID_CAP_INVEPT_SINGLE)
		return invept(INVEPT_SINGLE_CONTEXT, eptp);
	if (ept_vpid_cap & EPT_VPID_CAP_INVEPT_ALL)
		return invept(INVEPT_ALL_CONTEXT, 0); /* a superset of the single context */
	return -HV_ENODEV;
}

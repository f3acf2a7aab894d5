/* SPDX-License-Identifier: BSD-3-Clause */
/* All-context INVEPT (SDM Vol. 3C 30.3, "INVEPT"): an archive member of its own, as no mode image asks for it. */
#include <ept/ept.h>
#include <ept/ept_hw.h>
#include <hvkit/errno.h>

int ept_invept_all_context(uint64_t ept_vpid_cap)
{
	struct invept_descriptor desc = {.eptp = 0, .reserved = 0};

	if (!(ept_vpid_cap & EPT_VPID_CAP_INVEPT) || !(ept_vpid_cap & EPT_VPID_CAP_INVEPT_ALL))
		return -HV_ENODEV;
	return ept_hw_invept(INVEPT_ALL_CONTEXT, &desc) == 0 ? 0 : -HV_EIO;
}

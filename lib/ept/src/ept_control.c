/* SPDX-License-Identifier: BSD-3-Clause */
/* The EPTP field and INVEPT. */
#include <ept/ept.h>
#include <ept/ept_hw.h>
#include <hvkit/errno.h>

int ept_eptp(const struct pt_table *t, uint64_t ept_vpid_cap, bool enable_ad, uint64_t *eptp)
{
	if (t == NULL || t->root == NULL || eptp == NULL || t->fmt != &ept_format || t->levels != 4u)
		return -HV_EINVAL;
	if (!(ept_vpid_cap & EPT_VPID_CAP_WB) || !(ept_vpid_cap & EPT_VPID_CAP_PWL4))
		return -HV_ENODEV;
	if (enable_ad && !(ept_vpid_cap & EPT_VPID_CAP_AD))
		return -HV_ENODEV;
	if ((t->root_pa & ~PT_ADDR_MASK) || (t->root_pa >> t->hpa_bits) != 0)
		return -HV_EINVAL;
	/* SDM Vol. 3C 24.6.11: bits 2:0 memory type, 5:3 page-walk length - 1, 6 A/D enable, N-1:12 PML4 address. */
	*eptp = t->root_pa | EPTP_MEMTYPE_WB | ((uint64_t)(t->levels - 1u) << EPTP_PWL_SHIFT) |
		(enable_ad ? EPTP_ENABLE_AD : 0);
	return 0;
}

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

int ept_invept_all_context(uint64_t ept_vpid_cap)
{
	if (!(ept_vpid_cap & EPT_VPID_CAP_INVEPT) || !(ept_vpid_cap & EPT_VPID_CAP_INVEPT_ALL))
		return -HV_ENODEV;
	return invept(INVEPT_ALL_CONTEXT, 0);
}

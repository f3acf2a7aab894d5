/* SPDX-License-Identifier: BSD-3-Clause */
/* The EPTP field. */
#include <ept/ept.h>
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

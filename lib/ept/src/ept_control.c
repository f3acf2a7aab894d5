/* SPDX-License-Identifier: BSD-3-Clause */
/* The EPTP field. */
#include <ept/ept.h>
#include <hvkit/errno.h>

/* A 4-level EPT with its root allocated. */
static bool ept_4_level(const struct pt_table *t)
{
	return t->root != NULL && t->fmt == &ept_format && t->levels == 4u;
}

/* A PML4 page-aligned and within the host's physical-address width. */
static bool eptp_root_ok(const struct pt_table *t)
{
	return !(t->root_pa & ~PT_ADDR_MASK) && (t->root_pa >> t->hpa_bits) == 0;
}

/* The CPU walks 4 levels with WB paging structures, and has accessed/dirty flags when they are wanted. */
static bool eptp_caps_ok(uint64_t ept_vpid_cap, bool enable_ad)
{
	uint64_t need = EPT_VPID_CAP_WB | EPT_VPID_CAP_PWL4 | (enable_ad ? EPT_VPID_CAP_AD : 0);
	return (ept_vpid_cap & need) == need;
}

int ept_eptp(const struct pt_table *t, uint64_t ept_vpid_cap, bool enable_ad, uint64_t *eptp)
{
	if (t == NULL || eptp == NULL || !ept_4_level(t))
		return -HV_EINVAL;
	if (!eptp_caps_ok(ept_vpid_cap, enable_ad))
		return -HV_ENODEV;
	if (!eptp_root_ok(t))
		return -HV_EINVAL;
	/* SDM Vol. 3C 24.6.11: bits 2:0 memory type, 5:3 page-walk length - 1, 6 A/D enable, N-1:12 PML4 address. */
	*eptp = t->root_pa | EPTP_MEMTYPE_WB | ((uint64_t)(t->levels - 1u) << EPTP_PWL_SHIFT) |
		(enable_ad ? EPTP_ENABLE_AD : 0);
	return 0;
}

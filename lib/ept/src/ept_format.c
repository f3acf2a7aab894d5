/* SPDX-License-Identifier: BSD-3-Clause */
/* The EPT entry format and capabilities. */
#include <ept/ept.h>
#include <hvkit/errno.h>

/* SDM Vol. 3C 29.3.2 (28.2.2 in older SDMs): EPT paging-structure entries. */
const struct pt_format ept_format = {
	.name = "ept",
	.levels_allowed = 1u << 4, /* page-walk length 4 */
	.present_perms = PT_PERM_RWX, /* present if any of bits 2:0 is set */
	.w_requires_r = true,
	.x_only_needs_cap = true,
	.x_needs_cap = false,
	.has_memtype = true,
	.memtypes_allowed = (1u << EPT_MT_UC) | (1u << EPT_MT_WC) | (1u << EPT_MT_WT) | (1u << EPT_MT_WP) |
			    (1u << EPT_MT_WB),
	.flags_allowed = PT_FLAG_IPAT,
	.flag_bits = {EPT_IGNORE_PAT, 0, 0},
	.leaf_size_bit = EPT_PAGE_SIZE,
	.nonleaf_perms = EPT_READ | EPT_WRITE | EPT_EXECUTE,
};

uint32_t ept_pt_caps(uint64_t ept_vpid_cap)
{
	uint32_t caps = 0;
	if (ept_vpid_cap & EPT_VPID_CAP_2M)
		caps |= PT_CAP_2M;
	if (ept_vpid_cap & EPT_VPID_CAP_1G)
		caps |= PT_CAP_1G;
	if (ept_vpid_cap & EPT_VPID_CAP_EXEC_ONLY)
		caps |= PT_CAP_EXEC_ONLY;
	return caps;
}

int ept_create(struct pt_table *t, uint64_t ept_vpid_cap, unsigned int maxphyaddr)
{
	if (!(ept_vpid_cap & EPT_VPID_CAP_PWL4))
		return -HV_ENODEV;
	struct pt_config cfg = {.levels = 4, .hpa_bits = maxphyaddr, .caps = ept_pt_caps(ept_vpid_cap)};
	return pt_create(t, &ept_format, &cfg);
}

/* SPDX-License-Identifier: BSD-3-Clause */
/* The VT-d second-level entry format (VT-d spec 9.8). */
#include <ept/vtd_sl.h>

const struct pt_format vtd_sl_format = {
	.name = "vtd-sl",
	.levels_allowed = (1u << 3) | (1u << 4), /* SAGAW: 39-bit 3-level, 48-bit 4-level */
	.present_perms = PT_PERM_R | PT_PERM_W,   /* an entry with R = W = 0 is not present */
	.w_requires_r = false,                    /* write-only DMA is allowed */
	.x_only_needs_cap = false,
	.x_needs_cap = true,                      /* X only when execute requests are supported */
	.has_memtype = false,
	.memtypes_allowed = 0,
	.flags_allowed = PT_FLAG_SNP | PT_FLAG_TM,
	.flag_bits = {0, VTD_SL_SNOOP, VTD_SL_TRANSIENT},
	.leaf_size_bit = VTD_SL_SUPER_PAGE,
	.nonleaf_perms = VTD_SL_READ | VTD_SL_WRITE,
};

uint32_t vtd_sl_pt_caps(uint64_t cap_reg)
{
	uint32_t caps = 0;
	if (cap_reg & VTD_CAP_SLLPS_2M)
		caps |= PT_CAP_2M;
	if (cap_reg & VTD_CAP_SLLPS_1G)
		caps |= PT_CAP_1G;
	return caps;
}

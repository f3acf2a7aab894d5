/* SPDX-License-Identifier: BSD-3-Clause */
/* The EPT entry format, capabilities and the EPT-misconfiguration check. */
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

static uint64_t bits(unsigned int hi, unsigned int lo)
{
	return ((hi >= 63u ? ~0ull : (1ull << (hi + 1u)) - 1u)) & ~((1ull << lo) - 1u);
}

enum ept_misconfig ept_check_entry(uint64_t entry, unsigned int level, unsigned int maxphyaddr,
				   uint64_t ept_vpid_cap)
{
	uint64_t perm = entry & 7u;
	if (perm == 0)
		return EPT_MISCONFIG_NONE; /* not present: bits 63:3 ignored */
	/* SDM Vol. 3C 29.3.3.1: write-only and write/execute are always misconfigured. */
	if (perm == 2u || perm == 6u)
		return EPT_MISCONFIG_WRITE_NO_READ;
	if (perm == 4u && !(ept_vpid_cap & EPT_VPID_CAP_EXEC_ONLY))
		return EPT_MISCONFIG_EXEC_ONLY;
	if (level < 1u || level > 4u || maxphyaddr < 32u || maxphyaddr > 52u)
		return EPT_MISCONFIG_RESERVED_BIT;

	uint64_t reserved = maxphyaddr < 52u ? bits(51, maxphyaddr) : 0;
	bool leaf = level == 1u || (level <= 3u && (entry & EPT_PAGE_SIZE));
	if (level == 4u)
		reserved |= bits(7, 3);
	else if (level == 3u && leaf)
		reserved |= bits(29, 12) | ((ept_vpid_cap & EPT_VPID_CAP_1G) ? 0 : EPT_PAGE_SIZE);
	else if (level == 2u && leaf)
		reserved |= bits(20, 12) | ((ept_vpid_cap & EPT_VPID_CAP_2M) ? 0 : EPT_PAGE_SIZE);
	else if (!leaf)
		reserved |= bits(6, 3); /* an entry that references a table */
	if (entry & reserved)
		return EPT_MISCONFIG_RESERVED_BIT;

	if (leaf) {
		unsigned int mt = (unsigned int)((entry & EPT_MEMTYPE_MASK) >> EPT_MEMTYPE_SHIFT);
		if (!(ept_format.memtypes_allowed & (1u << mt)))
			return EPT_MISCONFIG_MEMTYPE; /* 2, 3 and 7 are reserved */
	}
	return EPT_MISCONFIG_NONE;
}

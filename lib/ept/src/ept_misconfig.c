/* SPDX-License-Identifier: BSD-3-Clause */
/* The EPT-misconfiguration check: which rule an EPT paging-structure entry breaks. */
#include <ept/ept.h>

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

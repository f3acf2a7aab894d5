/* SPDX-License-Identifier: BSD-3-Clause */
/* The EPT-misconfiguration check: which rule an EPT paging-structure entry breaks. */
#include <ept/ept.h>
#include <ept/ept_misconfig.h>

static uint64_t bits(unsigned int hi, unsigned int lo)
{
	return ((hi >= 63u ? ~0ull : (1ull << (hi + 1u)) - 1u)) & ~((1ull << lo) - 1u);
}

/* SDM Vol. 3C 29.3.3.1: the permission bits alone. Write-only and write/execute are always
 * misconfigured, execute-only unless IA32_VMX_EPT_VPID_CAP allows it. */
static enum ept_misconfig check_permissions(uint64_t perm, uint64_t ept_vpid_cap)
{
	if (perm == 2u || perm == 6u)
		return EPT_MISCONFIG_WRITE_NO_READ;
	if (perm == 4u && !(ept_vpid_cap & EPT_VPID_CAP_EXEC_ONLY))
		return EPT_MISCONFIG_EXEC_ONLY;
	return EPT_MISCONFIG_NONE;
}

/* Is this entry a leaf (maps a page): level 1, or a 2 MiB / 1 GiB page at level 2 / 3. */
static bool is_leaf(uint64_t entry, unsigned int level)
{
	return level == 1u || (level <= 3u && (entry & EPT_PAGE_SIZE));
}

/* The reserved bits of an entry at this level: above MAXPHYADDR, and per level the bits that must be zero
 * (the page-size bit where the CPU has no such page). */
static uint64_t reserved_bits(uint64_t entry, unsigned int level, unsigned int maxphyaddr, uint64_t cap)
{
	uint64_t reserved = maxphyaddr < 52u ? bits(51, maxphyaddr) : 0;
	bool leaf = is_leaf(entry, level);
	if (level == 4u)
		return reserved | bits(7, 3);
	if (!leaf)
		return reserved | bits(6, 3); /* an entry that references a table */
	if (level == 3u)
		return reserved | bits(29, 12) | ((cap & EPT_VPID_CAP_1G) ? 0 : EPT_PAGE_SIZE);
	if (level == 2u)
		return reserved | bits(20, 12) | ((cap & EPT_VPID_CAP_2M) ? 0 : EPT_PAGE_SIZE);
	return reserved;
}

/* A level the EPT has (1..4) and a MAXPHYADDR a CPU can report (32..52). */
static bool shape_ok(unsigned int level, unsigned int maxphyaddr)
{
	return level >= 1u && level <= 4u && maxphyaddr >= 32u && maxphyaddr <= 52u;
}

/* A leaf's memory type: 2, 3 and 7 are reserved (the format's allowed set). */
static enum ept_misconfig check_memtype(uint64_t entry)
{
	unsigned int mt = (unsigned int)((entry & EPT_MEMTYPE_MASK) >> EPT_MEMTYPE_SHIFT);
	return (ept_format.memtypes_allowed & (1u << mt)) ? EPT_MISCONFIG_NONE : EPT_MISCONFIG_MEMTYPE;
}

enum ept_misconfig ept_check_entry(uint64_t entry, unsigned int level, unsigned int maxphyaddr,
				   uint64_t ept_vpid_cap)
{
	uint64_t perm = entry & 7u;
	if (perm == 0)
		return EPT_MISCONFIG_NONE; /* not present: bits 63:3 ignored */
	enum ept_misconfig m = check_permissions(perm, ept_vpid_cap);
	if (m != EPT_MISCONFIG_NONE)
		return m;
	if (!shape_ok(level, maxphyaddr) || (entry & reserved_bits(entry, level, maxphyaddr, ept_vpid_cap)))
		return EPT_MISCONFIG_RESERVED_BIT;
	return is_leaf(entry, level) ? check_memtype(entry) : EPT_MISCONFIG_NONE;
}

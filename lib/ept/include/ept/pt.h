/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * hvkit page-table engine: guest-physical (or device) address -> host-physical
 * tables built from 512-entry, 4 KiB table pages, with 4 KiB, 2 MiB and 1 GiB
 * leaves. The entry encoding is data (struct pt_format), so one engine builds
 * Intel EPT tables (ept_format, <ept/ept.h>) and Intel VT-d second-level tables
 * (vtd_sl_format, <ept/vtd_sl.h>).
 *
 * Levels are numbered as the SDM's tables nest: 1 = page table (4 KiB
 * leaves), 2 = page directory (2 MiB leaves), 3 = page-directory-pointer table
 * (1 GiB leaves), 4 = PML4 (never a leaf).
 *
 * Guarantees
 *  - Every mapping request picks the largest leaf that the alignment of gpa
 *    and hpa, the capabilities given at creation and the range allow.
 *  - A leaf is split when part of it is unmapped or changed; after every
 *    successful request, any table whose 512 entries are leaves with identical
 *    attributes and contiguous, suitably aligned addresses is merged back into
 *    one larger leaf (if that size is allowed), and empty tables are freed.
 *  - A refused request (negative HV_E* return) changes nothing: every table
 *    page a request needs is counted and allocated before the first entry is
 *    written.
 *  - Table pages come from plat_page_alloc(1) and go back with
 *    plat_page_free(.., 1); pt_destroy() returns all of them.
 *  - The build flavour (src/pt_build.c, archive hvkit-ept-build, linked before
 *    this one by images whose tables are built once: partition, lapic_pt) keeps
 *    the first guarantee and the checks of every request, but writes as it goes:
 *    a map that runs out of table pages returns -HV_ENOMEM with part of the range
 *    mapped; nothing is merged or freed; and pt_unmap of part of a large leaf is
 *    refused (-HV_EBUSY) instead of splitting it.
 *
 * Concurrency: the engine takes no locks. The caller (the hypervisor core)
 * serialises every call on one table with a lock it owns. Reads by the CPU or
 * IOMMU may run concurrently: entries are written with single 64-bit stores,
 * and a split table is filled before it is linked. Flushing stale translations
 * after unmap/protect (INVEPT, IOTLB invalidation) is the caller's job.
 */
#ifndef EPT_PT_H
#define EPT_PT_H

#include <hvkit/platform.h>

#define PT_ENTRIES 512u
#define PT_ADDR_MASK 0x000ffffffffff000ull /* bits 51:12 */
#define PT_MAX_HPA_BITS 52u

/* Access permissions (bits 2:0 of both EPT and VT-d second-level entries). */
#define PT_PERM_R 0x1u
#define PT_PERM_W 0x2u
#define PT_PERM_X 0x4u
#define PT_PERM_RWX 0x7u

/* Format-specific attribute flags; a format lists the ones it encodes. */
#define PT_FLAG_IPAT 0x1u /* EPT: ignore PAT (bit 6) */
#define PT_FLAG_SNP 0x2u  /* VT-d: snoop (bit 11) */
#define PT_FLAG_TM 0x4u   /* VT-d: transient mapping (bit 62) */
#define PT_FLAG_COUNT 3u  /* PT_FLAG_* is 1 << its index in pt_format.flag_bits */

/* Capabilities given at table creation (derive them with ept_pt_caps() or vtd_sl_pt_caps()). */
#define PT_CAP_2M (1u << 0)        /* 2 MiB leaves allowed */
#define PT_CAP_1G (1u << 1)        /* 1 GiB leaves allowed */
#define PT_CAP_EXEC_ONLY (1u << 2) /* EPT: execute-only entries supported */
#define PT_CAP_EXEC (1u << 3)      /* VT-d: the X bit is honoured (formats with x_needs_cap) */

/* How a format encodes entries. Bit positions are entry bits. */
struct pt_format {
	const char *name;
	uint32_t levels_allowed; /* bit n set: n-level tables allowed */
	uint8_t present_perms;   /* permission bits that make an entry present */
	bool w_requires_r;       /* write without read is refused */
	bool x_only_needs_cap;   /* execute-only needs PT_CAP_EXEC_ONLY */
	bool x_needs_cap;        /* X needs PT_CAP_EXEC */
	bool has_memtype;        /* memory type in bits 5:3 */
	uint8_t memtypes_allowed;      /* bit n set: memory type n is valid */
	uint8_t flags_allowed;         /* PT_FLAG_* the format encodes */
	uint64_t flag_bits[PT_FLAG_COUNT]; /* entry bit of PT_FLAG_IPAT, _SNP, _TM (index = log2 flag) */
	uint64_t leaf_size_bit;        /* bit 7: leaf at level 2 or 3 */
	uint64_t nonleaf_perms;        /* permission bits of an entry that references a table */
};

/* What a mapping grants. */
struct pt_prot {
	uint8_t perm;    /* PT_PERM_* */
	uint8_t memtype; /* EPT memory type (EPT_MT_*); 0 for formats without one */
	uint8_t flags;   /* PT_FLAG_* */
};

/* Creation parameters. */
struct pt_config {
	unsigned int levels;   /* 4: 48-bit input addresses; 3: 39-bit (VT-d only) */
	unsigned int hpa_bits; /* host physical-address width (MAXPHYADDR / MGAW), 32..52 */
	uint32_t caps;         /* PT_CAP_* */
};

/* A table. The caller owns the storage; fields are read-only to the caller. */
struct pt_table {
	const struct pt_format *fmt;
	uint64_t *root;   /* root table page (level = levels) */
	uint64_t root_pa; /* its host physical address */
	unsigned int levels;
	unsigned int hpa_bits;
	uint32_t caps;
	size_t pages; /* table pages held, root included */
};

/* Bytes covered by one entry of a level-`level` table. */
static inline uint64_t pt_level_size(unsigned int level)
{
	return 1ull << (12u + 9u * (level - 1u));
}

/* Addresses below this limit can be mapped by t (2^39 or 2^48). */
static inline uint64_t pt_input_limit(const struct pt_table *t)
{
	return 1ull << (12u + 9u * t->levels);
}

/*
 * Create an empty table (one root page). -HV_EINVAL: bad format/levels/hpa_bits,
 * or caps the format cannot use; -HV_ENOMEM: no page.
 */
int pt_create(struct pt_table *t, const struct pt_format *fmt, const struct pt_config *cfg);

/*
 * Map [gpa, gpa+size) to [hpa, hpa+size). gpa, hpa and size must be 4 KiB aligned
 * and size > 0 (-HV_EINVAL); the ranges must fit the input width and hpa_bits
 * (-HV_ERANGE); no part of the range may be mapped already (-HV_EBUSY); prot must
 * be valid for the format and caps (-HV_EINVAL, or -HV_ENODEV for a permission
 * the caps lack); -HV_ENOMEM if table pages run out.
 */
int pt_map(struct pt_table *t, uint64_t gpa, uint64_t hpa, uint64_t size, const struct pt_prot *prot);

/* Unmap [gpa, gpa+size); every page of it must be mapped (-HV_ENOENT). Other errors as pt_map. */
int pt_unmap(struct pt_table *t, uint64_t gpa, uint64_t size);

/* Is prot valid for this table (0, -HV_EINVAL or -HV_ENODEV)? */
int pt_check_prot(const struct pt_table *t, const struct pt_prot *prot);

#endif /* EPT_PT_H */

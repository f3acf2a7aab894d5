/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * ACPI DMAR table parsing (VT-d spec chapter 8 "BIOS Considerations").
 * The caller hands over the table already mapped; nothing is allocated.
 */
#ifndef VTD_DMAR_H
#define VTD_DMAR_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define DMAR_MAX_DRHD 8
#define DMAR_MAX_RMRR 16
#define DMAR_MAX_SCOPES 64 /* over all DRHDs and RMRRs together */

/* Remapping structure types (8.2) parsed; the others (2 ATSR, 3 RHSA, 4 ANDD, 5 SATC, ...) are counted and
 * skipped. */
enum dmar_struct_type {
	DMAR_TYPE_DRHD = 0,
	DMAR_TYPE_RMRR = 1,
};

/* Device scope entry types (8.3.1) that name a PCI function; the others (3 I/O APIC, 4 HPET, 5 ACPI namespace
 * device) are skipped. */
enum dmar_scope_type {
	DMAR_SCOPE_PCI_ENDPOINT = 1,
	DMAR_SCOPE_PCI_SUBHIERARCHY = 2, /* a bridge and every bus below it */
};

#define DMAR_DRHD_INCLUDE_PCI_ALL (1u << 0)

struct dmar_scope {
	/* resolved: the whole path was walked (every intermediate bridge's
	 * secondary bus was known); bus and devfn name the device itself. */
	bool resolved;
	uint8_t bus, devfn;
	/* A resolved PCI sub-hierarchy's buses behind the bridge, when the
	 * lookup could tell them; else sec_bus 1 > sub_bus 0 (none). */
	uint8_t sec_bus, sub_bus;
};

struct dmar_drhd {
	uint8_t flags; /* DMAR_DRHD_INCLUDE_PCI_ALL */
	uint16_t segment;
	uint64_t reg_base; /* host-physical address of the register page */
	uint8_t size_log2; /* register set is 2^size_log2 pages (0 in old tables) */
	uint16_t scope_first, scope_count; /* into dmar_info.scopes */
};

struct dmar_rmrr {
	uint16_t segment;
	uint64_t base, limit; /* inclusive limit */
	uint16_t scope_first, scope_count;
};

struct dmar_info {
	uint8_t haw_bits; /* host address width (DMAR Host Address Width + 1) */
	unsigned int drhd_count, rmrr_count, scope_count;
	struct dmar_drhd drhd[DMAR_MAX_DRHD];
	struct dmar_rmrr rmrr[DMAR_MAX_RMRR];
	struct dmar_scope scopes[DMAR_MAX_SCOPES];
};

/*
 * Secondary-bus lookup for the bridge at seg:bus:dev.fn (the DMAR path needs
 * PCI configuration space, which lib/vtd never touches). Return 0 and fill
 * *secondary (and *subordinate, or leave it equal to *secondary when unknown),
 * or a negative value when unknown.
 */
typedef int (*dmar_bus_lookup_fn)(void *ctx, uint16_t seg, uint8_t bus, uint8_t dev, uint8_t fn,
	uint8_t *secondary, uint8_t *subordinate);

/*
 * Parse the DMAR at table (len bytes available), whose ACPI header (signature,
 * checksum) the caller has checked: core/acpi's acpi_find_table does. lookup may be NULL: scopes
 * whose path crosses a bridge then stay unresolved. Returns 0, or HV_EINVAL
 * for a malformed table (logged with the structure and offset), HV_ENOMEM when
 * more structures than DMAR_MAX_* are present. *out is fully written on
 * success and left in an unspecified state on failure.
 */
int dmar_parse(const void *table, size_t len, dmar_bus_lookup_fn lookup, void *ctx, struct dmar_info *out);

/*
 * Index of the DRHD that translates seg:bus:devfn: an explicit endpoint or
 * sub-hierarchy scope first, else the segment's INCLUDE_PCI_ALL unit.
 * Returns the index, or HV_ENOENT.
 */
int dmar_drhd_for_device(const struct dmar_info *info, uint16_t seg, uint8_t bus, uint8_t devfn);

/* Does scope s name seg-local bus:devfn (endpoint) or contain it (bridge)? */
bool dmar_scope_covers(const struct dmar_scope *s, uint8_t bus, uint8_t devfn);

#endif /* VTD_DMAR_H */

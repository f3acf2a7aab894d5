/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * lib/vtd's API beyond bringing a unit up and translating DMA (<vtd/vtd.h>):
 * tear-down, device removal, invalidation by granularity and interrupt
 * remapping. Same conventions as <vtd/vtd.h>.
 */
#ifndef VTD_VTD_EXT_H
#define VTD_VTD_EXT_H

#include <vtd/vtd.h>

/* ---- unit (src/unit_off.c) ---- */

/* Disable everything the library enabled and free its memory. */
void vtd_unit_fini(struct vtd_unit *unit);
int vtd_disable_translation(struct vtd_unit *unit);
/* Queued invalidation on/off (done by vtd_enable_translation when available). */
int vtd_qi_enable(struct vtd_unit *unit);
int vtd_qi_disable(struct vtd_unit *unit);
/* ---- root and context tables (src/context.c, src/context_remove.c) ---- */

/* The same with pass-through translation (ECAP.PT, else HV_ENODEV). */
int vtd_assign_device_passthrough(struct vtd_unit *unit, uint16_t segment, uint8_t bus, uint8_t devfn,
	uint16_t did);
/* Remove the context entry and invalidate; HV_ENOENT if not assigned. */
int vtd_unassign_device(struct vtd_unit *unit, uint16_t segment, uint8_t bus, uint8_t devfn);
/* Domain id the device is assigned to, or HV_ENOENT. */
int vtd_device_domain(struct vtd_unit *unit, uint16_t segment, uint8_t bus, uint8_t devfn);

/* ---- faults (src/fault_mask.c) ---- */

/* Mask (or unmask) the unit's fault-event interrupt (FECTL.IM, 11.4.9.2). */
void vtd_fault_irq_mask(struct vtd_unit *unit, bool masked);

/* ---- invalidation (src/invalidate_api.c, src/invalidate_iec.c): queued when enabled, else registers ---- */

int vtd_inv_iotlb_domain(struct vtd_unit *unit, uint16_t did);
/* Write-buffer flush when CAP.RWBF (no-op otherwise; vtd_enable_translation does one). */
int vtd_flush_write_buffer(struct vtd_unit *unit);

int vtd_inv_context_global(struct vtd_unit *unit);
int vtd_inv_context_domain(struct vtd_unit *unit, uint16_t did);
int vtd_inv_context_device(struct vtd_unit *unit, uint16_t did, uint16_t sid);
int vtd_inv_iotlb_global(struct vtd_unit *unit);
/*
 * The 2^order pages at addr (aligned to that size) of domain did. Without
 * CAP.PSI, or with order > CAP.MAMV, the whole domain is invalidated instead.
 */
int vtd_inv_iotlb_pages(struct vtd_unit *unit, uint16_t did, uint64_t addr, unsigned int order);
/* Interrupt entry cache: needs queued invalidation (HV_ENODEV otherwise). */
int vtd_inv_iec_global(struct vtd_unit *unit);
int vtd_inv_iec_index(struct vtd_unit *unit, uint16_t index, unsigned int order);

/* ---- interrupt remapping (src/intremap.c) ---- */

struct vtd_irte_cfg {
	uint8_t vector;
	uint32_t dest;       /* APIC id (xAPIC: 0..255) or logical destination */
	bool dest_logical;   /* DM */
	bool redir_hint;     /* RH */
	bool level;          /* TM */
	uint8_t delivery;    /* DLM: 0 fixed, 1 lowest priority, 2 SMI, 4 NMI, 5 INIT, 7 ExtINT */
	/* Source validation (SVT/SQ/SID, 9.10): svt 0 none, 1 requester id, 2 bus range. */
	uint8_t svt, sq;
	uint16_t sid;
};

/*
 * Allocate a table of 2^entries_log2 entries (8..16) and enable interrupt
 * remapping (SIRTP, IEC invalidation, IRE). Requires ECAP.IR and queued
 * invalidation (HV_ENODEV); x2apic requires ECAP.EIM (HV_ENODEV).
 * Compatibility-format interrupts stay blocked (GSTS.CFIS = 0).
 */
int vtd_ir_enable(struct vtd_unit *unit, unsigned int entries_log2, bool x2apic);
int vtd_ir_disable(struct vtd_unit *unit);
/* Reserve count consecutive free entries; returns the first index or HV_ENOMEM. */
int vtd_irte_alloc(struct vtd_unit *unit, unsigned int count);
/* Release entries (cleared and invalidated first). */
int vtd_irte_free(struct vtd_unit *unit, unsigned int index, unsigned int count);
/* Fill an allocated entry and make it present, then invalidate its IEC entry. */
int vtd_irte_set(struct vtd_unit *unit, unsigned int index, const struct vtd_irte_cfg *cfg);
/* Make an allocated entry not present (interrupts through it fault), then invalidate. */
int vtd_irte_clear(struct vtd_unit *unit, unsigned int index);

/*
 * Remappable-format MSI address and data for IRTE index (VT-d 5.1.5.2):
 * address 0xFEE00000 | handle[14:0] << 5 | 1 << 4 (format) | handle[15] << 2,
 * SHV = 0, data 0. HV_ERANGE for index > 0xFFFF.
 */
int vtd_msi_compose(unsigned int index, uint32_t *addr_lo, uint32_t *addr_hi, uint32_t *data);

#endif /* VTD_VTD_EXT_H */

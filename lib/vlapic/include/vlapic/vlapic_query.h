/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Queries and settings of lib/vlapic that no hvkit image calls (src/vlapic_query.c, an archive member of its
 * own): the APICv state piece by piece (a core derives it in one pass with vlapic_apicv_entry_state), the
 * registers APIC-register virtualization reads from the page, core-declared level-triggered vectors, and
 * looking a vLAPIC up by APIC ID. The unit tests use them as references.
 */
#ifndef VLAPIC_VLAPIC_QUERY_H
#define VLAPIC_VLAPIC_QUERY_H

#include <vlapic/vlapic.h>

/* The vlapic whose current APIC ID is id, or NULL. */
struct vlapic *vlapic_vm_find(struct vlapic_vm *vm, uint32_t id);
/* SDM 29.4.2: read of this xAPIC page offset is virtualized with APIC-register virtualization. */
bool vlapic_apicv_read_virtualized(uint32_t offset);
/* Vectors that need an EOI-induced VM exit: TMR bits plus core-declared level vectors. */
void vlapic_apicv_eoi_exit_bitmap(const struct vlapic *vl, uint64_t bitmap[4]);
/* Declare vector level-triggered (or not) for the EOI-exit bitmap. */
void vlapic_apicv_set_level_vector(struct vlapic *vl, uint8_t vector, bool level);
/* RVI (highest IRR vector, 0 if none), SVI (highest ISR vector, 0 if none) and the
 * guest interrupt status SVI<<8 | RVI (SDM 29.1.1). */
uint8_t vlapic_apicv_rvi(const struct vlapic *vl);
uint8_t vlapic_apicv_svi(const struct vlapic *vl);
uint16_t vlapic_apicv_guest_intr_status(const struct vlapic *vl);

#endif

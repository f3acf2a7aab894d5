/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * The MADT's I/O APIC and interrupt source overrides, for every flavour: madt_ioapic.c, or madt_ioapic_none.c in
 * images whose VMs have no IOAPIC (lapic_pt), which refuses a configuration with one.
 */
#ifndef VACPI_MADT_IOAPIC_H
#define VACPI_MADT_IOAPIC_H

#include <stdbool.h>
#include <stdint.h>

#include <vacpi/vacpi.h>

/* The PC's overrides for vacpi_config_init (madt_ioapic_none.c: none). */
void vacpi_ioapic_defaults(struct vacpi_config *cfg);
/* The configuration's IOAPIC and overrides are well formed (madt_ioapic_none.c: absent). */
bool vacpi_ioapic_valid(const struct vacpi_config *cfg);
/* Their bytes in the MADT (0 without an IOAPIC), written at out unless out is NULL (room for
 * 12 + 10 * VACPI_MAX_ISOS bytes). */
uint32_t vacpi_madt_ioapic(uint8_t *out, const struct vacpi_config *cfg);

#endif

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

/* At most what vacpi_madt_ioapic writes: the I/O APIC entry and VACPI_MAX_ISOS overrides. */
#define VACPI_MADT_IOAPIC_MAX (12u + 10u * VACPI_MAX_ISOS)

/* The configuration's IOAPIC and overrides are well formed (madt_ioapic_none.c: absent). */
bool vacpi_ioapic_valid(const struct vacpi_config *cfg);
/* Their bytes in the MADT (0 without an IOAPIC). */
uint64_t vacpi_madt_ioapic_length(const struct vacpi_config *cfg);
/* Write their entries at out (room for VACPI_MADT_IOAPIC_MAX bytes); returns the bytes written. */
uint32_t vacpi_madt_ioapic(uint8_t *out, const struct vacpi_config *cfg);

#endif

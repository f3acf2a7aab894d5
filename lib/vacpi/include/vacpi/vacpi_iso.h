/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * The interrupt source overrides of a VM's IOAPIC (vacpi_config.isos), in their own header: the flavour whose MADT
 * has no IOAPIC (lapic_pt's) includes none of it.
 */
#ifndef VACPI_VACPI_ISO_H
#define VACPI_VACPI_ISO_H

#include <stdint.h>

/* MPS INTI flags of an interrupt source override (ACPI 6.x 5.2.12.5, table "MPS INTI Flags"). */
#define VACPI_INTI_POLARITY_BUS 0x0u    /* conforms to the bus (ISA: active high) */
#define VACPI_INTI_ACTIVE_HIGH 0x1u
#define VACPI_INTI_ACTIVE_LOW 0x3u
#define VACPI_INTI_TRIGGER_BUS 0x0u     /* conforms to the bus (ISA: edge) */
#define VACPI_INTI_EDGE 0x4u
#define VACPI_INTI_LEVEL 0xcu

/* One ISA IRQ that reaches the IOAPIC on another GSI or with other flags than ISA's. */
struct vacpi_iso {
	uint8_t isa_irq; /* 0..15 */
	uint32_t gsi;
	uint16_t flags;  /* VACPI_INTI_* polarity | trigger */
};

#define VACPI_MAX_ISOS 16u

#endif

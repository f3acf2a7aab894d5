/* SPDX-License-Identifier: BSD-3-Clause */
/* The host's I/O APICs in the MADT (ACPI 6.5 5.2.12.3): only share mode's interrupt forwarding reads them. */
#ifndef HVKIT_CORE_ACPI_IOAPIC_H
#define HVKIT_CORE_ACPI_IOAPIC_H

#include <stdbool.h>
#include <stdint.h>

struct acpi_ioapic {
	uint8_t id;
	uint32_t address;
	uint32_t gsi_base;
};

/* The MADT's first I/O APIC; false if there is no MADT or no I/O APIC entry in it. */
bool acpi_first_ioapic(struct acpi_ioapic *out);

#endif

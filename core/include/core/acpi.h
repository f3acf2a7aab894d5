/* SPDX-License-Identifier: BSD-3-Clause */
/* ACPI table discovery: RSDP -> XSDT (or RSDT) -> tables, every checksum checked. */
#ifndef HVKIT_CORE_ACPI_H
#define HVKIT_CORE_ACPI_H

#include <stdbool.h>
#include <stdint.h>

struct acpi_sdt_header {
	char signature[4];
	uint32_t length;
	uint8_t revision;
	uint8_t checksum;
	char oem_id[6];
	char oem_table_id[8];
	uint32_t oem_revision;
	uint32_t creator_id;
	uint32_t creator_revision;
} __attribute__((packed));

#define ACPI_MAX_CPUS 64

struct acpi_madt_info {
	unsigned int cpu_count;
	uint32_t apic_ids[ACPI_MAX_CPUS]; /* enabled processors, in MADT order */
};

/* Find the RSDP: the one the loader gave (rsdp_hint != 0), else, on a legacy BIOS boot only,
 * a scan of the BIOS area. 0 if there is none (OVMF under Bochs publishes no ACPI at all). */
uint64_t acpi_find_rsdp(uint64_t rsdp_hint, bool legacy_bios);
/* Validate RSDP and root table; returns false (and logs why) if they are not usable. */
bool acpi_init(uint64_t rsdp);
/* A table by signature ("APIC", "DMAR", ...), checksum verified; NULL if absent or corrupt. */
const struct acpi_sdt_header *acpi_find_table(const char signature[4]);
/* Parse the MADT's processors; false if there is none or it is malformed before the first processor. */
bool acpi_parse_madt(struct acpi_madt_info *out);
/* Call fn on each MADT entry (type, length, ...) in table order; false if there is no MADT or an entry's length is
 * bad (logged; the walk stops there). The I/O APICs: core/acpi_ioapic.h. */
bool acpi_madt_walk(void (*fn)(void *ctx, const uint8_t *entry), void *ctx);

#endif

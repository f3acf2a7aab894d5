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
#define ACPI_MAX_IOAPICS 8

struct acpi_ioapic {
	uint8_t id;
	uint32_t address;
	uint32_t gsi_base;
};

struct acpi_madt_info {
	unsigned int cpu_count;
	uint32_t apic_ids[ACPI_MAX_CPUS]; /* enabled processors, in MADT order */
	unsigned int ioapic_count;
	struct acpi_ioapic ioapics[ACPI_MAX_IOAPICS];
};

/* Find the RSDP: the one the loader gave (rsdp_hint != 0), else, on a legacy BIOS boot only,
 * a scan of the BIOS area. 0 if there is none (OVMF under Bochs publishes no ACPI at all). */
uint64_t acpi_find_rsdp(uint64_t rsdp_hint, bool legacy_bios);
/* Validate RSDP and root table; returns false (and logs why) if they are not usable. */
bool acpi_init(uint64_t rsdp);
/* A table by signature ("APIC", "DMAR", ...), checksum verified; NULL if absent or corrupt. */
const struct acpi_sdt_header *acpi_find_table(const char signature[4]);
/* Parse the MADT; false if there is none or it is malformed. */
bool acpi_parse_madt(struct acpi_madt_info *out);

#endif

/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * A small ACPI reader for the tests, written from the spec independently of src/: it reads the
 * fake guest memory the way an OS would, and checks every signature, length and checksum it meets.
 */
#ifndef VACPI_ACPI_PARSE_H
#define VACPI_ACPI_PARSE_H

#include <stdbool.h>
#include <stdint.h>

#include "fake_guest.h"

/* The first valid RSDP (both checksums, revision >= 2) on a 16-byte boundary in 0xE0000-0xFFFFF;
 * 0 if none. */
uint64_t scan_rsdp(const struct fake_guest *g);

/* Length of the table at gpa if its signature is sig, its length is sane and in memory and it
 * sums to 0; else 0. */
uint32_t table_ok(const struct fake_guest *g, uint64_t gpa, const char sig[4]);

/* Everything reachable from the RSDP, each table checked by table_ok; ok is false at the first failure. */
struct acpi_view {
	bool ok;
	const char *why;    /* what failed */
	uint64_t rsdp, xsdt, fadt, madt, dsdt, mcfg; /* mcfg 0: none */
	uint32_t xsdt_len, fadt_len, madt_len, dsdt_len, mcfg_len;
	uint32_t xsdt_count;
	uint64_t lowest, end; /* span of all tables, RSDP included */
};
struct acpi_view parse_acpi(const struct fake_guest *g);

#define MAX_CPUS 1024u
#define MAX_ENTRIES 32u

struct madt_cpu {
	uint8_t type;   /* 0 or 9 */
	uint32_t apic_id, uid, flags;
};

struct madt_view {
	bool ok;        /* every entry's length fits its type and the entries fill the table exactly */
	uint32_t lapic_addr, flags;
	uint32_t cpu_count; /* type 0 and 9, in table order (first MAX_CPUS stored) */
	struct madt_cpu cpus[MAX_CPUS];
	uint32_t ioapic_count;
	uint8_t ioapic_id;
	uint32_t ioapic_addr, ioapic_gsi_base;
	uint32_t iso_count;
	struct { uint8_t bus, source; uint32_t gsi; uint16_t flags; } isos[MAX_ENTRIES];
	uint32_t nmi_count;   /* type 4 */
	struct { uint8_t uid, lint; uint16_t flags; } nmis[MAX_ENTRIES];
	uint32_t x2nmi_count; /* type 0xA */
	struct { uint32_t uid; uint8_t lint; uint16_t flags; } x2nmis[MAX_ENTRIES];
	uint32_t other_count; /* any other type */
	uint8_t first_types[8]; /* type of each of the first entries, to check the order */
};
void parse_madt(const struct fake_guest *g, uint64_t gpa, struct madt_view *m);

#endif

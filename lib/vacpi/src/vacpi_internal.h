/* SPDX-License-Identifier: BSD-3-Clause */
/* vacpi internals: byte helpers, the table writer and one writer function per table. */
#ifndef VACPI_INTERNAL_H
#define VACPI_INTERNAL_H

#include <stddef.h>
#include <stdint.h>

#include <guest_loader/le.h>
#include <vacpi/checksum.h>
#include <vacpi/extras.h>
#include <vacpi/vacpi.h>

#include "madt_ioapic.h"

/* ACPI 6.x 5.2.6: every description table but the RSDP starts with this 36-byte header. */
#define ACPI_HEADER_LEN 36u
#define ACPI_RSDP_LEN 36u   /* revision 2 RSDP, 5.2.5.3 */
#define ACPI_FADT_LEN 276u  /* 6.x layout, up to Hypervisor Vendor Identity, 5.2.9 */
#define ACPI_DSDT_AML_MAX 320u /* \\_SB with COM1, RTC0 and PCI0 with its _CRS takes 224 bytes of AML, \\_SB.HVKC 56, \\_S5 15 */
#define ACPI_FACS_LEN 64u      /* 5.2.10; 64-byte aligned */
#define ACPI_DSDT_LEN (ACPI_HEADER_LEN + ACPI_DSDT_AML_MAX)
#define VACPI_XSDT_ENTRIES 3u /* FADT, MADT and the MCFG if any: the DSDT hangs off the FADT */
#define ACPI_XSDT_LEN (ACPI_HEADER_LEN + 8u * VACPI_XSDT_ENTRIES) /* room for all; the table has its count */
#define ACPI_MCFG_LEN (ACPI_HEADER_LEN + 8u + 16u) /* one allocation */

/*
 * Writes one description table to guest memory in pieces: each piece of the body goes to guest memory as it
 * comes while its length and byte sum are tracked, then vacpi_table_finish writes the header, whose length and
 * checksum are only known at the end.
 */
struct vacpi_table_writer {
	const struct guest_mem *mem;
	uint64_t gpa;     /* the table's first byte (its header) */
	uint32_t len;     /* body bytes emitted so far */
	uint8_t sum;      /* their byte sum */
	int rc;           /* first callback error; later calls do nothing */
};

void vacpi_table_begin(struct vacpi_table_writer *w, const struct guest_mem *mem, uint64_t gpa);
void vacpi_table_emit(struct vacpi_table_writer *w, const void *p, uint32_t n);
/* Write the header; 0 or the first error. */
int vacpi_table_finish(struct vacpi_table_writer *w, const char sig[4], uint8_t revision,
		       const struct vacpi_config *cfg);

int vacpi_write_rsdp(const struct guest_mem *mem, const struct vacpi_config *cfg, uint64_t gpa,
		     uint64_t xsdt_gpa);
int vacpi_write_xsdt(const struct guest_mem *mem, const struct vacpi_config *cfg, uint64_t gpa,
		     const uint64_t *entries, uint32_t count);
int vacpi_write_mcfg(const struct guest_mem *mem, const struct vacpi_config *cfg, uint64_t gpa);
int vacpi_write_fadt(const struct guest_mem *mem, const struct vacpi_config *cfg, uint64_t gpa,
		     uint64_t dsdt_gpa, uint64_t facs_gpa);
int vacpi_write_facs(const struct guest_mem *mem, uint64_t gpa);
int vacpi_write_dsdt(const struct guest_mem *mem, const struct vacpi_config *cfg, uint64_t gpa);

/* A System I/O Generic Address Structure (5.2.3.2) of width bits, accessed in units of access. */
void vacpi_put_io_gas(uint8_t *gas, uint16_t port, uint8_t width, uint8_t access);

/*
 * The extras (vacpi_config.extras: .pm1, .pci, .control; src/extras.c). vacpi_extras_valid: the configuration's
 * extras are well formed; vacpi_sb_extras: append their devices to \_SB's body at aml + n, return the new end;
 * vacpi_dsdt_extras: their AML after \_SB; vacpi_fadt_extras: their FADT fields, returning the flags to add
 * (HW_REDUCED_ACPI without PM1 blocks); vacpi_write_extra_tables: the FACS and the MCFG where planned (gpa 0: none).
 */
/* The configuration's extras, or an empty set when it has none. */
const struct vacpi_extras *vacpi_extras_of(const struct vacpi_config *cfg);
bool vacpi_extras_valid(const struct vacpi_config *cfg);
uint32_t vacpi_sb_extras(const struct vacpi_config *cfg, uint8_t *aml, uint32_t n);
void vacpi_dsdt_extras(struct vacpi_table_writer *w, const struct vacpi_config *cfg);
uint32_t vacpi_fadt_extras(uint8_t *f, const struct vacpi_config *cfg, uint64_t facs_gpa);
int vacpi_write_extra_tables(const struct guest_mem *mem, const struct vacpi_config *cfg, uint64_t facs_gpa,
			     uint64_t mcfg_gpa);

/* The MADT's exact length for a valid cfg (64-bit: no overflow for any vcpu_count). */
uint64_t vacpi_madt_length(const struct vacpi_config *cfg);
int vacpi_write_madt(const struct guest_mem *mem, const struct vacpi_config *cfg, uint64_t gpa);

#endif

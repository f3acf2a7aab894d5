/* SPDX-License-Identifier: BSD-3-Clause */
/* Root System Description Pointer, revision 2 (ACPI 6.x 5.2.5.3). */
#include <string.h>

#include "vacpi_internal.h"

int vacpi_write_rsdp(const struct guest_mem *mem, const struct vacpi_config *cfg, uint64_t gpa,
		     uint64_t xsdt_gpa)
{
	uint8_t r[ACPI_RSDP_LEN] = { 0 };
	memcpy(r + 0, "RSD PTR ", 8);
	memcpy(r + 9, cfg->oem_id, 6);
	r[15] = 2; /* revision 2: ACPI 2.0+ layout with Length and XsdtAddress */
	/*
	 * RsdtAddress (offset 16) stays 0: there is no RSDT. The RSDT only serves ACPI 1.0 OSes,
	 * which could not use a hardware-reduced FADT anyway; an ACPI 2.0+ OS takes the XSDT.
	 */
	put32(r + 20, ACPI_RSDP_LEN);
	put64(r + 24, xsdt_gpa);
	/* Checksum covers the first 20 bytes (the ACPI 1.0 part); the extended one all 36. */
	r[8] = (uint8_t)(0u - acpi_sum(r, 20));
	r[32] = (uint8_t)(0u - acpi_sum(r, ACPI_RSDP_LEN));
	return mem->write(mem->ctx, gpa, r, sizeof(r));
}

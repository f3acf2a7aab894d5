/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Firmware ACPI Control Structure (ACPI 6.x 5.2.10), which a FADT that is not hardware-reduced must name
 * (FIRMWARE_CTRL): 64 bytes, 64-byte aligned, no checksum. hvkit keeps nothing in it: no waking vector (a VM
 * does not resume from S3 or S4), the global lock free (its pending and owned bits clear), version 2, no S4BIOS.
 * The OS uses the global lock word as its own; nothing in the VM's firmware contends for it.
 */
#include <string.h>

#include "vacpi_internal.h"

#define FACS_VERSION 2u
#define FACS_LENGTH 4u
#define FACS_VERSION_OFF 32u

int vacpi_write_facs(const struct guest_mem *mem, uint64_t gpa)
{
	uint8_t f[ACPI_FACS_LEN] = { 0 };
	memcpy(f, "FACS", 4);
	put32(f + FACS_LENGTH, ACPI_FACS_LEN);
	f[FACS_VERSION_OFF] = FACS_VERSION;
	return mem->write(mem->ctx, gpa, f, sizeof(f));
}

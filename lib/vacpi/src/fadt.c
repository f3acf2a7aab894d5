/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Fixed ACPI Description Table, ACPI 6.3 layout (ACPI 6.x 5.2.9), for a hardware-reduced platform, or, where
 * the VM has the PM1 blocks (vacpi_config.extras->pm1: the Service VM, whose legacy IDE disk needs ISA IRQs), a full one
 * (extras.c's vacpi_fadt_extras).
 *
 * Why hardware-reduced (HW_REDUCED_ACPI, ACPI 6.x 4.1): a VM of this hypervisor has none of the
 * ACPI fixed hardware (PM1 event/control blocks, PM timer, GPE blocks, SCI, SMI command port, the
 * FACS and its global lock), and emulating it would only add exits and code. With the flag set the
 * OS ignores every field of that register interface (5.2.9: SMI_CMD..CENTURY, the X_ blocks), so
 * they stay 0, and the FACS is optional (5.2.10). Linux then installs no SCI and needs no ACPI PM
 * timer, so the VM gets none. Its reduced-hardware init (acpi_generic_reduced_hw_init) also skips
 * the PIT/HPET timer setup and uses no 8259 whatever PCAT_COMPAT says: timekeeping rests on the
 * vCPUs' TSC and LAPIC timer (TSC-deadline, TSC frequency from CPUID 0x15/0x16 where offered).
 *
 * One piece of that fixed hardware is there all the same when the VM has it: the PM timer
 * (PM_TMR_BLK, X_PM_TMR_BLK, PM_TMR_LEN = 4, TMR_VAL_EXT: 32 bits), so a guest can calibrate time.
 * Linux reads X_PM_TMR_BLK whatever HW_REDUCED_ACPI says (arch/x86 acpi_parse_fadt: "PM-Timer IO
 * Port") and registers the acpi_pm clocksource from it.
 *
 * What stays required: X_DSDT (the DSDT is mandatory), IAPC_BOOT_ARCH, the flags and, when the VM
 * can reset itself, the reset register (RESET_REG_SUP; optional on hardware-reduced platforms).
 */
#include <string.h>

#include "vacpi_internal.h"

#define FADT_REVISION 6u       /* header revision: major version 6 */
#define FADT_MINOR_VERSION 3u  /* 6.3 */

/* Field offsets (5.2.9, table "FADT Format"). */
#define FADT_DSDT 40u
#define FADT_PM_TMR_BLK 76u
#define FADT_PM_TMR_LEN 91u
#define FADT_IAPC_BOOT_ARCH 109u
#define FADT_FLAGS 112u
#define FADT_RESET_REG 116u    /* Generic Address Structure, 12 bytes */
#define FADT_RESET_VALUE 128u
#define FADT_MINOR 131u
#define FADT_X_DSDT 140u
#define FADT_X_PM_TMR_BLK 208u /* Generic Address Structure, 12 bytes */

/* IA-PC boot architecture flags (5.2.9.3). */
#define BOOT_ARCH_LEGACY_DEVICES (1u << 0) /* user-visible ISA/LPC devices: the vUART at 0x3F8 */
#define BOOT_ARCH_8042 (1u << 1)           /* clear: no keyboard controller */
#define BOOT_ARCH_VGA_NOT_PRESENT (1u << 2)

/* Fixed feature flags (5.2.9, table "Fixed ACPI Description Table Fixed Feature Flags"). */
#define FADT_F_WBINVD (1u << 0)        /* WBINVD flushes and invalidates: true of every VT-x CPU */
#define FADT_F_PWR_BUTTON (1u << 4)    /* set: no fixed-feature power button */
#define FADT_F_SLP_BUTTON (1u << 5)    /* set: no fixed-feature sleep button */
#define FADT_F_TMR_VAL_EXT (1u << 8)     /* the PM timer counts 32 bits */
#define FADT_F_RESET_REG_SUP (1u << 10)

/* Generic Address Structure (5.2.3.2): address space IDs and access sizes. */
#define GAS_SYSTEM_IO 1u
#define GAS_ACCESS_BYTE 1u
#define GAS_ACCESS_DWORD 3u

void vacpi_put_io_gas(uint8_t *gas, uint16_t port, uint8_t width, uint8_t access)
{
	gas[0] = GAS_SYSTEM_IO;
	gas[1] = width;
	gas[2] = 0;
	gas[3] = access;
	put64(gas + 4, port);
}

int vacpi_write_fadt(const struct guest_mem *mem, const struct vacpi_config *cfg, uint64_t gpa,
		     uint64_t dsdt_gpa, uint64_t facs_gpa)
{
	/* The whole table is built here, body only (the writer adds the header). */
	uint8_t f[ACPI_FADT_LEN] = { 0 };
	uint32_t flags = FADT_F_WBINVD | FADT_F_PWR_BUTTON | FADT_F_SLP_BUTTON;

	/*
	 * FADT_FIRMWARE_CTRL and FADT_X_FIRMWARE_CTRL stay 0: no FACS (5.2.10, optional when
	 * hardware-reduced). FADT_DSDT (32-bit) stays 0 so that X_DSDT alone names the DSDT.
	 */
	put64(f + FADT_X_DSDT, dsdt_gpa);
	flags |= vacpi_fadt_extras(f, cfg, facs_gpa);
	put16(f + FADT_IAPC_BOOT_ARCH, BOOT_ARCH_LEGACY_DEVICES | BOOT_ARCH_VGA_NOT_PRESENT);
	const struct vacpi_reset_reg *reset = &vacpi_extras_of(cfg)->reset;
	if (reset->present) {
		/* The reset register is 8 bits wide (4.8.3.6). */
		vacpi_put_io_gas(f + FADT_RESET_REG, reset->port, 8, GAS_ACCESS_BYTE);
		f[FADT_RESET_VALUE] = reset->value;
		flags |= FADT_F_RESET_REG_SUP;
	}
	if (cfg->pm_timer.present) {
		put32(f + FADT_PM_TMR_BLK, cfg->pm_timer.port);
		f[FADT_PM_TMR_LEN] = 4;
		vacpi_put_io_gas(f + FADT_X_PM_TMR_BLK, cfg->pm_timer.port, 32, GAS_ACCESS_DWORD);
		flags |= FADT_F_TMR_VAL_EXT;
	}
	put32(f + FADT_FLAGS, flags);
	f[FADT_MINOR] = FADT_MINOR_VERSION;

	struct vacpi_table_writer w;
	vacpi_table_begin(&w, mem, gpa);
	vacpi_table_emit(&w, f + ACPI_HEADER_LEN, ACPI_FADT_LEN - ACPI_HEADER_LEN);
	return vacpi_table_finish(&w, "FACP", FADT_REVISION, cfg);
}

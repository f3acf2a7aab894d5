/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * The extras of extras.c (vacpi_config.pm1, .pci, .control) absent: linked by images whose VMs are all
 * pre-launched (partition, lapic_pt), which give none of their VMs a PCI host bridge, PM1 blocks or hvkit's control
 * device. A configuration that asks for one is refused as malformed (vacpi_build: -HV_EINVAL) rather than built
 * without it; the FADT is always hardware-reduced.
 */
#include "vacpi_internal.h"

#define FADT_F_HW_REDUCED_ACPI (1u << 20) /* 5.2.9, "Fixed ACPI Description Table Fixed Feature Flags" */

bool vacpi_extras_valid(const struct vacpi_config *cfg)
{
	return !cfg->pm1.present && !cfg->pci.present && !cfg->control.present;
}

uint32_t vacpi_sb_extras(const struct vacpi_config *cfg, uint8_t *aml, uint32_t n)
{
	(void)cfg, (void)aml;
	return n;
}

void vacpi_dsdt_extras(struct vacpi_table_writer *w, const struct vacpi_config *cfg)
{
	(void)w, (void)cfg;
}

uint32_t vacpi_fadt_extras(uint8_t *f, const struct vacpi_config *cfg, uint64_t facs_gpa)
{
	(void)f, (void)cfg, (void)facs_gpa;
	return FADT_F_HW_REDUCED_ACPI;
}

int vacpi_write_extra_tables(const struct guest_mem *mem, const struct vacpi_config *cfg, uint64_t facs_gpa,
			     uint64_t mcfg_gpa)
{
	(void)mem, (void)cfg, (void)facs_gpa, (void)mcfg_gpa;
	return 0;
}

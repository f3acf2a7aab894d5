/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * No I/O APIC in the MADT: linked instead of madt_ioapic.c by images whose VMs emulate no interrupt controller
 * (lapic_pt, core/vm/irqchip_none.c). A configuration with an IOAPIC is refused (vacpi_build: -HV_EINVAL); its
 * overrides, which only an IOAPIC would carry, are not looked at.
 */
#include "madt_ioapic.h"

void vacpi_ioapic_defaults(struct vacpi_config *cfg)
{
	(void)cfg; /* no overrides */
}

bool vacpi_ioapic_valid(const struct vacpi_config *cfg)
{
	return !cfg->ioapic;
}

uint32_t vacpi_madt_ioapic(uint8_t *out, const struct vacpi_config *cfg)
{
	(void)out, (void)cfg;
	return 0;
}

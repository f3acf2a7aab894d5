/* SPDX-License-Identifier: BSD-3-Clause */
/* vacpi_config_init: a PC's defaults (its overrides from the flavour's madt_ioapic.c or madt_ioapic_none.c). */
#include <string.h>

#include <vacpi/vacpi.h>

#include "madt_ioapic.h"

void vacpi_config_init(struct vacpi_config *cfg, uint32_t vcpu_count)
{
	memset(cfg, 0, sizeof(*cfg));
	cfg->vcpu_count = vcpu_count;
	cfg->x2apic = true;
	cfg->lapic_addr = 0xfee00000u;
	cfg->ioapic = true; /* ID 0, GSI base 0, no PCAT_COMPAT: zero */
	cfg->ioapic_addr = 0xfec00000u;
	vacpi_ioapic_defaults(cfg);
	memcpy(cfg->oem_id, "HVKIT ", 6);
	memcpy(cfg->oem_table_id, "HVKITVM ", 8);
	cfg->oem_revision = 1;
}

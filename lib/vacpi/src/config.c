/* SPDX-License-Identifier: BSD-3-Clause */
/* vacpi_config_init: a PC's defaults, the same for every flavour of the library. */
#include <string.h>

#include <vacpi/vacpi.h>

static const struct vacpi_iso pc_isos[] = {
	/* The PIT's ISA IRQ 0 reaches IOAPIC pin 2 (pin 0 carries the 8259's ExtINT): flags of ISA. */
	{ .isa_irq = 0, .gsi = 2, .flags = VACPI_INTI_POLARITY_BUS | VACPI_INTI_TRIGGER_BUS },
	/* The vUART (COM1) on IRQ 4, stated explicitly: edge, active high. */
	{ .isa_irq = 4, .gsi = 4, .flags = VACPI_INTI_ACTIVE_HIGH | VACPI_INTI_EDGE },
};

void vacpi_config_init(struct vacpi_config *cfg, uint32_t vcpu_count)
{
	memset(cfg, 0, sizeof(*cfg));
	cfg->vcpu_count = vcpu_count;
	cfg->x2apic = true;
	cfg->lapic_addr = 0xfee00000u;
	cfg->ioapic = true;
	cfg->ioapic_id = 0;
	cfg->ioapic_addr = 0xfec00000u;
	cfg->ioapic_gsi_base = 0;
	cfg->pcat_compat = false;
	cfg->isos = pc_isos;
	cfg->iso_count = sizeof(pc_isos) / sizeof(pc_isos[0]);
	memcpy(cfg->oem_id, "HVKIT ", 6);
	memcpy(cfg->oem_table_id, "HVKITVM ", 8);
	cfg->oem_revision = 1;
}

/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * The MADT's I/O APIC (type 1, ACPI 6.x 5.2.12.3) and interrupt source overrides (type 2, 5.2.12.5), for a VM
 * with an IOAPIC (vacpi_config.ioapic). Images whose VMs have none (lapic_pt) link madt_ioapic_none.c.
 */
#include <string.h>

#include <vacpi/vacpi_iso.h>

#include <guest_loader/le.h>

#include "madt_ioapic.h"

#define MADT_IO_APIC 1u
#define MADT_ISO 2u
#define IO_APIC_LEN 12u
#define ISO_LEN 10u
#define ISA_BUS 0u

static const struct vacpi_iso pc_isos[] = {
	/* The PIT's ISA IRQ 0 reaches IOAPIC pin 2 (pin 0 carries the 8259's ExtINT): flags of ISA. */
	{ .isa_irq = 0, .gsi = 2, .flags = VACPI_INTI_POLARITY_BUS | VACPI_INTI_TRIGGER_BUS },
	/* The vUART (COM1) on IRQ 4, stated explicitly: edge, active high. */
	{ .isa_irq = 4, .gsi = 4, .flags = VACPI_INTI_ACTIVE_HIGH | VACPI_INTI_EDGE },
};

void vacpi_ioapic_defaults(struct vacpi_config *cfg)
{
	cfg->isos = pc_isos;
	cfg->iso_count = sizeof(pc_isos) / sizeof(pc_isos[0]);
}

/* MPS INTI polarity and trigger: the value 2 of either is reserved (5.2.12.5); other bits too. */
static bool inti_flags_valid(uint16_t f)
{
	return (f & ~0xfu) == 0 && (f & 0x3u) != 0x2u && (f & 0xcu) != 0x8u;
}

/* ISA has IRQs 0..15; every GSI is on the one IOAPIC, so not below its base. */
static bool iso_valid(const struct vacpi_config *cfg, const struct vacpi_iso *iso)
{
	return iso->isa_irq <= 15 && iso->gsi >= cfg->ioapic_gsi_base && inti_flags_valid(iso->flags);
}

/* An earlier override of the same ISA IRQ. */
static bool iso_repeats(const struct vacpi_config *cfg, uint32_t i)
{
	for (uint32_t j = 0; j < i; j++)
		if (cfg->isos[j].isa_irq == cfg->isos[i].isa_irq)
			return true;
	return false;
}

/* The overrides: at most VACPI_MAX_ISOS, each valid, no ISA IRQ twice. */
bool vacpi_ioapic_valid(const struct vacpi_config *cfg)
{
	if (cfg->iso_count > VACPI_MAX_ISOS || (cfg->iso_count != 0 && cfg->isos == NULL))
		return false;
	for (uint32_t i = 0; i < cfg->iso_count; i++)
		if (!iso_valid(cfg, &cfg->isos[i]) || iso_repeats(cfg, i))
			return false;
	return true;
}

/* The I/O APIC entry, then one override per ISA IRQ the configuration names. */
uint32_t vacpi_madt_ioapic(uint8_t *out, const struct vacpi_config *cfg)
{
	if (!cfg->ioapic)
		return 0;
	if (out == NULL)
		return IO_APIC_LEN + cfg->iso_count * ISO_LEN;
	const uint8_t io[4] = { MADT_IO_APIC, IO_APIC_LEN, cfg->ioapic_id, 0 };
	memcpy(out, io, sizeof(io));
	put32(out + 4, cfg->ioapic_addr);
	put32(out + 8, cfg->ioapic_gsi_base);
	uint32_t n = IO_APIC_LEN;
	for (uint32_t i = 0; i < cfg->iso_count; i++, n += ISO_LEN) {
		const struct vacpi_iso *iso = &cfg->isos[i];
		const uint8_t e[4] = { MADT_ISO, ISO_LEN, ISA_BUS, iso->isa_irq };
		memcpy(out + n, e, sizeof(e));
		put32(out + n + 4, iso->gsi);
		put16(out + n + 8, iso->flags);
	}
	return n;
}

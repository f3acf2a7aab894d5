/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * The extras of a VM's tables (vacpi_config.extras): what only the Service VM (core/share) and hvkit-dm's
 * post-launched VMs have, built by the full library (src/extras.c, fadt.c). The fixed flavour that images whose VMs
 * are all pre-launched link (src/fixed.c) refuses a configuration with extras, and those images never include this.
 */
#ifndef VACPI_EXTRAS_H
#define VACPI_EXTRAS_H

#include <stdbool.h>
#include <stdint.h>

/* The FADT reset register (ACPI 6.x 4.8.3.6), an 8-bit System I/O port; absent when !present. */
struct vacpi_reset_reg {
	bool present;
	uint16_t port;
	uint8_t value;
};

/*
 * hvkit's control device in the Service VM's DSDT (\_SB.HVKC): an ACPI device with its own _HID
 * through which the hypervisor signals the Service VM's driver (hvkit.ko): one GSI, edge-triggered,
 * active high, as an Extended Interrupt resource (ACPI 6.x 6.4.3.6).
 */
struct vacpi_control {
	bool present;
	char hid[9];   /* "HVKT0001": 8 characters and the NUL */
	uint32_t gsi;
};

/*
 * A PCI host bridge for the VM's own (virtual) PCI bus: \_SB.PCI0 (PNP0A03) in the DSDT, segment 0, bus 0 (an
 * x86 Linux on ACPI enumerates PCI only below such a device), and, when ecam_base is not 0, an MCFG (PCI
 * Firmware Specification 3.0, 4.1.2) allocating its enhanced configuration window for buses 0..bus_end
 * (1 MiB per bus, 1 MiB aligned). No _PRT: devices interrupt by MSI or MSI-X, or on legacy ISA IRQs. With
 * mem32_limit above mem32_base the bridge has a _CRS naming its windows (ACPI 6.x 6.4.3.5, address space
 * descriptors): buses 0..bus_end, I/O 0-0xCF7 and 0xD00-0xFFFF, the VGA window 0xA0000-0xBFFFF and
 * mem32_base..mem32_limit; Linux places and claims BARs only inside a bridge's windows. Without it, no _CRS.
 */
struct vacpi_pci_root {
	bool present;
	uint64_t ecam_base;
	uint8_t bus_end;
	uint32_t mem32_base, mem32_limit; /* the 32-bit memory window, inclusive; none when limit <= base */
};

/*
 * The ACPI fixed hardware's PM1a event and control blocks (ACPI 6.x 4.8.3.1, 4.8.3.2) and the SCI: with
 * them the FADT is a full (not hardware-reduced) one, so an OS sets up the PC's legacy ISA IRQs (Linux
 * keeps its 8259 and ISA IRQs 0-15 only then, which a legacy-mode IDE controller's IRQ 14 needs). The FADT
 * names the blocks, the SCI's ISA IRQ (level, active low unless an override says otherwise), no SMI
 * command port (the platform is always in ACPI mode, 4.8.2.1) and a FACS (5.2.10, required then); the
 * DSDT gets \_S5 with s5_type as SLP_TYPa and SLP_TYPb, so a power-off is a write of SLP_EN with that type.
 */
struct vacpi_pm1 {
	bool present;
	uint16_t evt_port; /* PM1a_EVT_BLK: 4 ports (PM1_STS, PM1_EN) */
	uint16_t cnt_port; /* PM1a_CNT_BLK: 2 ports (PM1_CNT) */
	uint8_t sci_irq;   /* ISA IRQ 0..15 */
	uint8_t s5_type;   /* SLP_TYP of S5, 0..7 */
};

struct vacpi_extras {
	struct vacpi_reset_reg reset;
	struct vacpi_pm1 pm1; /* absent: a hardware-reduced FADT and no FACS */
	struct vacpi_control control;
	struct vacpi_pci_root pci;
};

#endif

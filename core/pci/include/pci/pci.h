/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * PCI configuration space through the legacy ports 0xCF8/0xCFC (segment 0 only,
 * the first 256 bytes of each function) and bridges' bus numbers (PCI Local Bus
 * 3.0 6.1); the bus scan, BAR decoding and MSI programming are <pci/pci_ext.h>.
 */
#ifndef HVKIT_PCI_PCI_H
#define HVKIT_PCI_PCI_H

#include <stdbool.h>
#include <stdint.h>

/* A function: bus, device (0..31), function (0..7). */
struct pci_bdf {
	uint8_t bus, dev, fn;
};

/* Standard header offsets used here (PCI Local Bus 3.0 6.1). */
#define PCI_VENDOR_ID 0x00
#define PCI_HEADER_TYPE 0x0E
#define PCI_SECONDARY_BUS 0x19
#define PCI_SUBORDINATE_BUS 0x1A

uint32_t pci_read32(struct pci_bdf b, uint8_t off);
uint16_t pci_read16(struct pci_bdf b, uint8_t off);
uint8_t pci_read8(struct pci_bdf b, uint8_t off);

/* Is a function there (vendor id not 0xFFFF)? */
bool pci_present(struct pci_bdf b);

/* Secondary and subordinate bus of a bridge: 0, or -1 if b is not a PCI-to-PCI bridge. */
int pci_bridge_buses(struct pci_bdf b, uint8_t *secondary, uint8_t *subordinate);

#endif

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

/* The dword holding register off (its low two bits are ignored); 16- and 8-bit reads are <pci/pci_ext.h>'s. */
uint32_t pci_read32(struct pci_bdf b, uint8_t off);

/* Is a function there (vendor id not 0xFFFF)? */
bool pci_present(struct pci_bdf b);

/* Secondary and subordinate bus of a bridge: 0, or -1 if b is not a PCI-to-PCI bridge. */
int pci_bridge_buses(struct pci_bdf b, uint8_t *secondary, uint8_t *subordinate);

#endif

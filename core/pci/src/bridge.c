/* SPDX-License-Identifier: BSD-3-Clause */
/* The buses behind a PCI-to-PCI bridge (header type 1, PCI-to-PCI Bridge 1.2 3.2). */
#include <pci/pci.h>

#define HEADER_TYPE_BRIDGE 0x01u

int pci_bridge_buses(struct pci_bdf b, uint8_t *secondary, uint8_t *subordinate)
{
	/* Header type: bits 22:16 of dword 0x0C (bit 23: multi-function); primary, secondary and subordinate bus:
	 * bytes 0-2 of dword 0x18 (bridge 1.2 3.2). */
	if (!pci_present(b) || ((pci_read32(b, 0x0C) >> 16) & 0x7Fu) != HEADER_TYPE_BRIDGE)
		return -1;
	uint32_t buses = pci_read32(b, 0x18);
	*secondary = (uint8_t)(buses >> 8);
	*subordinate = (uint8_t)(buses >> 16);
	return 0;
}

/* SPDX-License-Identifier: BSD-3-Clause */
/* The buses behind a PCI-to-PCI bridge (header type 1, PCI-to-PCI Bridge 1.2 3.2). */
#include <pci/pci.h>

#define HEADER_TYPE_BRIDGE 0x01u

int pci_bridge_buses(struct pci_bdf b, uint8_t *secondary, uint8_t *subordinate)
{
	if (!pci_present(b) || (pci_read8(b, PCI_HEADER_TYPE) & 0x7Fu) != HEADER_TYPE_BRIDGE)
		return -1;
	*secondary = pci_read8(b, PCI_SECONDARY_BUS);
	*subordinate = pci_read8(b, PCI_SUBORDINATE_BUS);
	return 0;
}

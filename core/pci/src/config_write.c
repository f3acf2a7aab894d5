/* SPDX-License-Identifier: BSD-3-Clause */
/* Configuration writes through mechanism #1 (PCI Local Bus 3.0 3.2.2.3.2): only share and hybrid (the Service
 * VM's configuration space) and the VT-d test image write, so this is an archive member of its own. */
#include <core/x86.h>
#include <pci/pci_write.h>

#include "config.h"

void pci_write32(struct pci_bdf b, uint8_t off, uint32_t v)
{
	plat_lock(&pci_cfg_lock);
	pci_cfg_select(b, off);
	outl(PCI_CONFIG_DATA, v);
	plat_unlock(&pci_cfg_lock);
}

void pci_write16(struct pci_bdf b, uint8_t off, uint16_t v)
{
	plat_lock(&pci_cfg_lock);
	pci_cfg_select(b, off);
	outw((uint16_t)(PCI_CONFIG_DATA + (off & 2u)), v);
	plat_unlock(&pci_cfg_lock);
}

void pci_write8(struct pci_bdf b, uint8_t off, uint8_t v)
{
	plat_lock(&pci_cfg_lock);
	pci_cfg_select(b, off);
	outb((uint16_t)(PCI_CONFIG_DATA + (off & 3u)), v);
	plat_unlock(&pci_cfg_lock);
}

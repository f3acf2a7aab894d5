/* SPDX-License-Identifier: BSD-3-Clause */
/* Configuration writes (src/config_write.c): share and hybrid (the Service VM's configuration space) and the VT-d
 * test image; partition and lapic_pt never write. */
#ifndef HVKIT_PCI_PCI_WRITE_H
#define HVKIT_PCI_PCI_WRITE_H

#include <pci/pci.h>

void pci_write32(struct pci_bdf b, uint8_t off, uint32_t v);
void pci_write16(struct pci_bdf b, uint8_t off, uint16_t v);
void pci_write8(struct pci_bdf b, uint8_t off, uint8_t v);

#endif

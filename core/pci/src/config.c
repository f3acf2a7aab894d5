/* SPDX-License-Identifier: BSD-3-Clause */
/* Configuration mechanism #1: address to 0xCF8, data through 0xCFC (PCI Local Bus 3.0 3.2.2.3.2). */
#include <core/x86.h>
#include <hvkit/platform.h>
#include <pci/pci.h>

#include "config.h"

#define PCI_CONFIG_ADDRESS 0xCF8

plat_lock_t pci_cfg_lock;

void pci_cfg_select(struct pci_bdf b, uint8_t off)
{
	outl(PCI_CONFIG_ADDRESS, 0x80000000u | (uint32_t)b.bus << 16 | (uint32_t)(b.dev & 31u) << 11 |
		(uint32_t)(b.fn & 7u) << 8 | (off & 0xFCu));
}

uint32_t pci_read32(struct pci_bdf b, uint8_t off)
{
	plat_lock(&pci_cfg_lock);
	pci_cfg_select(b, off);
	uint32_t v = inl(PCI_CONFIG_DATA);
	plat_unlock(&pci_cfg_lock);
	return v;
}

/* PCI Local Bus 3.0 6.2.1: no function answers with vendor id 0xFFFF (offset 0). */
bool pci_present(struct pci_bdf b)
{
	return (pci_read32(b, 0) & 0xFFFFu) != 0xFFFFu;
}

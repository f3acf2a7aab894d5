/* SPDX-License-Identifier: BSD-3-Clause */
/* 16- and 8-bit configuration reads, out of the dword (<pci/pci_ext.h>: the bus scan, BARs, MSI). */
#include <pci/pci_ext.h>

uint16_t pci_read16(struct pci_bdf b, uint8_t off)
{
	return (uint16_t)(pci_read32(b, off) >> ((off & 2u) * 8u));
}

uint8_t pci_read8(struct pci_bdf b, uint8_t off)
{
	return (uint8_t)(pci_read32(b, off) >> ((off & 3u) * 8u));
}

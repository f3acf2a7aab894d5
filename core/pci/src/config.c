/* SPDX-License-Identifier: BSD-3-Clause */
/* Configuration mechanism #1: address to 0xCF8, data through 0xCFC (PCI Local Bus 3.0 3.2.2.3.2). */
#include <core/x86.h>
#include <hvkit/platform.h>
#include <pci/pci.h>

#define PCI_CONFIG_ADDRESS 0xCF8
#define PCI_CONFIG_DATA 0xCFC

/* The address/data pair is one shared resource: serialise every access. */
static plat_lock_t cfg_lock;

static void cfg_select(struct pci_bdf b, uint8_t off)
{
	outl(PCI_CONFIG_ADDRESS, 0x80000000u | (uint32_t)b.bus << 16 | (uint32_t)(b.dev & 31u) << 11 |
		(uint32_t)(b.fn & 7u) << 8 | (off & 0xFCu));
}

uint32_t pci_read32(struct pci_bdf b, uint8_t off)
{
	plat_lock(&cfg_lock);
	cfg_select(b, off);
	uint32_t v = inl(PCI_CONFIG_DATA);
	plat_unlock(&cfg_lock);
	return v;
}

uint16_t pci_read16(struct pci_bdf b, uint8_t off)
{
	return (uint16_t)(pci_read32(b, off) >> ((off & 2u) * 8u));
}

uint8_t pci_read8(struct pci_bdf b, uint8_t off)
{
	return (uint8_t)(pci_read32(b, off) >> ((off & 3u) * 8u));
}

void pci_write32(struct pci_bdf b, uint8_t off, uint32_t v)
{
	plat_lock(&cfg_lock);
	cfg_select(b, off);
	outl(PCI_CONFIG_DATA, v);
	plat_unlock(&cfg_lock);
}

void pci_write16(struct pci_bdf b, uint8_t off, uint16_t v)
{
	plat_lock(&cfg_lock);
	cfg_select(b, off);
	outw((uint16_t)(PCI_CONFIG_DATA + (off & 2u)), v);
	plat_unlock(&cfg_lock);
}

void pci_write8(struct pci_bdf b, uint8_t off, uint8_t v)
{
	plat_lock(&cfg_lock);
	cfg_select(b, off);
	outb((uint16_t)(PCI_CONFIG_DATA + (off & 3u)), v);
	plat_unlock(&cfg_lock);
}

bool pci_present(struct pci_bdf b)
{
	return pci_read16(b, PCI_VENDOR_ID) != 0xFFFFu;
}

/* SPDX-License-Identifier: BSD-3-Clause */
/* MSI capability (PCI Local Bus 3.0 6.8.1): one message, 32- or 64-bit address. */
#include <pci/pci_ext.h>

#define MSI_CTRL 2
#define MSI_ADDR_LO 4
#define MSI_CTRL_ENABLE (1u << 0)
#define MSI_CTRL_MME_MASK (7u << 4)
#define MSI_CTRL_64BIT (1u << 7)

uint8_t pci_find_cap(struct pci_bdf b, uint8_t id)
{
	if (!(pci_read16(b, PCI_STATUS) & PCI_STATUS_CAP_LIST))
		return 0;
	uint8_t p = pci_read8(b, PCI_CAP_PTR) & 0xFCu;
	for (unsigned int guard = 0; p >= 0x40 && guard < 48; guard++) {
		if (pci_read8(b, p) == id)
			return p;
		p = pci_read8(b, (uint8_t)(p + 1)) & 0xFCu;
	}
	return 0;
}

int pci_msi_enable(struct pci_bdf b, uint32_t addr_lo, uint32_t addr_hi, uint16_t data)
{
	uint8_t cap = pci_find_cap(b, PCI_CAP_ID_MSI);
	if (cap == 0)
		return -1;
	uint16_t ctrl = pci_read16(b, (uint8_t)(cap + MSI_CTRL));
	bool is64 = (ctrl & MSI_CTRL_64BIT) != 0;
	if (!is64 && addr_hi != 0)
		return -1;
	/* Disable while the message changes, so no half-written message is ever sent. */
	ctrl = (uint16_t)(ctrl & ~(MSI_CTRL_ENABLE | MSI_CTRL_MME_MASK));
	pci_write16(b, (uint8_t)(cap + MSI_CTRL), ctrl);
	pci_write32(b, (uint8_t)(cap + MSI_ADDR_LO), addr_lo);
	if (is64) {
		pci_write32(b, (uint8_t)(cap + 8), addr_hi);
		pci_write16(b, (uint8_t)(cap + 12), data);
	} else {
		pci_write16(b, (uint8_t)(cap + 8), data);
	}
	uint16_t cmd = pci_read16(b, PCI_COMMAND);
	pci_write16(b, PCI_COMMAND, (uint16_t)(cmd | PCI_COMMAND_INTX_DISABLE));
	pci_write16(b, (uint8_t)(cap + MSI_CTRL), (uint16_t)(ctrl | MSI_CTRL_ENABLE));
	return 0;
}

void pci_msi_disable(struct pci_bdf b)
{
	uint8_t cap = pci_find_cap(b, PCI_CAP_ID_MSI);
	if (cap == 0)
		return;
	uint16_t ctrl = pci_read16(b, (uint8_t)(cap + MSI_CTRL));
	pci_write16(b, (uint8_t)(cap + MSI_CTRL), (uint16_t)(ctrl & ~MSI_CTRL_ENABLE));
}

/* SPDX-License-Identifier: BSD-3-Clause */
/* Base address registers: decode and size (PCI Local Bus 3.0 6.2.5.1). */
#include <pci/pci_ext.h>

#define BAR_IO (1u << 0)
#define BAR_TYPE_64 (2u << 1)
#define BAR_PREFETCH (1u << 3)

/* The size mask: write all ones with decoding off (so the address never claims a cycle), read, restore. */
static void bar_size_masks(struct pci_bdf b, uint8_t off, const struct pci_bar *bar, uint32_t lo, uint32_t hi,
			   uint32_t *mlo, uint32_t *mhi)
{
	uint16_t cmd = pci_read16(b, PCI_COMMAND);
	pci_write16(b, PCI_COMMAND, (uint16_t)(cmd & ~(PCI_COMMAND_IO | PCI_COMMAND_MEM)));
	pci_write32(b, off, 0xFFFFFFFFu);
	*mlo = pci_read32(b, off);
	pci_write32(b, off, lo);
	*mhi = 0xFFFFFFFFu;
	if (bar->is_64) {
		pci_write32(b, (uint8_t)(off + 4), 0xFFFFFFFFu);
		*mhi = pci_read32(b, (uint8_t)(off + 4));
		pci_write32(b, (uint8_t)(off + 4), hi);
	}
	pci_write16(b, PCI_COMMAND, cmd);
}

/* Base and size from the BAR's value and its size mask (the lowest writable address bit is the size). */
static void bar_decode(struct pci_bar *bar, uint32_t lo, uint32_t hi, uint32_t mlo, uint32_t mhi)
{
	if (bar->is_io) {
		bar->base = lo & ~3u;
		/* I/O BARs may hardwire the upper 16 bits to zero. */
		bar->size = mlo & ~3u ? (uint16_t)(~(mlo & ~3u) + 1u) : 0;
	} else if (bar->is_64) {
		bar->base = ((uint64_t)hi << 32) | (lo & ~0xFu);
		uint64_t mask = ((uint64_t)mhi << 32) | (mlo & ~0xFu);
		bar->size = mask ? ~mask + 1 : 0;
	} else {
		bar->base = lo & ~0xFu;
		bar->size = mlo & ~0xFu ? (uint32_t)(~(mlo & ~0xFu) + 1u) : 0;
	}
}

int pci_bar_read(struct pci_bdf b, unsigned int index, struct pci_bar *out)
{
	if (index > 5)
		return -1;
	uint8_t off = (uint8_t)(PCI_BAR0 + 4 * index);
	uint32_t lo = pci_read32(b, off), mlo, mhi;
	*out = (struct pci_bar){ 0 };
	out->is_io = (lo & BAR_IO) != 0;
	out->is_64 = !out->is_io && (lo & 6u) == BAR_TYPE_64;
	if (out->is_64 && index == 5)
		return -1;
	out->prefetchable = !out->is_io && (lo & BAR_PREFETCH) != 0;
	uint32_t hi = out->is_64 ? pci_read32(b, (uint8_t)(off + 4)) : 0;
	bar_size_masks(b, off, out, lo, hi, &mlo, &mhi);
	bar_decode(out, lo, hi, mlo, mhi);
	return 0;
}

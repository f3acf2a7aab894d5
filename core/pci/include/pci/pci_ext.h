/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * core/pci beyond configuration reads (<pci/pci.h>) and writes (<pci/pci_write.h>):
 * a bus scan that follows bridges, BAR decoding and MSI capability programming
 * (PCI Local Bus 3.0 6.2.5, 6.8). No mode image calls them (the VT-d test image does).
 */
#ifndef HVKIT_PCI_PCI_EXT_H
#define HVKIT_PCI_PCI_EXT_H

#include <pci/pci.h>
#include <pci/pci_write.h>

static inline uint8_t pci_devfn(struct pci_bdf b) { return (uint8_t)(b.dev << 3 | b.fn); }

uint16_t pci_read16(struct pci_bdf b, uint8_t off);
uint8_t pci_read8(struct pci_bdf b, uint8_t off);

#define PCI_VENDOR_ID 0x00
#define PCI_HEADER_TYPE 0x0E
#define PCI_COMMAND 0x04
#define PCI_STATUS 0x06
#define PCI_BAR0 0x10
#define PCI_CAP_PTR 0x34

#define PCI_COMMAND_IO (1u << 0)
#define PCI_COMMAND_MEM (1u << 1)
#define PCI_COMMAND_MASTER (1u << 2)
#define PCI_COMMAND_INTX_DISABLE (1u << 10)
#define PCI_STATUS_CAP_LIST (1u << 4)
#define PCI_CAP_ID_MSI 0x05

/*
 * Call fn for every function found from bus 0 down through PCI-to-PCI bridges
 * (each bus at most once). fn returns true to stop the scan. Returns the number
 * of functions visited.
 */
typedef bool (*pci_visit_fn)(void *ctx, struct pci_bdf b, uint16_t vendor, uint16_t device);
unsigned int pci_scan(pci_visit_fn fn, void *ctx);

/* First function with vendor:device; false if none. */
bool pci_find(uint16_t vendor, uint16_t device, struct pci_bdf *out);

struct pci_bar {
	uint64_t base;  /* address as programmed (0: unassigned) */
	uint64_t size;  /* decoded size, 0 if the BAR is not implemented */
	bool is_io, is_64, prefetchable;
};

/*
 * Decode BAR index (0..5) of a type-0 header, sizing it by the all-ones write
 * with decoding disabled for the duration (6.2.5.1). Returns 0, or -1 for an
 * index out of range or the upper half of a 64-bit BAR.
 */
int pci_bar_read(struct pci_bdf b, unsigned int index, struct pci_bar *out);

/* Offset of capability id in the capability list, 0 if absent. */
uint8_t pci_find_cap(struct pci_bdf b, uint8_t id);

/*
 * Program the MSI capability (6.8.1) with one vector: address and data as given
 * (addr_hi is refused, -1, when the function has only 32-bit addressing and
 * addr_hi != 0), Multiple Message Enable 0, then MSI Enable; INTx is disabled.
 * Returns 0, or -1 when the function has no MSI capability.
 */
int pci_msi_enable(struct pci_bdf b, uint32_t addr_lo, uint32_t addr_hi, uint16_t data);
void pci_msi_disable(struct pci_bdf b);

#endif

/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * QEMU's "edu" teaching device (PCI 1234:11e8, QEMU docs/specs/edu.rst): a
 * 4 KiB buffer at device address 0x40000 and a DMA engine between it and
 * memory, driven through BAR0.
 */
#ifndef VTD_IMAGE_EDU_H
#define VTD_IMAGE_EDU_H

#include <pci/pci_ext.h>
#include <stdbool.h>
#include <stdint.h>

#define EDU_VENDOR 0x1234
#define EDU_DEVICE 0x11e8
#define EDU_BUF 0x40000ull   /* device address of its buffer */
#define EDU_BUF_SIZE 4096u
/* QEMU 7.2 refuses (hw_error) a transfer that ends at the buffer's very end: use half of it. */
#define EDU_XFER 2048u

struct edu {
	struct pci_bdf bdf;
	volatile uint8_t *mmio;
};

/* Find the device, map BAR0 (identity, 3-4 GiB uncached), enable memory decode and bus mastering. */
bool edu_open(struct edu *e);
/* Copy len bytes: memory (device-visible address iova) -> buffer, or buffer -> memory. Waits for completion. */
bool edu_dma_to_buffer(struct edu *e, uint64_t iova, uint32_t len);
bool edu_dma_from_buffer(struct edu *e, uint64_t iova, uint32_t len);
/* Interrupt registers: raise (0x60), status (0x24), acknowledge (0x64). */
void edu_irq_raise(struct edu *e, uint32_t bits);
uint32_t edu_irq_status(struct edu *e);
void edu_irq_ack(struct edu *e, uint32_t bits);

#endif

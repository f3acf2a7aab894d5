/* SPDX-License-Identifier: BSD-3-Clause */
/* The edu device's registers: 0x04 liveness, 0x24/0x60/0x64 interrupts, 0x80-0x98 DMA (QEMU hw/misc/edu.c). */
#include <core/console.h>
#include <core/tsc.h>
#include <core/x86.h>
#include <hvkit/platform.h>

#include "edu.h"

#define EDU_LIVENESS 0x04
#define EDU_IRQ_STATUS 0x24
#define EDU_IRQ_RAISE 0x60
#define EDU_IRQ_ACK 0x64
#define EDU_DMA_SRC 0x80
#define EDU_DMA_DST 0x88
#define EDU_DMA_COUNT 0x90
#define EDU_DMA_CMD 0x98
#define EDU_CMD_START (1u << 0)
#define EDU_CMD_TO_RAM (1u << 1) /* 0: memory -> buffer, 1: buffer -> memory */

static uint32_t rd32(struct edu *e, uint32_t off) { return *(volatile uint32_t *)(e->mmio + off); }
static void wr32(struct edu *e, uint32_t off, uint32_t v) { *(volatile uint32_t *)(e->mmio + off) = v; }
static uint64_t rd64(struct edu *e, uint32_t off) { return *(volatile uint64_t *)(e->mmio + off); }
static void wr64(struct edu *e, uint32_t off, uint64_t v) { *(volatile uint64_t *)(e->mmio + off) = v; }

bool edu_open(struct edu *e)
{
	if (!pci_find(EDU_VENDOR, EDU_DEVICE, &e->bdf)) {
		hv_error("edu: no PCI device %04x:%04x", EDU_VENDOR, EDU_DEVICE);
		return false;
	}
	struct pci_bar bar;
	if (pci_bar_read(e->bdf, 0, &bar) != 0 || bar.is_io || bar.base == 0 || bar.size == 0) {
		hv_error("edu: BAR0 is not an assigned memory BAR");
		return false;
	}
	if (bar.base + bar.size > (4ull << 30)) {
		hv_error("edu: BAR0 at 0x%lx is above 4 GiB, outside the core's device mapping", bar.base);
		return false;
	}
	uint16_t cmd = pci_read16(e->bdf, PCI_COMMAND);
	pci_write16(e->bdf, PCI_COMMAND, (uint16_t)(cmd | PCI_COMMAND_MEM | PCI_COMMAND_MASTER));
	e->mmio = plat_phys_to_virt(bar.base);
	wr32(e, EDU_LIVENESS, 0x5a5a1234u);
	uint32_t back = rd32(e, EDU_LIVENESS);
	hv_info("edu: %02x:%02x.%x, BAR0 0x%lx (%lu KiB), liveness 0x%x", e->bdf.bus, e->bdf.dev, e->bdf.fn, bar.base,
		bar.size >> 10, back);
	return back == ~0x5a5a1234u;
}

static bool dma(struct edu *e, uint64_t src, uint64_t dst, uint32_t len, uint32_t dir)
{
	wr64(e, EDU_DMA_SRC, src);
	wr64(e, EDU_DMA_DST, dst);
	wr64(e, EDU_DMA_COUNT, len);
	wr64(e, EDU_DMA_CMD, EDU_CMD_START | dir);
	/* The device completes a transfer on a 100 ms timer; allow ten times that. */
	uint64_t t0 = rdtsc(), limit = tsc_hz();
	while (rd64(e, EDU_DMA_CMD) & EDU_CMD_START) {
		if (rdtsc() - t0 > limit) {
			hv_error("edu: DMA 0x%lx -> 0x%lx did not complete", src, dst);
			return false;
		}
		cpu_relax();
	}
	return true;
}

bool edu_dma_to_buffer(struct edu *e, uint64_t iova, uint32_t len)
{
	return dma(e, iova, EDU_BUF, len, 0);
}

bool edu_dma_from_buffer(struct edu *e, uint64_t iova, uint32_t len)
{
	return dma(e, EDU_BUF, iova, len, EDU_CMD_TO_RAM);
}

void edu_irq_raise(struct edu *e, uint32_t bits) { wr32(e, EDU_IRQ_RAISE, bits); }
uint32_t edu_irq_status(struct edu *e) { return rd32(e, EDU_IRQ_STATUS); }
void edu_irq_ack(struct edu *e, uint32_t bits) { wr32(e, EDU_IRQ_ACK, bits); }

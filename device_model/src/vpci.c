/* SPDX-License-Identifier: BSD-3-Clause */
#include "vpci.h"

#include <errno.h>
#include <string.h>

#include "log.h"

/* Type 0 header offsets (PCI Local Bus 3.0 6.1). */
#define CFG_VENDOR 0x00u
#define CFG_COMMAND 0x04u
#define CFG_STATUS 0x06u
#define CFG_REVISION 0x08u
#define CFG_HEADER_TYPE 0x0eu
#define CFG_BAR0 0x10u
#define CFG_SUBVENDOR 0x2cu
#define CFG_CAP_PTR 0x34u
#define CFG_INT_LINE 0x3cu
#define CFG_INT_PIN 0x3du
#define CAP_START 0x40u

#define CMD_MEMORY 0x2u
#define STATUS_CAP_LIST 0x10u

void vpci_dev_init(struct vpci_dev *d, uint16_t vendor, uint16_t device, uint32_t class_rev, uint16_t subvendor,
		   uint16_t subsystem)
{
	memset(d, 0, sizeof(*d));
	vpci_put(d->cfg, CFG_VENDOR, 2, vendor);
	vpci_put(d->cfg, CFG_VENDOR + 2, 2, device);
	vpci_put(d->cfg, CFG_REVISION, 4, class_rev);
	vpci_put(d->cfg, CFG_SUBVENDOR, 2, subvendor);
	vpci_put(d->cfg, CFG_SUBVENDOR + 2, 2, subsystem);
	/* Command: I/O, memory, bus master, INTx disable (bit 10) are writable; status' error bits are RW1C. */
	vpci_put(d->wmask, CFG_COMMAND, 2, 0x0407);
	vpci_put(d->w1c, CFG_STATUS, 2, 0xf900);
	d->wmask[CFG_INT_LINE] = 0xff;
	d->wmask[0x0c] = 0xff; /* cache line size */
	d->wmask[0x0d] = 0xff; /* latency timer */
	d->cap_end = CAP_START;
}

void vpci_dev_bar(struct vpci_dev *d, unsigned bar, uint32_t size)
{
	d->bar_size[bar] = size;
}

unsigned vpci_dev_cap(struct vpci_dev *d, uint8_t id, unsigned len)
{
	unsigned off = (d->cap_end + 3u) & ~3u;
	if (len < 2 || off + len > VPCI_CFG_SIZE)
		return 0;
	/* Link it last: walk from the pointer to the end of the list. */
	uint8_t *link = &d->cfg[CFG_CAP_PTR];
	while (*link)
		link = &d->cfg[*link + 1];
	*link = (uint8_t)off;
	d->cfg[off] = id;
	d->cfg[off + 1] = 0;
	d->cfg[CFG_STATUS] |= STATUS_CAP_LIST;
	d->cap_end = (uint8_t)(off + len < VPCI_CFG_SIZE ? off + len : VPCI_CFG_SIZE - 1);
	return off;
}

uint32_t vpci_bar_base(const struct vpci_dev *d, unsigned bar)
{
	return vpci_get(d->cfg, CFG_BAR0 + 4 * bar, 4) & ~0xfu;
}

bool vpci_mem_enabled(const struct vpci_dev *d)
{
	return d->cfg[CFG_COMMAND] & CMD_MEMORY;
}

int vpci_attach(struct vpci *p, struct vpci_dev *d)
{
	for (unsigned s = 1; s <= VPCI_SLOTS; s++) {
		if (p->dev[s])
			continue;
		for (unsigned b = 0; b < VPCI_BARS; b++) {
			uint64_t size = d->bar_size[b];
			if (!size)
				continue;
			uint64_t base = (p->next_bar + size - 1) & ~(size - 1); /* naturally aligned (PCI 3.0 6.2.5.1) */
			if (base + size > VPCI_HOLE_BASE + VPCI_HOLE_SIZE)
				return -ENOSPC;
			vpci_put(d->cfg, CFG_BAR0 + 4 * b, 4, (uint32_t)base);
			p->next_bar = base + size;
		}
		d->slot = s;
		d->cfg[CFG_INT_PIN] = 1; /* INTA# */
		d->cfg[CFG_INT_LINE] = (uint8_t)vpci_gsi(s);
		p->dev[s] = d;
		return (int)s;
	}
	return -ENOSPC;
}

static struct vpci_dev *dev_at(struct vpci *p, unsigned slot, unsigned fn)
{
	return slot <= VPCI_SLOTS && fn == 0 ? p->dev[slot] : NULL;
}

uint32_t vpci_cfg_read(struct vpci *p, unsigned slot, unsigned fn, unsigned offset, unsigned size)
{
	struct vpci_dev *d = dev_at(p, slot, fn);
	if (!d)
		return size == 4 ? 0xffffffffu : (1u << (8 * size)) - 1;
	if (offset + size > VPCI_CFG_SIZE)
		return 0; /* extended configuration space: no capabilities there */
	return vpci_get(d->cfg, offset, size);
}

/* A BAR write: the size's low bits read back as zero, so all ones reads back the mask (PCI 3.0 6.2.5.1). */
static void bar_write(struct vpci_dev *d, unsigned offset, unsigned size, uint32_t value)
{
	unsigned b = (offset - CFG_BAR0) / 4, at = (offset - CFG_BAR0) % 4;
	if (b >= VPCI_BARS || !d->bar_size[b])
		return;
	uint32_t cur = vpci_get(d->cfg, CFG_BAR0 + 4 * b, 4);
	uint32_t mask = size == 4 ? 0xffffffffu : ((1u << (8 * size)) - 1) << (8 * at);
	uint32_t v = (cur & ~mask) | ((value << (8 * at)) & mask);
	v &= ~(d->bar_size[b] - 1); /* type bits 0: 32-bit memory, not prefetchable */
	vpci_put(d->cfg, CFG_BAR0 + 4 * b, 4, v);
}

void vpci_cfg_write(struct vpci *p, unsigned slot, unsigned fn, unsigned offset, unsigned size, uint32_t value)
{
	struct vpci_dev *d = dev_at(p, slot, fn);
	if (!d || offset + size > VPCI_CFG_SIZE)
		return;
	if (offset >= CFG_BAR0 && offset < CFG_BAR0 + 4 * VPCI_BARS) {
		bar_write(d, offset, size, value);
		return;
	}
	for (unsigned i = 0; i < size; i++) {
		uint8_t b = (uint8_t)(value >> (8 * i)), o = d->cfg[offset + i];
		uint8_t wm = d->wmask[offset + i], c = d->w1c[offset + i];
		d->cfg[offset + i] = (uint8_t)(((o & ~wm) | (b & wm)) & ~(b & c));
	}
	if (d->cfg_written)
		d->cfg_written(d->ctx, offset, size);
}

/* ---- configuration mechanism #1: 0xCF8 address (bit 31 enable, bus 23:16, device 15:11, fn 10:8, reg 7:2) ---- */

/* The register a data-port access at 0xCFC + (off - 4) reaches: enabled, bus 0, whole and aligned inside the
 * configuration space. False when it reaches nothing. */
static bool cf8_register(const struct vpci *p, uint64_t off, unsigned size, unsigned *reg)
{
	uint32_t a = p->config_address;
	if (!(a & 0x80000000u) || ((a >> 16) & 0xff) != 0)
		return false;
	*reg = (a & 0xfc) + (unsigned)(off - 4);
	return *reg + size <= VPCI_CFG_SIZE && !(*reg & (size - 1));
}

static uint64_t cf8_read(void *ctx, uint64_t off, unsigned size)
{
	struct vpci *p = ctx;
	unsigned reg;
	if (off == 0 && size == 4)
		return p->config_address;
	if (off < 4 || !cf8_register(p, off, size, &reg))
		return io_all_ones(size);
	uint32_t a = p->config_address;
	return vpci_cfg_read(p, (a >> 11) & 0x1f, (a >> 8) & 7, reg, size);
}

static void cf8_write(void *ctx, uint64_t off, unsigned size, uint64_t value)
{
	struct vpci *p = ctx;
	unsigned reg;
	if (off == 0 && size == 4) {
		p->config_address = (uint32_t)value & 0x80fffffcu;
		return;
	}
	/* Below 0xCFC: 0xCF9 and friends, no reset control here. */
	if (off < 4 || !cf8_register(p, off, size, &reg))
		return;
	uint32_t a = p->config_address;
	vpci_cfg_write(p, (a >> 11) & 0x1f, (a >> 8) & 7, reg, size, (uint32_t)value);
}

static const struct io_ops cf8_ops = { cf8_read, cf8_write };

/* ---- ECAM: offset = device << 15 | function << 12 | register (PCIe 4.0 7.2.2), bus 0 only ---- */

static uint64_t ecam_read(void *ctx, uint64_t off, unsigned size)
{
	unsigned reg = off & 0xfff;
	if (size > 4 || (reg & (size - 1)))
		return io_all_ones(size);
	return vpci_cfg_read(ctx, (off >> 15) & 0x1f, (off >> 12) & 7, reg, size);
}

static void ecam_write(void *ctx, uint64_t off, unsigned size, uint64_t value)
{
	unsigned reg = off & 0xfff;
	if (size <= 4 && !(reg & (size - 1)))
		vpci_cfg_write(ctx, (off >> 15) & 0x1f, (off >> 12) & 7, reg, size, (uint32_t)value);
}

static const struct io_ops ecam_ops = { ecam_read, ecam_write };

/* ---- the hole: find the BAR holding the address among devices with memory decoding on ---- */

/* The memory BAR of d (sized and placed) that holds gpa, and gpa's offset in it. */
static bool bar_holding(const struct vpci_dev *d, uint64_t gpa, unsigned *bar, uint64_t *off)
{
	for (unsigned b = 0; b < VPCI_BARS; b++) {
		uint64_t base = vpci_bar_base(d, b);
		if (d->bar_size[b] && base && gpa >= base && gpa - base < d->bar_size[b]) {
			*bar = b;
			*off = gpa - base;
			return true;
		}
	}
	return false;
}

static struct vpci_dev *bar_at(struct vpci *p, uint64_t gpa, unsigned *bar, uint64_t *off)
{
	for (unsigned s = 1; s <= VPCI_SLOTS; s++) {
		struct vpci_dev *d = p->dev[s];
		if (d && vpci_mem_enabled(d) && bar_holding(d, gpa, bar, off))
			return d;
	}
	return NULL;
}

static uint64_t hole_read(void *ctx, uint64_t off, unsigned size)
{
	unsigned bar;
	uint64_t o;
	struct vpci_dev *d = bar_at(ctx, VPCI_HOLE_BASE + off, &bar, &o);
	return d && d->ops->read ? d->ops->read(d->ctx, bar, o, size) : io_all_ones(size);
}

static void hole_write(void *ctx, uint64_t off, unsigned size, uint64_t value)
{
	unsigned bar;
	uint64_t o;
	struct vpci_dev *d = bar_at(ctx, VPCI_HOLE_BASE + off, &bar, &o);
	if (d && d->ops->write)
		d->ops->write(d->ctx, bar, o, size, value);
}

static const struct io_ops hole_ops = { hole_read, hole_write };

int vpci_init(struct vpci *p, struct io_bus *bus, const char *vm_name)
{
	memset(p, 0, sizeof(*p));
	p->vm_name = vm_name;
	p->next_bar = VPCI_HOLE_BASE;
	vpci_dev_init(&p->host_bridge, 0x8086, 0x1237, 0x06000002, 0, 0); /* class 06 00 00: host bridge */
	p->dev[0] = &p->host_bridge;
	int rc = io_bus_register(bus, HVKIT_IOREQ_PIO, VPCI_CONFIG_PORT, 8, "pci-config", &cf8_ops, p);
	rc = rc ? rc : io_bus_register(bus, HVKIT_IOREQ_MMIO, VPCI_ECAM_BASE, VPCI_ECAM_SIZE, "pci-ecam", &ecam_ops, p);
	rc = rc ? rc : io_bus_register(bus, HVKIT_IOREQ_MMIO, VPCI_HOLE_BASE, VPCI_HOLE_SIZE, "pci-hole", &hole_ops, p);
	if (rc)
		dm_log("%s: registering the PCI bus failed: %s", vm_name, strerror(-rc));
	return rc;
}

/* SPDX-License-Identifier: BSD-3-Clause */
/* Bus enumeration from bus 0 through PCI-to-PCI bridges (header type 1, PCI-to-PCI Bridge 1.2 3.2). */
#include <pci/pci_ext.h>
#include <stddef.h>

#define HEADER_MULTIFUNCTION 0x80u

struct scan_state {
	pci_visit_fn fn;
	void *ctx;
	uint8_t seen[256 / 8];
	unsigned int visited;
	bool stop;
};

static void scan_bus(struct scan_state *s, uint8_t bus, unsigned int depth);

/* A present function: report it, follow a bridge to its secondary bus; false when the device has no more
 * functions (function 0 without the multi-function bit) or the visitor asked to stop. */
static bool visit_function(struct scan_state *s, struct pci_bdf b, uint32_t id, unsigned int depth)
{
	s->visited++;
	if (s->fn != NULL && s->fn(s->ctx, b, (uint16_t)id, (uint16_t)(id >> 16))) {
		s->stop = true;
		return false;
	}
	uint8_t sec, sub;
	if (pci_bridge_buses(b, &sec, &sub) == 0 && sec > b.bus)
		scan_bus(s, sec, depth + 1);
	return b.fn != 0 || (pci_read8(b, PCI_HEADER_TYPE) & HEADER_MULTIFUNCTION);
}

static void scan_device(struct scan_state *s, uint8_t bus, uint8_t dev, unsigned int depth)
{
	for (uint8_t fn = 0; fn < 8 && !s->stop; fn++) {
		struct pci_bdf b = { bus, dev, fn };
		uint32_t id = pci_read32(b, PCI_VENDOR_ID);
		if ((id & 0xFFFFu) == 0xFFFFu) {
			if (fn == 0)
				break; /* no function 0: no device */
			continue;
		}
		if (!visit_function(s, b, id, depth))
			break;
	}
}

static void scan_bus(struct scan_state *s, uint8_t bus, unsigned int depth)
{
	if (s->seen[bus / 8] & (1u << (bus % 8)) || depth > 32)
		return;
	s->seen[bus / 8] |= (uint8_t)(1u << (bus % 8));
	for (uint8_t dev = 0; dev < 32 && !s->stop; dev++)
		scan_device(s, bus, dev, depth);
}

unsigned int pci_scan(pci_visit_fn fn, void *ctx)
{
	static struct scan_state s; /* 300 bytes: keep it off the stack; callers are serialised at boot */
	s = (struct scan_state){ .fn = fn, .ctx = ctx };
	scan_bus(&s, 0, 0);
	return s.visited;
}

struct find_ctx {
	uint16_t vendor, device;
	struct pci_bdf *out;
	bool found;
};

static bool match(void *ctx, struct pci_bdf b, uint16_t vendor, uint16_t device)
{
	struct find_ctx *f = ctx;
	if (vendor != f->vendor || device != f->device)
		return false;
	*f->out = b;
	f->found = true;
	return true;
}

bool pci_find(uint16_t vendor, uint16_t device, struct pci_bdf *out)
{
	struct find_ctx f = { vendor, device, out, false };
	pci_scan(match, &f);
	return f.found;
}

/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * The virtual PCI bus of a post-launched VM (bus 0 only): a host bridge at 00:00.0 and up to VPCI_SLOTS
 * devices at 00:01.0, 00:02.0, ... Configuration space through port 0xCF8 (address) / 0xCFC-0xCFF (data)
 * (PCI Local Bus 3.0 3.2.2.3.2) and through the ECAM window (PCI Express Base 4.0 7.2.2: bus 0 only, so
 * 1 MiB); 32-bit memory BARs, sized the usual way (write all ones, read the mask; PCI 3.0 6.2.5.1) and
 * placed by hvkit-dm in the PCI hole at start, so a guest without firmware finds them assigned (the guest
 * may move them; a BAR answers only while the command register's memory-space bit is set).
 *
 * The layout is fixed; the ACPI builder describes it: MCFG (ECAM base, segment 0, buses 0-0), the DSDT's
 * PCI0 _CRS (the hole) and _PRT (device at slot S, INTA# -> GSI vpci_gsi(S), level, active low).
 */
#ifndef DM_VPCI_H
#define DM_VPCI_H

#include <stdbool.h>
#include <stdint.h>

#include "io_bus.h"
#include "irq.h"

#define VPCI_CONFIG_PORT 0xcf8u        /* 0xCF8-0xCFF */
#define VPCI_ECAM_BASE 0xe0000000ull   /* bus 0: 32 devices x 8 functions x 4 KiB */
#define VPCI_ECAM_SIZE 0x100000ull
#define VPCI_HOLE_BASE 0xc0000000ull   /* BARs go here; the VM's RAM must end below it */
#define VPCI_HOLE_SIZE 0x20000000ull
#define VPCI_SLOTS 8u                  /* devices 1..8 */
#define VPCI_BARS 6u
#define VPCI_CFG_SIZE 256u             /* conventional configuration space; ECAM reads above it as 0 */

/* GSI (vIOAPIC pin) of the INTA# of the device in slot (1..VPCI_SLOTS). */
static inline uint32_t vpci_gsi(unsigned slot)
{
	return 16u + (slot - 1u) % 8u;
}

struct vpci_dev;

/* A device's BAR handlers (offset from the BAR's start). */
struct vpci_bar_ops {
	uint64_t (*read)(void *ctx, unsigned bar, uint64_t offset, unsigned size);
	void (*write)(void *ctx, unsigned bar, uint64_t offset, unsigned size, uint64_t value);
};

struct vpci_dev {
	uint8_t cfg[VPCI_CFG_SIZE];
	uint8_t wmask[VPCI_CFG_SIZE];   /* bits the guest may write (BARs apart) */
	uint8_t w1c[VPCI_CFG_SIZE];     /* write-one-to-clear bits (status register) */
	uint32_t bar_size[VPCI_BARS];   /* 0: no BAR; else a power of two >= 4 KiB, 32-bit memory */
	const struct vpci_bar_ops *ops;
	void *ctx;
	uint8_t cap_end;                /* where the next capability goes */
	unsigned slot;
	/* Called after the guest wrote configuration space (for MSI-X enable and the like); may be NULL. */
	void (*cfg_written)(void *ctx, unsigned offset, unsigned size);
};

struct vpci {
	const char *vm_name;
	uint32_t config_address;        /* the 0xCF8 latch */
	struct vpci_dev host_bridge;
	struct vpci_dev *dev[VPCI_SLOTS + 1]; /* [0]: &host_bridge */
	uint64_t next_bar;              /* placement cursor in the hole */
};

/* The bus with its host bridge; registers ports 0xCF8-0xCFF, the ECAM window and the hole on bus. 0/-errno. */
int vpci_init(struct vpci *p, struct io_bus *bus, const char *vm_name);

/*
 * Set up d's header (vendor, device, class, revision, subsystem, INTA# with its GSI as interrupt line) and
 * clear its capabilities; then the device adds BARs and capabilities, then vpci_attach.
 */
void vpci_dev_init(struct vpci_dev *d, uint16_t vendor, uint16_t device, uint32_t class_rev, uint16_t subvendor,
		   uint16_t subsystem);
/* A 32-bit memory BAR of size bytes (a power of two, at least 4 KiB). */
void vpci_dev_bar(struct vpci_dev *d, unsigned bar, uint32_t size);
/* Append a capability of len bytes (id at +0, next at +1 filled in); returns its offset, 0 when full. */
unsigned vpci_dev_cap(struct vpci_dev *d, uint8_t id, unsigned len);
/* Put d in the next free slot, its BARs placed in the hole. Returns the slot (1..), or -ENOSPC. */
int vpci_attach(struct vpci *p, struct vpci_dev *d);

/* Configuration-space access to slot's function 0 (other functions and slots read all ones). */
uint32_t vpci_cfg_read(struct vpci *p, unsigned slot, unsigned fn, unsigned offset, unsigned size);
void vpci_cfg_write(struct vpci *p, unsigned slot, unsigned fn, unsigned offset, unsigned size, uint32_t value);

/* The guest-physical base of d's BAR as programmed now (0 when unassigned), and whether memory decoding is on. */
uint32_t vpci_bar_base(const struct vpci_dev *d, unsigned bar);
bool vpci_mem_enabled(const struct vpci_dev *d);

/* Little-endian helpers on a configuration-space image. */
static inline uint32_t vpci_get(const uint8_t *cfg, unsigned off, unsigned size)
{
	uint32_t v = 0;
	for (unsigned i = 0; i < size; i++)
		v |= (uint32_t)cfg[off + i] << (8 * i);
	return v;
}
static inline void vpci_put(uint8_t *cfg, unsigned off, unsigned size, uint32_t v)
{
	for (unsigned i = 0; i < size; i++)
		cfg[off + i] = (uint8_t)(v >> (8 * i));
}

#endif

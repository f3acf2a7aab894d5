/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * virtio 1.x over PCI, modern only (virtio 1.1, 4.1): the transport every device shares. One 32-bit memory
 * BAR (BAR 0, 32 KiB) holds the common configuration (0x0000), the ISR (0x1000), the device-specific
 * configuration (0x2000), the notifications (0x3000, queue q at 0x3000 + 4 q) and the MSI-X table (0x4000)
 * and PBA (0x5000); vendor capabilities (cfg_type 1-4) point at them. Interrupts: MSI-X when the guest
 * enabled it, else MSI (one message, every cause, the ISR says which), else INTA# as a level on the device's
 * vIOAPIC pin while the ISR is non-zero.
 *
 * A driver that breaks the rules (a ring or buffer outside its RAM, a loop, a bad indirect table, ...)
 * gets DEVICE_NEEDS_RESET (status bit 64), a configuration-change interrupt and one log line; the device
 * then ignores the queues until the driver resets it (status 0).
 */
#ifndef DM_VIRTIO_PCI_H
#define DM_VIRTIO_PCI_H

#include <stdbool.h>
#include <stdint.h>

#include "gmem.h"
#include "irq.h"
#include "virtq.h"
#include "vpci.h"

#define VIRTIO_PCI_VENDOR 0x1af4u
#define VIRTIO_PCI_DEVICE_BASE 0x1040u /* + virtio device id (4.1.2.1) */
#define VIRTIO_QUEUES_MAX 4u
#define VIRTIO_MSIX_VECTORS (VIRTIO_QUEUES_MAX + 1u)
#define VIRTIO_NO_VECTOR 0xffffu

/* Device status bits (2.1). */
#define VIRTIO_STATUS_ACKNOWLEDGE 1u
#define VIRTIO_STATUS_DRIVER 2u
#define VIRTIO_STATUS_DRIVER_OK 4u
#define VIRTIO_STATUS_FEATURES_OK 8u
#define VIRTIO_STATUS_NEEDS_RESET 64u
#define VIRTIO_STATUS_FAILED 128u

#define VIRTIO_F_VERSION_1 (1ull << 32)

/* BAR 0 layout. */
#define VIRTIO_BAR_SIZE 0x8000u
#define VIRTIO_COMMON_OFF 0x0000u
#define VIRTIO_ISR_OFF 0x1000u
#define VIRTIO_DEVCFG_OFF 0x2000u
#define VIRTIO_NOTIFY_OFF 0x3000u
#define VIRTIO_NOTIFY_MULT 4u
#define VIRTIO_MSIX_TABLE_OFF 0x4000u
#define VIRTIO_MSIX_PBA_OFF 0x5000u

struct virtio_dev;

/* What a device type supplies. */
struct virtio_dev_ops {
	/* The device-specific configuration (offset from its start). */
	uint64_t (*cfg_read)(struct virtio_dev *v, unsigned offset, unsigned size);
	void (*cfg_write)(struct virtio_dev *v, unsigned offset, unsigned size, uint64_t value);
	/* The driver notified queue q (enabled, DRIVER_OK, not failed). */
	void (*notify)(struct virtio_dev *v, unsigned q);
	/* The driver reset the device (status 0): forget in-flight state. May be NULL. */
	void (*reset)(struct virtio_dev *v);
};

struct virtio_dev {
	struct vpci_dev pci;
	const char *vm_name, *name;     /* for log lines: "hvkit-dm: VM: virtio-blk: ..." */
	const struct virtio_dev_ops *ops;
	void *ctx;                      /* the device type's state */
	struct gmem mem;
	struct irq_sink irq;

	uint64_t features;              /* offered */
	uint64_t driver_features;
	uint32_t dfselect, gfselect;
	uint8_t status;
	uint8_t isr;
	uint8_t config_generation;
	uint16_t config_vector;
	uint16_t queue_select;
	unsigned nqueues;
	struct virtq vq[VIRTIO_QUEUES_MAX];
	bool line_high;
	uint8_t msix[VIRTIO_MSIX_VECTORS][16];
	uint64_t pending;               /* PBA */
	uint64_t violations;            /* DEVICE_NEEDS_RESET events */
};

/*
 * Set up a virtio PCI function: device id (virtio 5.x: 1 net, 2 block, 3 console), PCI class, queues,
 * offered features (VIRTIO_F_VERSION_1 is added). Then vpci_attach(&v->pci).
 */
void virtio_dev_init(struct virtio_dev *v, const char *vm_name, const char *name, unsigned device_id,
		     uint32_t class_code, unsigned nqueues, uint64_t features, const struct virtio_dev_ops *ops,
		     void *ctx, struct gmem mem, struct irq_sink irq);

/* Whether the queues may be used: DRIVER_OK set, NEEDS_RESET and FAILED clear. */
bool virtio_live(const struct virtio_dev *v);

/* The driver broke a rule: NEEDS_RESET, a configuration-change interrupt, one log line naming what. */
void virtio_fail(struct virtio_dev *v, unsigned q, const char *why);

/* Used buffers were added to queue q: interrupt the driver (unless it asked not to be). */
void virtio_notify_used(struct virtio_dev *v, unsigned q);

/* The device configuration changed (e.g. link state): bump the generation, interrupt. */
void virtio_config_changed(struct virtio_dev *v);

/*
 * Take queue q's next chain, handling violations: 1 a chain, 0 none (or the device is not live, or the
 * driver broke a rule, which virtio_fail handled).
 */
int virtio_pop(struct virtio_dev *v, unsigned q, struct virtq_chain *c);
/* Return a chain as used (len bytes written); a violation fails the device. */
void virtio_push(struct virtio_dev *v, unsigned q, uint16_t head, uint32_t len);

#endif

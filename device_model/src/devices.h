/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * A VM's devices and its I/O bus: the 16550 at 0x3f8, the debug-exit port, the virtual PCI bus and the
 * virtio devices the command line asks for (README.md).
 */
#ifndef DM_DEVICES_H
#define DM_DEVICES_H

#include "args.h"
#include "console.h"
#include "debug_exit.h"
#include "gmem.h"
#include "io_bus.h"
#include "irq.h"
#include "uart16550.h"
#include "virtio_blk.h"
#include "virtio_console.h"
#include "virtio_net.h"
#include "vpci.h"

#define COM1_PORT 0x3f8u

struct dm_virtio {
	enum dm_virtio_kind kind;
	int fd; /* net: the tap; else -1 */
	union {
		struct virtio_dev dev; /* the first member of each */
		struct virtio_blk blk;
		struct virtio_console con;
		struct virtio_net net;
	} u;
};

struct dm_devices {
	struct io_bus bus;
	struct console console; /* COM1's output, "[NAME] " lines */
	struct console vconsole; /* virtio-console's, the same prefix */
	struct uart16550 com1;
	struct exit_request exit; /* set by the debug-exit port */
	struct vpci pci;
	struct dm_virtio virtio[DM_VIRTIO_MAX];
	unsigned nvirtio;
};

/* 0, or the bus's -errno (logged). */
int dm_devices_init(struct dm_devices *d, const char *vm_name, console_sink sink, void *sink_ctx);

/* Open the backends of a's --virtio-* devices and put the devices on the PCI bus. 0, or -1 (logged). */
int dm_devices_add_virtio(struct dm_devices *d, const struct dm_args *a, struct gmem mem, struct irq_sink irq);

/* One line per virtio device with its counters (at the end). */
void dm_devices_report(const struct dm_devices *d, const char *vm_name);

#endif

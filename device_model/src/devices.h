/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * A VM's devices and its I/O bus. Each device registers its port or MMIO window here; the next ones (a
 * virtual PCI bus, virtio) join the same table.
 */
#ifndef DM_DEVICES_H
#define DM_DEVICES_H

#include "console.h"
#include "debug_exit.h"
#include "io_bus.h"
#include "uart16550.h"

#define COM1_PORT 0x3f8u

struct dm_devices {
	struct io_bus bus;
	struct console console; /* COM1's output, "[NAME] " lines */
	struct uart16550 com1;
	struct exit_request exit; /* set by the debug-exit port */
};

/* 0, or the bus's -errno (logged). */
int dm_devices_init(struct dm_devices *d, const char *vm_name, console_sink sink, void *sink_ctx);

#endif

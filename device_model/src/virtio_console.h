/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * virtio-console (virtio 1.1, 5.3), one port, no multiport: what the guest writes on port 0's transmit
 * queue goes to hvkit-dm's console as "[NAME] " lines, as the 16550's output does. The receive queue is
 * offered (Linux's hvc driver needs it) but nothing is fed into it.
 */
#ifndef DM_VIRTIO_CONSOLE_H
#define DM_VIRTIO_CONSOLE_H

#include "console.h"
#include "virtio_pci.h"

#define VIRTIO_ID_CONSOLE 3u

struct virtio_console {
	struct virtio_dev v;
	struct console *out;
	uint64_t bytes;
};

void virtio_console_init(struct virtio_console *c, const char *vm_name, struct console *out, struct gmem mem,
			 struct irq_sink irq);

#endif

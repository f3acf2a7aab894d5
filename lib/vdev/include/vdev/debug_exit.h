/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * A debug-exit device in the manner of QEMU's isa-debug-exit: a write of value N,
 * of any size, to its ports ends the VM with status N (through the exit callback;
 * the core stops the VM). Reads give 0. It claims 4 ports so that an outl lands whole.
 */
#ifndef VDEV_DEBUG_EXIT_H
#define VDEV_DEBUG_EXIT_H

#include <stdint.h>

#include <vdev/vdev.h>

#define VDEBUG_EXIT_PORTS 4u

struct vdebug_exit {
	void *ctx;
	void (*exit)(void *ctx, uint32_t status);
};

int vdebug_exit_register(struct vdebug_exit *d, struct vdev_table *t, uint16_t port);

int vdebug_exit_write(void *dev, uint16_t port, unsigned int size, uint32_t val);

#endif

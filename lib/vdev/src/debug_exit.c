/* SPDX-License-Identifier: BSD-3-Clause */
/* The debug-exit device. */
#include <hvkit/platform.h>
#include <vdev/debug_exit.h>

static int vdebug_exit_read(void *dev, uint16_t port, unsigned int size, uint32_t *val)
{
	(void)dev, (void)port, (void)size;
	*val = 0;
	return 0;
}

int vdebug_exit_write(void *dev, uint16_t port, unsigned int size, uint32_t val)
{
	struct vdebug_exit *d = dev;
	(void)port, (void)size;
	if (d->exit)
		d->exit(d->ctx, val);
	return 0;
}

int vdebug_exit_register(struct vdebug_exit *d, struct vdev_table *t, uint16_t port)
{
	const struct vdev_io_range r = { .base = port, .len = VDEBUG_EXIT_PORTS, .byte_access = false,
					 .name = "debug-exit", .dev = d, .read = vdebug_exit_read,
					 .write = vdebug_exit_write };
	return vdev_register(t, &r);
}

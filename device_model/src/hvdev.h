/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * The few operations hvkit-dm needs of /dev/hvkit (include/hvkit/abi/hvkit_ioctl.h), behind one table so
 * that the unit tests run the whole device model against a scripted fake. Every operation returns 0 or a
 * negated errno value.
 */
#ifndef DM_HVDEV_H
#define DM_HVDEV_H

#include <stddef.h>

struct hvdev {
	/* ioctl(2) with one of the HVKIT_* requests; arg as the request defines it (NULL for _IO ones). */
	int (*ioctl)(struct hvdev *d, unsigned long request, void *arg);
	/* Map the VM's RAM: len bytes from guest-physical 0, shared and writable. */
	int (*map)(struct hvdev *d, size_t len, void **out);
	void (*unmap)(struct hvdev *d, void *p, size_t len);
	void (*close)(struct hvdev *d);
};

/* /dev/hvkit itself. */
struct hvdev_linux {
	struct hvdev dev;
	int fd;
};

/* Open path (HVKIT_DEVICE) read-write, close-on-exec. 0 or -errno. */
int hvdev_linux_open(struct hvdev_linux *l, const char *path);

/* "HVKIT_VM_CREATE" etc., for messages. */
const char *hvdev_request_name(unsigned long request);

#endif

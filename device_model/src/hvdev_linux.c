/* SPDX-License-Identifier: BSD-3-Clause */
#include "hvdev.h"

#include <errno.h>
#include <fcntl.h>
#include <sys/ioctl.h>
#include <sys/mman.h>
#include <unistd.h>

#include <hvkit/abi/hvkit_ioctl.h>

static int l_ioctl(struct hvdev *d, unsigned long request, void *arg)
{
	struct hvdev_linux *l = (struct hvdev_linux *)d;
	return ioctl(l->fd, request, arg) == 0 ? 0 : -errno;
}

static int l_map(struct hvdev *d, size_t len, void **out)
{
	struct hvdev_linux *l = (struct hvdev_linux *)d;
	void *p = mmap(NULL, len, PROT_READ | PROT_WRITE, MAP_SHARED, l->fd, 0);
	if (p == MAP_FAILED)
		return -errno;
	*out = p;
	return 0;
}

static void l_unmap(struct hvdev *d, void *p, size_t len)
{
	(void)d;
	munmap(p, len);
}

static void l_close(struct hvdev *d)
{
	struct hvdev_linux *l = (struct hvdev_linux *)d;
	if (l->fd >= 0)
		close(l->fd);
	l->fd = -1;
}

int hvdev_linux_open(struct hvdev_linux *l, const char *path)
{
	l->dev = (struct hvdev){ l_ioctl, l_map, l_unmap, l_close };
	l->fd = open(path, O_RDWR | O_CLOEXEC);
	return l->fd >= 0 ? 0 : -errno;
}

const char *hvdev_request_name(unsigned long request)
{
	static const struct {
		unsigned long request;
		const char *name;
	} names[] = {
		{ HVKIT_HV_INFO, "HVKIT_HV_INFO" },
		{ HVKIT_VM_CREATE, "HVKIT_VM_CREATE" },
		{ HVKIT_VM_START, "HVKIT_VM_START" },
		{ HVKIT_VM_PAUSE, "HVKIT_VM_PAUSE" },
		{ HVKIT_VM_RESET, "HVKIT_VM_RESET" },
		{ HVKIT_VM_DESTROY, "HVKIT_VM_DESTROY" },
		{ HVKIT_VCPU_SET_STATE, "HVKIT_VCPU_SET_STATE" },
		{ HVKIT_VM_STATUS, "HVKIT_VM_STATUS" },
		{ HVKIT_IOREQ_WAIT, "HVKIT_IOREQ_WAIT" },
		{ HVKIT_IOREQ_DONE, "HVKIT_IOREQ_DONE" },
		{ HVKIT_INJECT_IRQ, "HVKIT_INJECT_IRQ" },
		{ HVKIT_INJECT_MSI, "HVKIT_INJECT_MSI" },
	};
	for (size_t i = 0; i < sizeof(names) / sizeof(names[0]); i++)
		if (names[i].request == request)
			return names[i].name;
	return "an unknown ioctl";
}

/* SPDX-License-Identifier: BSD-3-Clause */
/* hvkit-dm: the device model of hvkit's post-launched VMs (device_model/README.md). */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <hvkit/abi/hvkit_ioctl.h>

#include "args.h"
#include "dm.h"
#include "hvdev.h"
#include "load.h"
#include "log.h"
#include "signals.h"

/* The kernel and the initrd (if any) into memory; false after the message. */
static bool load_files(const struct dm_args *a, struct dm_kernel *k, void **data, void **initrd)
{
	int rc = read_file(a->kernel, data, &k->size);
	if (rc) {
		dm_log("%s: cannot read the kernel %s: %s", a->name, a->kernel, strerror(-rc));
		return false;
	}
	k->data = *data;
	k->initrd = NULL;
	k->initrd_size = 0;
	*initrd = NULL;
	if (!a->initrd)
		return true;
	rc = read_file(a->initrd, initrd, &k->initrd_size);
	if (rc) {
		dm_log("%s: cannot read the initrd %s: %s", a->name, a->initrd, strerror(-rc));
		free(*data);
		return false;
	}
	k->initrd = *initrd;
	return true;
}

/* Signal handlers and /dev/hvkit; false after the message. */
static bool open_hypervisor(const struct dm_args *a, struct hvdev_linux *dev)
{
	int rc = dm_signals_install();
	if (rc) {
		dm_log("%s: installing the signal handlers failed: %s", a->name, strerror(-rc));
		return false;
	}
	rc = hvdev_linux_open(dev, HVKIT_DEVICE);
	if (rc) {
		dm_log("%s: cannot open %s: %s%s", a->name, HVKIT_DEVICE, strerror(-rc),
		       rc == -ENOENT || rc == -ENODEV ? " (is hvkit.ko loaded?)" : "");
		return false;
	}
	return true;
}

int main(int argc, char **argv)
{
	struct dm_args a;
	char err[256];

	if (dm_args_parse(argc, argv, &a, err, sizeof(err))) {
		dm_log("%s (hvkit-dm --help)", err);
		return DM_EXIT_FAILURE;
	}
	if (a.help) {
		fputs(dm_usage, stdout);
		return 0;
	}
	struct dm_kernel k;
	void *data, *initrd;
	if (!load_files(&a, &k, &data, &initrd))
		return DM_EXIT_FAILURE;
	struct hvdev_linux dev;
	if (!open_hypervisor(&a, &dev))
		return DM_EXIT_FAILURE;
	int out = STDOUT_FILENO;
	int status = dm_run(&a, &dev.dev, k, console_fd_sink, &out, &dm_signal);
	free(initrd);
	free(data);
	return status;
}
